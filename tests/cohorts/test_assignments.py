"""Assignments: setting them, learners' view, trainers' results and completion counts, starting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from quizapp.cohorts import assignments
from quizapp.extensions import db
from quizapp.models import Assignment, CardState
from quizapp.models.base import utcnow
from tests import factories
from tests.cohorts.conftest import count_queries


def _retain(user, *items, days: int = 5) -> None:
    now = utcnow()
    for item in items:
        db.session.add(
            CardState(
                user_id=user.id,
                item_id=item.id,
                state=2,
                stability=days,
                last_review=now,
                due=now + timedelta(days=days),
                retained_until=now + timedelta(days=days),
                reps=1,
            )
        )


def test_trainer_assigns_a_quiz(client, auth, world):
    t1, t2 = factories.make_topic(title="Smuggling"), factories.make_topic(title="Detention")
    db.session.commit()
    auth.login("trainer@example.org")
    page = client.get(f"/cohorts/{world.cohort.id}/assignments/new-quiz").get_data(as_text=True)
    assert "Smuggling" in page and "Fill the gap" in page
    due = (datetime.now(UTC).date() + timedelta(days=7)).isoformat()
    response = client.post(
        f"/cohorts/{world.cohort.id}/assignments/new-quiz",
        data={
            "topics": [t1.id, t2.id],
            "kinds": ["single_choice", "true_false"],
            "length": "12",
            "mode": "test",
            "origin": "document",
            "due_on": due,
            "title": "",
        },
    )
    assert response.status_code == 302
    task = db.session.scalar(sa.select(Assignment))
    assert task.kind == "quiz" and task.title == "Quiz: Smuggling, Detention"
    assert task.settings == {
        "topic_ids": [t1.id, t2.id],
        "kinds": ["single_choice", "true_false"],
        "length": 12,
        "mode": "test",
        "origin": "document",
    }
    assert task.due_at.date().isoformat() == due and task.due_at.tzinfo is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kinds": ["single_choice"], "length": "10", "mode": "practice", "origin": "both"},
            "Choose at least one topic.",
        ),
        (
            {
                "topics": ["TOPIC"],
                "kinds": ["single_choice"],
                "length": "3",
                "mode": "practice",
                "origin": "both",
            },
            "Number must be between 5 and 50.",
        ),
        (
            {
                "topics": ["TOPIC"],
                "kinds": [],
                "length": "10",
                "mode": "practice",
                "origin": "both",
            },
            "Choose at least one question type.",
        ),
        (
            {
                "topics": ["TOPIC"],
                "kinds": ["single_choice"],
                "length": "10",
                "mode": "practice",
                "origin": "both",
                "due_on": "2001-01-01",
            },
            "Choose today or a later date.",
        ),
        (
            {
                "topics": ["999"],
                "kinds": ["single_choice"],
                "length": "10",
                "mode": "practice",
                "origin": "both",
            },
            "is not a valid choice for this field.",
        ),
        (
            {
                "topics": ["TOPIC"],
                "kinds": ["essay"],
                "length": "10",
                "mode": "practice",
                "origin": "both",
            },
            "is not a valid choice for this field.",
        ),
    ],
)
def test_quiz_assignment_form_rejects_bad_input(client, auth, world, data, message):
    topic = factories.make_topic()
    db.session.commit()
    if data.get("topics") == ["TOPIC"]:
        data = {**data, "topics": [str(topic.id)]}
    auth.login("trainer@example.org")
    response = client.post(f"/cohorts/{world.cohort.id}/assignments/new-quiz", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0


def test_trainer_sets_a_flashcard_goal(client, auth, world):
    topic = factories.make_topic(title="Trafficking")
    db.session.commit()
    auth.login("trainer@example.org")
    assert client.get(f"/cohorts/{world.cohort.id}/assignments/new-goal").status_code == 200
    response = client.post(
        f"/cohorts/{world.cohort.id}/assignments/new-goal", data={"topics": [topic.id]}
    )
    assert response.status_code == 302
    task = db.session.scalar(sa.select(Assignment))
    assert task.kind == "flashcards" and task.title == "Master: Trafficking"
    assert task.settings == {"topic_ids": [topic.id], "threshold": 0.8} and task.due_at is None


def test_quiz_completion_best_score_and_counts(client, auth, world):
    topic = factories.make_topic()
    task = factories.make_assignment(world.cohort, topics=(topic,), title="Quiz A")
    factories.make_attempt(world.learner, assignment=task, score=3, max_score=5)
    factories.make_attempt(world.learner, assignment=task, score=4, max_score=5)
    factories.make_attempt(world.learner2, assignment=task, finished=False)
    factories.make_attempt(
        world.outsider, assignment=task, score=5, max_score=5
    )  # not in the cohort
    factories.make_attempt(world.learner2, score=5, max_score=5)  # not for this assignment
    db.session.commit()
    assert assignments.completion_counts(world.cohort.id, [task]) == {task.id: 1}
    rows = {row.email: row.status for row in assignments.results(task)}
    assert rows["learner@example.org"].complete and rows[
        "learner@example.org"
    ].best == pytest.approx(0.8)
    assert rows["learner@example.org"].finished == 2
    assert (
        not rows["learner2@example.org"].complete and rows["learner2@example.org"].open_attempt_id
    )
    assert "outsider@example.org" not in rows
    auth.login("trainer@example.org")
    page = client.get(f"/assignments/{task.id}").get_data(as_text=True)
    assert "1 of 2" in page and "80%" in page and "In progress" in page
    assert "1 of 2" in client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    auth.logout()
    auth.login("learner@example.org")
    page = client.get(f"/assignments/{task.id}").get_data(as_text=True)
    assert "Best score: 80%" in page and "Try again" in page and "Leo" not in page


def test_flashcard_goal_completion_uses_mastery(client, auth, world):
    topic = factories.make_topic(title="Trafficking")
    cards = [factories.make_item("flashcard", topic=topic) for _ in range(5)]
    task = factories.make_assignment(world.cohort, kind="flashcards", topics=(topic,), title="Goal")
    _retain(world.learner, *cards[:4])  # 4/5 = 0.8: met
    _retain(world.learner2, *cards[:3])  # 3/5 = 0.6: not met
    _retain(world.outsider, *cards)  # not in the cohort
    db.session.commit()
    assert assignments.completion_counts(world.cohort.id, [task]) == {task.id: 1}
    rows = {row.email: row.status for row in assignments.results(task)}
    assert rows["learner@example.org"].complete and rows["learner@example.org"].mastery == {
        topic.id: 0.8
    }
    assert not rows["learner2@example.org"].complete
    # Mastery fades: once retention lapses the goal is no longer met.
    later = utcnow() + timedelta(days=30)
    assert assignments.completion_counts(world.cohort.id, [task], now=later) == {task.id: 0}
    auth.login("learner@example.org")
    page = client.get(f"/assignments/{task.id}").get_data(as_text=True)
    assert "Goal met." in page and "80%" in page


def test_completion_counts_do_not_grow_with_the_roster(app, world):
    topic = factories.make_topic()
    quiz = factories.make_assignment(world.cohort, topics=(topic,))
    goal = factories.make_assignment(world.cohort, kind="flashcards", topics=(topic,))
    db.session.commit()
    db.session.refresh(quiz), db.session.refresh(goal), db.session.refresh(world.cohort)
    with count_queries() as few:
        assignments.completion_counts(world.cohort.id, [quiz, goal])
        assignments.results(goal)
    for n in range(15):
        learner = factories.make_user(f"extra{n}@example.org")
        factories.make_attempt(learner, assignment=quiz, score=1, max_score=1)
        db.session.add(factories.Membership(cohort_id=world.cohort.id, user_id=learner.id))
    db.session.commit()
    db.session.refresh(quiz), db.session.refresh(goal), db.session.refresh(world.cohort)
    with count_queries() as many:
        counts = assignments.completion_counts(world.cohort.id, [quiz, goal])
        assignments.results(goal)
    selects = [s for s in many if s.startswith("SELECT")]
    assert len(many) == len(few) and len(selects) == 4, selects  # counts: 2 queries; results: 2
    assert counts[quiz.id] == 15


def test_start_flashcard_goal_queues_unretained_cards(client, auth, world):
    topic = factories.make_topic()
    cards = [factories.make_item("flashcard", topic=topic) for _ in range(3)]
    factories.make_item("single_choice", topic=topic)
    task = factories.make_assignment(world.cohort, kind="flashcards", topics=(topic,))
    _retain(world.learner, cards[0])
    db.session.commit()
    auth.login("learner@example.org")
    response = client.post(f"/assignments/{task.id}/start")
    assert response.status_code == 302 and response.headers["Location"].endswith("/study")
    states = db.session.scalars(
        sa.select(CardState).where(CardState.user_id == world.learner.id)
    ).all()
    assert {s.item_id for s in states} == {c.id for c in cards}


def test_trainer_cannot_start_and_can_withdraw(client, auth, world):
    topic = factories.make_topic()
    task = factories.make_assignment(world.cohort, topics=(topic,))
    attempt = factories.make_attempt(world.learner, assignment=task, score=1, max_score=1)
    db.session.commit()
    auth.login("trainer@example.org")
    assert (
        client.post(f"/assignments/{task.id}/start")
        .headers["Location"]
        .endswith(f"/assignments/{task.id}")
    )
    assert client.post(f"/assignments/{task.id}/delete").status_code == 302
    assert db.session.get(Assignment, task.id) is None
    db.session.refresh(attempt)
    assert attempt.assignment_id is None  # the learner's attempt is kept


def test_learner_cannot_withdraw(client, auth, world):
    topic = factories.make_topic()
    task = factories.make_assignment(world.cohort, topics=(topic,))
    db.session.commit()
    auth.login("learner@example.org")
    assert client.post(f"/assignments/{task.id}/delete").status_code == 403
    assert db.session.get(Assignment, task.id) is not None


def test_start_quiz_with_no_matching_items_explains(client, auth, world):
    topic = factories.make_topic()
    task = factories.make_assignment(world.cohort, topics=(topic,))
    db.session.commit()
    auth.login("learner@example.org")
    response = client.post(f"/assignments/{task.id}/start", follow_redirects=True)
    assert "This quiz cannot start" in response.get_data(as_text=True)


def test_start_quiz_calls_the_quiz_service(client, auth, world):
    topic = factories.make_topic()
    items = [factories.make_item("single_choice", topic=topic) for _ in range(6)]
    task = factories.make_assignment(world.cohort, topics=(topic,), length=5)
    db.session.commit()
    auth.login("learner@example.org")
    response = client.post(f"/assignments/{task.id}/start")
    assert response.status_code == 302 and "/quiz/" in response.headers["Location"]
    from quizapp.models import Attempt

    attempt = db.session.scalar(sa.select(Attempt).where(Attempt.user_id == world.learner.id))
    assert attempt.assignment_id == task.id and set(attempt.item_ids) <= {i.id for i in items}
    # Pressing Start again continues the same attempt instead of opening another.
    again = client.post(f"/assignments/{task.id}/start")
    assert again.headers["Location"] == response.headers["Location"]
    assert "Continue" in client.get(f"/assignments/{task.id}").get_data(as_text=True)
