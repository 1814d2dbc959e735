"""Builders and client actions shared by the live-session tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quizapp.enums import LivePhase
from quizapp.extensions import db
from quizapp.models import Item, User
from quizapp.models.live import LiveAnswer, LiveParticipant, LiveSession
from tests import factories


@dataclass
class World:
    """Two trainers, two learners and three live-friendly items."""

    items: list[Item]


def build_world() -> World:
    """Users and items, committed."""
    factories.make_user("trainer@example.org", role="trainer", name="Tess Trainer")
    factories.make_user("other@example.org", role="trainer", name="Otto Other")
    factories.make_user("admin@example.org", role="admin", name="Ada Admin")
    factories.make_user("learner@example.org", name="Lena Learner")
    factories.make_user("learner2@example.org", name="Liam Learner")
    topic = factories.make_topic()
    passage = factories.make_passage(text="Migrants have human rights regardless of status.")
    items = [
        factories.make_item("single_choice", topic=topic, passage=passage, prompt="Pick Beta?"),
        factories.make_item("true_false", topic=topic, prompt="Is it true?"),
        factories.make_item("multiple_response", topic=topic, prompt="Pick Alpha and Gamma?"),
    ]
    factories.make_item("flashcard", topic=topic)  # never offered in a live session
    db.session.commit()
    return World(items=items)


def login(client: FlaskClient, email: str) -> None:
    """Sign ``client`` in."""
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def create_session(client: FlaskClient, item_ids: list[int], **options: object) -> LiveSession:
    """Create a session through the form; returns the row."""
    data: dict[str, object] = {
        "title": "Morning session",
        "count": 3,
        "seconds_per_question": 20,
        "item_ids": item_ids,
        "allow_guests": "y",
        "speed_bonus": "y",
        "show_leaderboard": "y",
        "kinds": ["single_choice", "true_false", "scenario", "multiple_response"],
    }
    data.update(options)
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post("/live/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    found = re.search(r"/live/(\d+)$", response.headers["Location"])
    assert found is not None, response.headers["Location"]
    db.session.expire_all()
    return db.session.get_one(LiveSession, int(found.group(1)))


def step(
    client: FlaskClient,
    session_id: int,
    phase: str,
    index: int,
    action: str = "next",
    **extra: object,
) -> TestResponse:
    """Press a trainer button that was rendered at (phase, index); ``extra`` adds form fields."""
    return client.post(
        f"/live/{session_id}/{action}", data={"phase": phase, "question_index": index, **extra}
    )


def current(session_id: int) -> LiveSession:
    """The session as the database has it now."""
    db.session.expire_all()
    return db.session.get_one(LiveSession, session_id)


def advance(client: FlaskClient, session_id: int) -> LiveSession:
    """Press "next" from the current step; returns the new state."""
    session = current(session_id)
    response = step(client, session_id, session.phase, session.question_index)
    assert response.status_code == 302
    return current(session_id)


def join_guest(client: FlaskClient, pin: str, nickname: str) -> TestResponse:
    """Join as a guest."""
    return client.post(f"/live/join/{pin}", data={"nickname": nickname})


def answer(client: FlaskClient, pin: str, index: int, value: object) -> TestResponse:
    """Post an answer to question ``index``."""
    return client.post(f"/live/play/{pin}/answer", data={"position": index, "answer": value})


def participant(nickname: str) -> LiveParticipant | None:
    """A participant by nickname (None if nobody took it)."""
    db.session.expire_all()
    return db.session.scalar(sa.select(LiveParticipant).where(LiveParticipant.nickname == nickname))


def answer_rows(session_id: int) -> int:
    """How many answers the session holds."""
    return db.session.execute(
        sa.select(sa.func.count(LiveAnswer.id)).where(LiveAnswer.session_id == session_id)
    ).scalar_one()


def make_live_session(
    trainer: User, *, pin: str = "123456", cohort_id: int | None = None, allow_guests: bool = True
) -> LiveSession:
    """A session in the lobby with ``pin`` and no questions, straight into the database."""
    session = LiveSession(
        course_id=factories.default_course().id,
        pin=pin,
        trainer_id=trainer.id,
        cohort_id=cohort_id,
        title="Lobby only",
        item_ids=[],
        allow_guests=allow_guests,
        phase=LivePhase.LOBBY,
        question_index=-1,
        revision=1,
        settings={},
    )
    db.session.add(session)
    db.session.commit()
    return session
