"""`quizapp demo seed`, and report pages whose query count does not grow with the cohort."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Attempt, CardState, Cohort, Membership, Response, ReviewLog, User
from quizapp.reports.demo import seed_demo
from quizapp.reports.item_analysis import item_analysis_for
from tests import factories
from tests.querycount import count_queries


def _bank() -> None:
    topic = factories.make_topic(title="Protection")
    for n in range(24):
        kind = ("single_choice", "multiple_response", "true_false", "flashcard")[n % 4]
        factories.make_item(
            kind, topic=topic, passage=factories.make_passage(), difficulty=(n % 10) / 10
        )
    db.session.commit()


def test_seed_refuses_empty_bank(runner):
    result = runner.invoke(args=["demo", "seed", "--learners", "3", "--days", "5"])
    assert result.exit_code == 1 and "quizapp content sync" in result.output


def test_seed_refuses_real_users_unless_forced(app, runner):
    _bank()
    factories.make_user("real@example.org")
    db.session.commit()
    refused = runner.invoke(args=["demo", "seed", "--learners", "3", "--days", "5"])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.is_demo)) == 0
    forced = runner.invoke(args=["demo", "seed", "--learners", "3", "--days", "5", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "Demo trainer: demo-trainer-" in forced.output


def test_seed_creates_demo_data_with_meaningful_statistics(app, runner):
    _bank()
    result = runner.invoke(args=["demo", "seed", "--learners", "60", "--days", "30", "--seed", "7"])
    assert result.exit_code == 0, result.output
    count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.is_demo.is_(False))) == 0
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == "learner")) == 60
    assert db.session.scalar(sa.select(sa.func.count(Cohort.id)).where(Cohort.is_demo)) == 2
    assert count(Membership) == 60 and count(Attempt) > 60 and count(Response) > 60 * 100
    assert count(ReviewLog) > 60 and count(CardState) > 60
    trainer = db.session.scalar(sa.select(User).where(User.role == "trainer"))
    analysis = item_analysis_for(trainer, None, None, False)
    discriminations = [
        r.stats.discrimination for r in analysis.items if r.stats.discrimination is not None
    ]
    # Answers depend on ability, so most items correlate positively with the rest of the test.
    assert sum(d > 0.1 for d in discriminations) > len(discriminations) * 0.6
    assert all(t.stats.alpha is not None for t in analysis.tests)


def _page_queries(client: FlaskClient, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("learners", [(10, 200)])
def test_query_count_does_not_grow_with_learners(app, client, auth, learners):
    _bank()
    viewer = factories.make_user("viewer@example.org", role="trainer")
    db.session.commit()
    counts: dict[str, list[int]] = {"cohort": [], "items": [], "items_live": [], "learners_csv": []}
    for n in learners:
        seed_demo(
            learners=n,
            days=20,
            force=True,
            seed=n,
            responses_per_learner=40,
            reviews_per_learner=20,
        )
        cohort_id = db.session.scalar(
            sa.select(Cohort.id).where(Cohort.is_demo).order_by(Cohort.id.desc())
        )
        db.session.add(Membership(cohort_id=cohort_id, user_id=viewer.id, role="trainer"))
        db.session.commit()
        learners_in = db.session.scalar(
            sa.select(sa.func.count()).where(
                Membership.cohort_id == cohort_id, Membership.role == "learner"
            )
        )
        assert learners_in == n // 2
        auth.login("viewer@example.org")
        counts["cohort"].append(
            _page_queries(client, f"/reports/cohorts/{cohort_id}?sort=time&dir=desc")
        )
        counts["items"].append(_page_queries(client, f"/reports/items?cohort={cohort_id}"))
        counts["items_live"].append(_page_queries(client, "/reports/items?live=y"))
        counts["learners_csv"].append(
            _page_queries(client, f"/reports/cohorts/{cohort_id}/learners.csv")
        )
        auth.logout()
    for name, (small, large) in counts.items():
        assert small == large, (name, counts)


def test_demo_assignments_open_and_start_like_real_ones(app, client, auth, runner):
    from werkzeug.security import generate_password_hash

    from quizapp.models import Assignment

    _bank()
    result = runner.invoke(args=["demo", "seed", "--learners", "4", "--days", "10", "--seed", "3"])
    assert result.exit_code == 0, result.output
    learner = db.session.scalar(
        sa.select(User).where(User.role == "learner").order_by(User.id).limit(1)
    )
    learner.password_hash = generate_password_hash(
        factories.PASSWORD
    )  # demo learners cannot sign in otherwise
    db.session.commit()
    cohort_id = db.session.scalar(
        sa.select(Membership.cohort_id).where(Membership.user_id == learner.id)
    )
    tasks = db.session.scalars(
        sa.select(Assignment).where(Assignment.cohort_id == cohort_id).order_by(Assignment.id)
    ).all()
    assert [t.kind for t in tasks] == ["quiz", "quiz", "flashcards"]
    auth.login(learner.email)
    for task in tasks:
        assert client.get(f"/assignments/{task.id}").status_code == 200
    quiz = tasks[0]
    assert set(quiz.settings) == {"topic_ids", "kinds", "length", "mode", "origin"}
    started = client.post(f"/assignments/{quiz.id}/start")
    assert started.status_code == 302 and "/quiz/" in started.headers["Location"], (
        started.headers.get("Location")
    )
    attempt = db.session.scalar(
        sa.select(Attempt).where(Attempt.user_id == learner.id, Attempt.finished_at.is_(None))
    )
    assert (
        attempt is not None
        and attempt.assignment_id == quiz.id
        and len(attempt.item_ids) == quiz.settings["length"]
    )
    assert client.get(started.headers["Location"], follow_redirects=True).status_code == 200
    goal = tasks[2]
    assert client.post(f"/assignments/{goal.id}/start").status_code == 302
