"""The running totals the progress pages read equal a full recomputation from the logs, after a
random mix of reviews, quiz answers (with resent forms), live answers and case studies."""

from __future__ import annotations

import contextlib
import random
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from quizapp.core import tallies
from quizapp.enums import LivePhase
from quizapp.extensions import db
from quizapp.items.kinds import flashcard_kinds
from quizapp.live import play
from quizapp.models import Attempt, CardState, Item, LearnerItemDay, LiveSession, Response, User
from quizapp.models.base import utcnow
from quizapp.progress import mastery
from quizapp.quiz import services as quiz
from quizapp.study import services as study
from tests import factories
from tests.quiz.conftest import answer_data

PARTIAL = ("multiple_response", "matching")  # kinds that give partial credit


def _stored() -> dict[tuple, tuple]:
    """The running totals as stored, keyed like :func:`tallies.recomputed_rows`."""
    return {
        (row.user_id, row.day, row.item_id): (
            row.reviews,
            row.answers,
            row.score,
            row.quiz_answers,
            row.quiz_score,
            row.quiz_wrong,
        )
        for row in db.session.scalars(sa.select(LearnerItemDay))
    }


def _assert_same(stored: dict[tuple, tuple], recomputed: dict[tuple, tuple]) -> None:
    assert stored.keys() == recomputed.keys()
    for key, values in stored.items():
        assert values == pytest.approx(recomputed[key], abs=1e-9), key


def _review(rng: random.Random, user: User, cards: list[Item], now: Any) -> None:
    card = rng.choice(cards)
    state = db.session.scalar(
        sa.select(CardState).where(CardState.user_id == user.id, CardState.item_id == card.id)
    )
    seq = state.reps if state else 0
    rating = rng.randint(1, 4)
    assert study.record_review(user, card.id, seq=seq, rating=rating, duration_ms=900, now=now)
    # The same showing rated again (a resent form) is refused and never counted.
    again = study.record_review(user, card.id, seq=seq, rating=rating, duration_ms=900, now=now)
    assert not again.recorded


def _answer(rng: random.Random, user: User, attempts: dict[int, Attempt]) -> None:
    attempt = attempts.get(user.id)
    if attempt is None or attempt.finished_at is not None:
        attempt = quiz.start_attempt(
            user, topic_ids=[], kinds=[], length=5, origin="both", mode="practice", seed=7
        )
        attempts[user.id] = attempt
    position = quiz.resume_position(attempt)
    assert position is not None
    question = quiz.load_question(user.id, attempt.id, position)
    ways = ["right", "wrong"] + (["partial"] if question.item.kind in PARTIAL else [])
    data = answer_data(attempt, question.item, rng.choice(ways))
    raw = data.get("answer") or {
        left: data[f"match_{i}"] for i, left in enumerate(question.presented.lefts)
    }
    assert quiz.record_answer(question, raw, token=None).outcome is quiz.Outcome.SAVED
    resent = quiz.load_question(user.id, attempt.id, position)
    assert quiz.record_answer(resent, raw, token=None).outcome is not quiz.Outcome.SAVED


def _live_round(rng: random.Random, session: LiveSession, people: list[User], now: Any) -> None:
    """Open the next question and let everyone (and a guest) answer it, some twice."""
    session.phase, session.question_index = LivePhase.QUESTION, session.question_index + 1
    db.session.flush()
    item = db.session.get_one(Item, session.item_ids[session.question_index])
    options = item.body["options"]
    for participant in [play.join(session, user=u, nickname=None) for u in people] + [
        play.join(session, user=None, nickname=f"Guest {session.question_index}")
    ]:
        for _ in range(rng.randint(1, 2)):
            with contextlib.suppress(play.LiveError):  # a second answer is refused
                play.submit_answer(
                    session,
                    participant,
                    question_index=session.question_index,
                    raw=[rng.choice(options)],
                    now=now,
                )


def test_running_totals_equal_a_full_recomputation(app):
    rng = random.Random(2026)
    bank = factories.make_quiz_bank()
    people = [factories.make_user(), factories.make_user("other@example.org")]
    trainer = factories.make_user("trainer@example.org", role="trainer")
    cards = [
        factories.make_item("flashcard", topic=bank["topics"][i % 2], prompt=f"Card {i}?")
        for i in range(4)
    ]
    assert all(card.kind in flashcard_kinds() for card in cards)
    choice_items = [item for item in bank["items"] if item.kind == "single_choice"]
    session = LiveSession(
        course_id=factories.default_course().id,
        pin="654321",
        trainer_id=trainer.id,
        item_ids=[choice_items[i % len(choice_items)].id for i in range(6)],
        allow_guests=True,
    )
    db.session.add(session)
    db.session.commit()
    attempts: dict[int, Attempt] = {}
    moment = utcnow() - timedelta(days=40)
    for _ in range(60):
        moment += timedelta(hours=rng.uniform(1, 20))  # crosses many UTC days
        user = rng.choice(people)
        action = rng.random()
        if action < 0.45:
            _review(rng, user, cards, min(moment, utcnow()))
        elif action < 0.9:
            _answer(rng, user, attempts)
        elif session.question_index < len(session.item_ids) - 1:
            _live_round(rng, session, people, min(moment, utcnow()))
        db.session.commit()

    stored = _stored()
    recomputed = tallies.recomputed_rows()
    assert {key[0] for key in stored} == {person.id for person in people}  # guests never count
    totals = [sum(values[i] for values in stored.values()) for i in range(6)]
    assert totals[0] > 10 and totals[3] > 10 and totals[1] > totals[3]  # reviews, quiz, live
    _assert_same(stored, recomputed)

    # The pages' figures come from these totals: a rebuild from the logs changes nothing.
    now = utcnow()
    topic_ids = [topic.id for topic in bank["topics"]]
    before = mastery.mastery_matrix([p.id for p in people], topic_ids, now)
    tallies.rebuild()
    _assert_same(_stored(), recomputed)
    assert mastery.mastery_matrix([p.id for p in people], topic_ids, now) == before

    # The check can fail: a log row written behind the totals' back is noticed.
    attempt = quiz.start_attempt(
        people[0], topic_ids=[], kinds=[], length=5, origin="both", mode="practice", seed=8
    )
    db.session.add(
        Response(
            attempt_id=attempt.id,
            item_id=attempt.item_ids[0],
            position=1,
            answer=None,
            score=1.0,
            correct=True,
        )
    )
    db.session.flush()
    assert _stored() != tallies.recomputed_rows()


def test_a_finished_case_is_counted_once_with_its_score(app, client, auth):
    from tests.cases.conftest import make_case

    case = make_case("Toy case", topic=factories.make_topic())
    factories.make_user()
    db.session.commit()
    auth.login()
    run_id = int(client.post(f"/cases/{case.id}").headers["Location"].rsplit("/", 1)[-1])
    for step, option in (("a", "wrong a"), ("b", "right b"), ("c", "wrong c"), ("d", "right d")):
        client.post(f"/cases/runs/{run_id}", data={"step": step, "option": option})
    stored = _stored()
    assert [values[:3] for values in stored.values()] == [(0, 1, 0.5)]
    _assert_same(stored, tallies.recomputed_rows())
