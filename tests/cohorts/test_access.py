"""Data isolation: every cohort and assignment URL, walked from url_map, refuses people who may not
see the cohort — 404 (never a hint that it exists) or 403 for learners on trainer-only pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for

from quizapp.extensions import db
from tests import factories
from tests.cohorts.conftest import World


def _object_urls(
    app: Flask, cohort_id: int, assignment_id: int, user_id: int
) -> list[tuple[str, str, str]]:
    """(method, url, endpoint) for every route that addresses one cohort or assignment."""
    urls = []
    values: dict[str, Any] = {
        "cohort_id": cohort_id,
        "assignment_id": assignment_id,
        "user_id": user_id,
        "name": "learners",
    }
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not ({"cohort_id", "assignment_id"} & set(rule.arguments)):
                continue
            url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                urls.append((method, url, rule.endpoint))
    return urls


@pytest.fixture
def target(world: World) -> tuple[int, int, int]:
    """The other trainer's cohort, with an assignment."""
    topic = factories.make_topic()
    assignment = factories.make_assignment(world.other_cohort, topics=(topic,))
    db.session.commit()
    return world.other_cohort.id, assignment.id, world.outsider.id


def test_every_object_route_is_covered(app, world, target):
    endpoints = {endpoint for _m, _u, endpoint in _object_urls(app, *target)}
    assert {
        "cohorts.show",
        "cohorts.qr",
        "cohorts.remove_learner",
        "cohorts.add_co_trainer",
        "cohorts.archive",
        "cohorts.restore",
        "cohorts.new_quiz",
        "cohorts.new_goal",
        "cohorts.assignment",
        "cohorts.start_assignment",
        "cohorts.delete_assignment",
        "cohorts.remove_co_trainer",
        "cohorts.leave",
    } <= endpoints


@pytest.mark.parametrize("email", ["trainer@example.org", "learner@example.org"])
def test_people_outside_a_cohort_get_404_everywhere(app, client, auth, world, target, email):
    auth.login(email)
    for method, url, endpoint in _object_urls(app, *target):
        response = client.open(url, method=method)
        allowed = {404, 403} if email.startswith("learner") else {404}
        assert response.status_code in allowed, (method, url, endpoint, response.status_code)
    db.session.expire_all()
    assert not world.other_cohort.archived
    from quizapp.cohorts.services import roster

    assert [row.user_id for row in roster(target[0])] == [world.outsider.id]  # nobody was removed


def test_learner_member_cannot_reach_trainer_pages(app, client, auth, world):
    topic = factories.make_topic()
    assignment = factories.make_assignment(world.cohort, topics=(topic,))
    db.session.commit()
    auth.login("learner@example.org")
    allowed_for_member = {
        "cohorts.show",
        "cohorts.assignment",
        "cohorts.start_assignment",
        "cohorts.leave",
    }
    for method, url, endpoint in _object_urls(
        app, world.cohort.id, assignment.id, world.learner2.id
    ):
        if endpoint in allowed_for_member:
            continue
        assert client.open(url, method=method).status_code in {403, 404}, (method, url)
    assert client.get("/admin/users").status_code == 403
    # A learner sees the learner view, not the roster.
    assert "Learners (" not in client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)


def test_removed_learner_loses_access_at_once(client, auth, world):
    topic = factories.make_topic()
    assignment = factories.make_assignment(world.cohort, topics=(topic,), title="Secret quiz")
    db.session.commit()
    auth.login("learner@example.org")
    assert client.get(f"/assignments/{assignment.id}").status_code == 200
    from quizapp.cohorts import services

    services.remove_learner(world.cohort, world.learner.id)
    db.session.commit()
    assert client.get(f"/assignments/{assignment.id}").status_code == 404
    assert client.post(f"/assignments/{assignment.id}/start").status_code == 404
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 404
    assert "Secret quiz" not in client.get("/cohorts").get_data(as_text=True)


def test_demoted_owner_loses_trainer_pages(client, auth, world):
    world.trainer.role = "learner"
    db.session.commit()
    auth.login("trainer@example.org")
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 404
    assert client.get(f"/cohorts/{world.cohort.id}/qr.svg").status_code == 403


def test_admin_can_manage_any_cohort(client, auth, world, target):
    auth.login("admin@example.org")
    cohort_id, assignment_id, _ = target
    assert client.get(f"/cohorts/{cohort_id}").status_code == 200
    assert client.get(f"/cohorts/{cohort_id}/qr.svg").status_code == 200
    assert client.get(f"/assignments/{assignment_id}").status_code == 200
    assert client.post(f"/cohorts/{cohort_id}/archive").status_code == 302
    db.session.refresh(world.other_cohort)
    assert world.other_cohort.archived
