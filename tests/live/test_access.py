"""Who may see what: another trainer gets 404 everywhere, learners get 403, visitors go to login."""

from __future__ import annotations

import pytest
from flask import Flask

from quizapp.models import LiveSession
from tests.live.helpers import build_world, create_session, join_guest, login


@pytest.fixture
def running(app: Flask) -> LiveSession:
    world = build_world()
    owner = app.test_client()
    login(owner, "trainer@example.org")
    session = create_session(owner, [i.id for i in world.items])
    guest = app.test_client()
    join_guest(guest, session.pin, "Gil")
    return session


def _urls(session: LiveSession, participant_id: int = 1) -> list[tuple[str, str]]:
    sid = session.id
    return [
        ("GET", f"/live/{sid}"),
        ("GET", f"/live/{sid}/state"),
        ("GET", f"/live/{sid}/report"),
        ("GET", f"/live/{sid}/report.csv"),
        ("POST", f"/live/{sid}/next"),
        ("POST", f"/live/{sid}/end"),
        ("POST", f"/live/{sid}/add-time"),
        ("POST", f"/live/{sid}/participants/{participant_id}/remove"),
    ]


def test_another_trainer_gets_404_on_every_url(app, running):
    intruder = app.test_client()
    login(intruder, "other@example.org")
    for method, url in _urls(running):
        response = intruder.open(url, method=method, data={"phase": "lobby", "question_index": -1})
        assert response.status_code == 404, (method, url)
    assert running.pin not in intruder.get("/live").get_data(as_text=True)


def test_admin_may_open_any_session(app, running):
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert admin.get(f"/live/{running.id}").status_code == 200
    assert admin.get(f"/live/{running.id}/report").status_code == 200


@pytest.mark.parametrize("url", ["/live", "/live/new"])
def test_learner_cannot_open_trainer_pages(app, running, url):
    learner = app.test_client()
    login(learner, "learner@example.org")
    assert learner.get(url).status_code == 403
    for method, session_url in _urls(running):
        assert learner.open(session_url, method=method).status_code == 403


def test_visitors_are_sent_to_login_but_may_join(app, running):
    visitor = app.test_client()
    assert "/login" in visitor.get(f"/live/{running.id}").headers["Location"]
    assert visitor.get("/live/join").status_code == 200
    assert visitor.get(f"/live/join/{running.pin}").status_code == 200
    assert (
        visitor.post("/live/join", data={"pin": running.pin})
        .headers["Location"]
        .endswith(f"/live/join/{running.pin}")
    )
    assert visitor.get("/live/join/12345x").status_code == 404
    assert running.pin != "000000"
    assert visitor.get("/live/join/000000").status_code == 404  # a PIN no session has
    assert (
        visitor.get(f"/live/play/{running.pin}")
        .headers["Location"]
        .endswith(f"/live/join/{running.pin}")
    )
    state = visitor.get(f"/live/play/{running.pin}/state").get_json()
    assert state["participant"] is None and "answers" not in state
