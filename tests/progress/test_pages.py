"""Dashboard and progress pages: the right numbers, only ever the learner's own."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from quizapp.core import tallies
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, CardState, Response
from quizapp.models.base import utcnow
from quizapp.study import services as study
from tests import factories


def _answer(user, item, score, when=None):
    attempt = Attempt(
        user_id=user.id,
        mode="practice",
        seed=1,
        item_ids=[item.id],
        finished_at=when or utcnow(),
        score=score,
        max_score=1.0,
    )
    db.session.add(attempt)
    db.session.flush()
    db.session.add(
        Response(
            attempt_id=attempt.id,
            item_id=item.id,
            position=0,
            answer=["x"],
            score=score,
            correct=score == 1.0,
            answered_at=when or utcnow(),
        )
    )
    db.session.flush()
    tallies.rebuild([user.id])  # rows inserted directly bypass the running totals


def _setup():
    me = factories.make_user()
    other = factories.make_user("other@example.org")
    topic = factories.make_topic(title="Smuggling and trafficking")
    cards = [factories.make_item("flashcard", topic=topic) for _ in range(2)]
    quiz = factories.make_item(
        "single_choice", topic=topic, prompt="Which protocol covers smuggling?"
    )
    return me, other, topic, cards, quiz


def test_dashboard_shows_due_cards_topics_results_and_assignments(client, auth):
    me, other, _topic, cards, quiz = _setup()
    trainer = factories.make_user("trainer@example.org", role="trainer")
    cohort = factories.make_cohort(trainer, "Border staff", learners=(me,))
    hidden_cohort = factories.make_cohort(trainer, "Other group", learners=(other,))
    db.session.add_all(
        [
            Assignment(
                cohort_id=cohort.id,
                title="Read area 3",
                kind="flashcards",
                created_by_id=trainer.id,
                due_at=utcnow() + timedelta(days=2),
            ),
            Assignment(
                cohort_id=hidden_cohort.id,
                title="Not for me",
                kind="quiz",
                created_by_id=trainer.id,
            ),
        ]
    )
    study.make_due_now(me.id, [cards[0].id])
    _answer(me, quiz, 0.0)
    _answer(other, quiz, 1.0)
    db.session.commit()
    auth.login()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Continue studying" in page
    assert "<strong>1</strong> due now" in page
    assert "Smuggling and trafficking" in page and "Read area 3" in page and "Border staff" in page
    assert "Not for me" not in page
    assert "0 / 1 (0%)" in page and "1 / 1" not in page
    hidden = db.session.scalar(sa.select(Assignment).where(Assignment.title == "Not for me"))
    assert (
        f'href="/assignments/{hidden.id}"' not in page
    )  # another cohort's assignment is never linked


def test_progress_page_has_accessible_chart_mastery_streak_and_weak_items(client, auth):
    me, other, _topic, cards, quiz = _setup()
    study.record_review(me, cards[0].id, seq=0, rating=4, duration_ms=1000)
    _answer(me, quiz, 0.0)
    for _ in range(3):
        _answer(other, quiz, 1.0)
    db.session.commit()
    auth.login()
    page = client.get("/progress").get_data(as_text=True)
    assert (
        'role="img"' in page
        and '<title id="chart-title">' in page
        and '<desc id="chart-desc">' in page
    )
    assert (
        "1 flashcard review and 1 quiz answer" in page
    )  # the other learner's three answers are not counted
    assert "The chart&#39;s data as a table" in page or "The chart's data as a table" in page
    assert "<strong>1</strong> day in a row" in page
    assert "Which protocol covers smuggling?" in page and "Mean score 0%" in page
    assert "Mastery of a topic is the mean" in page
    # Retention 1 of 2 cards (Easy gives days of stability), accuracy 0%: mastery 25%.
    assert "1 of 2" in page and "25%" in page


def test_practise_missed_puts_wrong_answers_in_the_deck(client, auth):
    me, other, _topic, cards, quiz = _setup()
    _answer(me, quiz, 0.0)
    _answer(other, cards[1], 0.0)  # someone else's miss is not mine to practise
    db.session.commit()
    auth.login()
    assert "Practise the 1 question I missed" in client.get("/progress").get_data(as_text=True)
    response = client.post("/progress/practise-missed")
    assert response.status_code == 302 and response.headers["Location"].endswith("/study")
    states = db.session.execute(sa.select(CardState.user_id, CardState.item_id)).all()
    assert states == [(me.id, quiz.id)]
    assert "Which protocol covers smuggling?" in client.get("/study").get_data(as_text=True)


def test_pages_render_for_a_brand_new_learner(client, auth):
    factories.make_user()
    db.session.commit()
    auth.login()
    for path in ("/dashboard", "/progress", "/study", "/account"):
        assert client.get(path).status_code == 200, path


def test_dashboard_links_assignments(app, client, auth):
    me = factories.make_user()
    trainer = factories.make_user("trainer@example.org", role="trainer")
    cohort = factories.make_cohort(trainer, learners=(me,))
    assignment = Assignment(
        cohort_id=cohort.id, title="Quiz on area 2", kind="quiz", created_by_id=trainer.id
    )
    db.session.add(assignment)
    db.session.commit()
    auth.login()
    assert f'href="/assignments/{assignment.id}"' in client.get("/dashboard").get_data(as_text=True)


def test_dashboard_and_progress_make_the_same_queries_for_any_history(client, auth):
    """The pages read running totals: ten times the history costs no extra statement."""
    from tests.querycount import count_queries

    me, _other, _topic, cards, quiz = _setup()
    db.session.commit()
    auth.login()

    def page_queries(url: str) -> int:
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def add_history(days: int) -> None:
        for day in range(days):
            when = utcnow() - timedelta(days=day)
            factories.make_review(me, cards[day % 2], when=when)
            factories.make_scored_attempt(me, [(quiz, 0.5)], when=when)
        db.session.commit()

    add_history(1)
    dashboard, progress = page_queries("/dashboard"), page_queries("/progress")
    add_history(12)
    assert page_queries("/dashboard") == dashboard
    assert page_queries("/progress") == progress
    # Session, course access, deck counts, course cards, topics, one mastery SELECT, results,
    # assignments, activity; progress: totals by day, mastery, weak and lapsed items, missed.
    assert dashboard <= 22 and progress <= 10
