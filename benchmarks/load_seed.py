"""The data and the prepared requests of benchmarks/load.py (run in its process, on its database).

Learners come from ``seed_demo`` (a month of quiz answers and flashcard reviews each), get a known
password and sign in through the real login form, so every request carries a real session cookie
and CSRF token. Write requests are prepared so that each one stores something new: answers walk
fresh attempts question by question (question 1 of every attempt, then question 2...), ratings
walk every learner's unseen flashcards (first ratings, then second ratings...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from quizapp.core.database import write_intent
from quizapp.enums import ItemStatus, LivePhase, OriginFilter, QuizMode
from quizapp.extensions import db
from quizapp.items.kinds import flashcard_kinds
from quizapp.live import play
from quizapp.live import services as live_services
from quizapp.live.rules import Step
from quizapp.models import Attempt, CardState, Item, User
from quizapp.quiz import services as quiz_services
from quizapp.reports.demo import seed_demo

PASSWORD = "benchmark-password-1234"
ANSWER_KINDS = ("single_choice", "true_false")
ATTEMPT_LENGTH = 10
#: Flask-Login's "strong" session protection ties a session to the browser: every request of
#: the benchmark says it comes from the browser that signed in.
USER_AGENT = "quizapp-load-benchmark"


@dataclass
class Req:
    """One HTTP request: sent by wrk (as raw HTTP) or in-process (to count statements)."""

    method: str
    path: str
    cookie: str
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    #: what it should store: ("answer", attempt_id, position) or ("rating", user, item, seq)
    key: tuple[object, ...] = ()

    def raw(self, host: str) -> str:
        """The request as bytes on the wire (HTTP/1.1, keep-alive)."""
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}", f"Cookie: {self.cookie}"]
        lines.append(f"User-Agent: {USER_AGENT}")
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(self.body.encode())}",
            ]
        return "\r\n".join(lines) + "\r\n\r\n" + self.body


@dataclass
class Learner:
    """A signed-in learner: cookie header value and a CSRF token valid for that session."""

    id: int
    cookie: str
    csrf: str


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    if found is None:
        raise SystemExit("no CSRF token on the page")
    return found.group(1)


def sign_in(app: Flask, email: str) -> tuple[str, str]:
    """Log in through the form; the ``session`` cookie and a CSRF token for it."""
    client: FlaskClient = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = _csrf(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        raise SystemExit(f"login failed for {email}: {response.status_code}")
    token = _csrf(client.get("/quiz").get_data(as_text=True))
    cookie = client.get_cookie("session")
    if cookie is None:
        raise SystemExit("no session cookie after login")
    return f"session={cookie.value}", token


def seed_learners(app: Flask, count: int) -> list[Learner]:
    """``count`` demo learners with history (the first one is "the" learner), signed in."""
    with app.app_context(), write_intent():
        seed_demo(
            learners=count,
            days=30,
            force=True,
            seed=13,
            responses_per_learner=200,
            reviews_per_learner=400,
            cohorts=1,
        )
        password_hash = generate_password_hash(PASSWORD)
        users = list(
            db.session.scalars(
                sa.select(User).where(User.is_demo, User.role == "learner").order_by(User.id)
            )
        )
        for user in users:
            user.password_hash = password_hash
        db.session.commit()
        emails = [(user.id, user.email) for user in users]
    learners = []
    for user_id, email in emails:
        cookie, csrf = sign_in(app, email)
        learners.append(Learner(user_id, cookie, csrf))
    return learners


def question_page(app: Flask, learner: Learner) -> Req:
    """GET the first question of a fresh 50-question practice quiz."""
    with app.app_context(), write_intent():
        user = db.session.get_one(User, learner.id)
        attempt = quiz_services.start_attempt(
            user,
            topic_ids=(),
            kinds=(),
            length=quiz_services.MAX_LENGTH,
            origin=OriginFilter.BOTH,
            mode=QuizMode.PRACTICE,
        )
        db.session.commit()
        return Req("GET", f"/quiz/{attempt.id}/q/1", learner.cookie)


def answer_posts(app: Flask, learners: list[Learner], wanted: int) -> list[Req]:
    """At least ``wanted`` first answers over fresh attempts, position-major."""
    attempts: list[tuple[Learner, Attempt, list[Item]]] = []
    per = -(-wanted // ATTEMPT_LENGTH)
    with app.app_context(), write_intent():
        for n in range(per):
            learner = learners[n % len(learners)]
            user = db.session.get_one(User, learner.id)
            attempt = quiz_services.start_attempt(
                user,
                topic_ids=(),
                kinds=ANSWER_KINDS,
                length=ATTEMPT_LENGTH,
                origin=OriginFilter.BOTH,
                mode=QuizMode.PRACTICE,
            )
            attempts.append((learner, attempt, []))
        db.session.commit()
        items = {
            item.id: item
            for item in db.session.scalars(
                sa.select(Item).where(
                    Item.kind.in_(ANSWER_KINDS), Item.status == ItemStatus.PUBLISHED
                )
            )
        }
        requests = []
        for position in range(1, ATTEMPT_LENGTH + 1):
            for learner, attempt, _ in attempts:
                if position > len(attempt.item_ids):
                    continue
                item = items[attempt.item_ids[position - 1]]
                shown = quiz_services.present_item(attempt, item)
                body = urlencode(
                    {"csrf_token": learner.csrf, "position": position, "answer": shown.options[0]}
                )
                requests.append(
                    Req(
                        "POST",
                        f"/quiz/{attempt.id}/q/{position}",
                        learner.cookie,
                        body,
                        key=("answer", attempt.id, position),
                    )
                )
    return requests


def rating_posts(app: Flask, learners: list[Learner], rounds: int) -> list[Req]:
    """Ratings of every learner's unseen flashcards: round 1 first ratings (seq 0), round 2 the
    second ratings (seq 1)..., each round learner-interleaved."""
    with app.app_context():
        cards = list(
            db.session.scalars(
                sa.select(Item.id).where(
                    Item.kind.in_(flashcard_kinds()), Item.status == ItemStatus.PUBLISHED
                )
            )
        )
        seen = set(db.session.execute(sa.select(CardState.user_id, CardState.item_id)).tuples())
    requests = []
    for seq in range(rounds):
        for item_id in cards:
            for learner in learners:
                if (learner.id, item_id) in seen:
                    continue
                body = urlencode(
                    {"csrf_token": learner.csrf, "item_id": item_id, "seq": seq, "rating": 3}
                )
                requests.append(
                    Req(
                        "POST",
                        "/study/review",
                        learner.cookie,
                        body,
                        key=("rating", learner.id, item_id, seq + 1),
                    )
                )
    return requests


def live_poll(app: Flask, trainer_email: str) -> tuple[Req, Req]:
    """A live session showing its first question and one guest phone: the poll without and with
    the phone's current ETag (200 and 304)."""
    with app.app_context(), write_intent():
        trainer = User(
            email=trainer_email,
            display_name="Bench trainer",
            password_hash=generate_password_hash(PASSWORD),
            role="trainer",
        )
        db.session.add(trainer)
        db.session.flush()
        choice = live_services.NewSession(
            title="Bench",
            cohort_id=None,
            topic_id=None,
            kinds=("single_choice", "true_false"),
            count=5,
            picked_item_ids=(),
            seconds_per_question=None,
            allow_guests=True,
            speed_bonus=True,
            show_leaderboard=True,
        )
        session = live_services.create_session(trainer, choice)
        db.session.flush()
        live_services.advance(session, Step(LivePhase.LOBBY, -1))
        participant = play.join(session, user=None, nickname="Phone")
        db.session.commit()
        pin, cookie = session.pin, f"{play.cookie_name(session.pin)}={participant.token}"
    path = f"/live/play/{pin}/state"
    response = app.test_client().get(path, headers={"Cookie": cookie})
    etag = response.headers.get("ETag", "")
    if response.status_code != 200 or not etag:
        raise SystemExit(f"live poll failed: {response.status_code}")
    return Req("GET", path, cookie), Req("GET", path, cookie, headers={"If-None-Match": etag})
