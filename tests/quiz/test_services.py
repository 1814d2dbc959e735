"""Quiz services against a database: choosing items, storing answers once, scoring."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Attempt, CardState, Item, Response, User
from quizapp.quiz import services
from tests import factories
from tests.quiz.conftest import answer_data


def _start(user: User, **overrides: Any) -> Attempt:
    settings: dict[str, Any] = {
        "topic_ids": [],
        "kinds": [],
        "length": 8,
        "origin": "both",
        "mode": "practice",
        "seed": 11,
    }
    settings.update(overrides)
    return services.start_attempt(user, **settings)


def test_quizzes_never_ask_flashcards_cloze_cards_or_retired_items(app, bank):
    user = factories.make_user()
    attempt = _start(user, length=50)
    assert sorted(attempt.item_ids) == sorted(item.id for item in bank["items"])
    assert not set(attempt.item_ids) & {item.id for item in bank["excluded"]}
    assert attempt.settings["requested"] == 50  # fewer matched than asked for; the route says so


def test_filters_by_topic_kind_and_origin(app, bank):
    user = factories.make_user()
    _labour, trafficking = bank["topics"]
    attempt = _start(user, topic_ids=[trafficking.id], length=5)
    assert {db.session.get(Item, i).topic_id for i in attempt.item_ids} == {trafficking.id}
    attempt = _start(user, kinds=["true_false", "matching"])
    assert sorted(db.session.get(Item, i).kind for i in attempt.item_ids) == [
        "matching",
        "true_false",
        "true_false",
    ]
    attempt = _start(user, origin="background")
    assert {db.session.get(Item, i).origin for i in attempt.item_ids} == {"background"}


def test_same_seed_gives_the_same_quiz_and_present_gives_the_same_options(app, bank):
    user = factories.make_user()
    first, second = _start(user, seed=99), _start(user, seed=99)
    assert first.item_ids == second.item_ids
    for item_id in first.item_ids:
        item = db.session.get(Item, item_id)
        assert services.present_item(first, item) == services.present_item(second, item)


def test_no_match_and_bad_settings_are_refused_with_a_message(app, bank):
    user = factories.make_user()
    with pytest.raises(services.NoMatchingItems, match="No questions match"):
        _start(user, kinds=["gap_fill"], origin="background")
    for bad in (
        {"length": 4},
        {"length": 51},
        {"mode": "exam"},
        {"origin": "internet"},
        {"kinds": ["flashcard"]},
        {"kinds": ["cloze"]},
    ):
        with pytest.raises(services.QuizError):
            _start(user, **bad)


def test_topic_counts_count_only_live_quiz_items(app, bank):
    counts = {topic.slug: n for topic, n in services.topic_counts()}
    assert counts == {"labour-rights": 4, "trafficking": 4}


def test_integrity_error_from_a_concurrent_identical_answer_is_treated_as_already_answered(
    app, bank
):
    """The race: our check saw no answer, then another request stored one before our insert."""
    user = factories.make_user()
    attempt = _start(user)
    db.session.commit()
    question = services.load_question(
        user.id, attempt.id, 1
    )  # loaded before the other request answers
    data = answer_data(attempt, question.item, "right")
    raw = (
        data["answer"]
        if "answer" in data
        else {left: data[f"match_{i}"] for i, left in enumerate(question.presented.lefts)}
    )
    answer, grade = services.grade(question.item.kind, question.item.body, raw)
    db.session.add(
        Response(
            attempt_id=attempt.id,
            item_id=question.item.id,
            position=1,
            answer=answer,
            score=grade.score,
            correct=grade.correct,
        )
    )
    db.session.commit()
    assert question.response is None  # the stale view
    result = services.record_answer(question, raw, token=None)
    assert result.outcome is services.Outcome.REPEATED
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1


def test_last_answer_finishes_the_attempt_with_partial_credit_summed(app, bank):
    user = factories.make_user()
    attempt = _start(
        user, kinds=["multiple_response", "matching", "single_choice", "true_false"], length=5
    )
    db.session.commit()
    plan = {
        "multiple_response": "partial",
        "matching": "partial",
        "single_choice": "right",
        "true_false": "wrong",
    }
    expected = 0.0
    for position in range(1, len(attempt.item_ids) + 1):
        question = services.load_question(user.id, attempt.id, position)
        how = plan[question.item.kind]
        data = answer_data(attempt, question.item, how)
        raw = data.get("answer") or {
            left: data[f"match_{i}"] for i, left in enumerate(question.presented.lefts)
        }
        assert services.record_answer(question, raw, token=None).outcome is services.Outcome.SAVED
        expected += {
            "right": 1.0,
            "wrong": 0.0,
            "partial": 0.5 if question.item.kind == "multiple_response" else 1 / 3,
        }[how]
        assert (attempt.finished_at is not None) == (position == len(attempt.item_ids))
    db.session.commit()
    assert attempt.score == pytest.approx(expected, abs=1e-5)
    assert attempt.max_score == len(attempt.item_ids)


def test_practise_missed_refuses_unfinished_and_other_learners_attempts(app, bank):
    user, other = factories.make_user(), factories.make_user("other@example.org")
    attempt = _start(user)
    db.session.commit()
    with pytest.raises(services.QuizError):
        services.practise_missed(user.id, attempt.id)
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        services.practise_missed(other.id, attempt.id)
    assert db.session.scalar(sa.select(sa.func.count(CardState.id))) == 0
