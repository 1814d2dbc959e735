"""The phones' state poll fast path (``quizapp.live.fastpoll``) against the Flask view it stands in
for, and the statements the participants' hot paths run."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import Client, TestResponse

from quizapp.extensions import db
from quizapp.live.fastpoll import FastPoll
from tests.live.helpers import (
    advance,
    answer,
    build_world,
    create_session,
    join_guest,
    login,
    participant,
    step,
)
from tests.querycount import count_queries

COMPARED_HEADERS = (
    "ETag",
    "Cache-Control",
    "Vary",
    "Content-Type",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Content-Security-Policy",
)


@pytest.fixture
def flask_requests(app: Flask) -> list[str | None]:
    """The endpoints of the requests that reached Flask's request machinery."""
    seen: list[str | None] = []

    @app.before_request
    def _record() -> None:
        from flask import request

        seen.append(request.endpoint)

    return seen


def _session_with_guest(app: Flask) -> tuple[FlaskClient, int, str, str]:
    """A trainer's session with one guest, Gil; (trainer client, session id, PIN, Gil's token)."""
    world = build_world()
    trainer, phone = app.test_client(), app.test_client()
    login(trainer, "trainer@example.org")
    session = create_session(trainer, [i.id for i in world.items[:2]])
    assert join_guest(phone, session.pin, "Gil").status_code == 302
    cookie = phone.get_cookie("live_" + session.pin, path="/live/")
    assert cookie is not None
    return trainer, session.id, session.pin, cookie.value


def _both(app: Flask, pin: str, token: str, **headers: str) -> tuple[TestResponse, TestResponse]:
    """The poll answered by the fast path, and by the Flask view alone."""
    assert isinstance(app.wsgi_app, FastPoll)
    url = f"/live/play/{pin}/state"
    fast_client = app.test_client()
    flask_client = Client(app.wsgi_app.wsgi_app, TestResponse)
    for client in (fast_client, flask_client):
        client.set_cookie(f"live_{pin}", token, domain="localhost", path="/live/")
    fast = fast_client.get(url, headers=headers)
    flask_only = flask_client.get(url, headers=headers, base_url="http://localhost")
    return fast, flask_only


def _assert_same(fast: TestResponse, flask_only: TestResponse) -> None:
    assert fast.status_code == flask_only.status_code
    for name in COMPARED_HEADERS:
        assert fast.headers.get(name) == flask_only.headers.get(name), name
    if fast.status_code == 200:
        mine, theirs = fast.get_json(), flask_only.get_json()
        left = (mine.pop("seconds_left"), theirs.pop("seconds_left"))
        assert mine == theirs
        assert left == (None, None) or abs(left[0] - left[1]) <= 1


def test_fast_path_answers_as_the_flask_view_in_every_phase(app, flask_requests):
    trainer, sid, pin, token = _session_with_guest(app)
    seen = []
    for _ in range(5):  # lobby, question 0, reveal 0, leaderboard 0, question 1
        flask_requests.clear()
        fast, flask_only = _both(app, pin, token)
        assert flask_requests == ["live.play_state"]  # only the reference request reached Flask
        _assert_same(fast, flask_only)
        assert "Set-Cookie" not in fast.headers
        seen.append(fast.get_json()["step"])
        advance(trainer, sid)
    assert seen == ["lobby:-1", "question:0", "reveal:0", "leaderboard:0", "question:1"]


def test_fast_path_answers_304_when_unchanged_and_200_after_a_step(app, flask_requests):
    trainer, sid, pin, token = _session_with_guest(app)
    etag = _both(app, pin, token)[0].headers["ETag"]
    fast, flask_only = _both(app, pin, token, **{"If-None-Match": etag})
    _assert_same(fast, flask_only)
    assert fast.status_code == 304 and fast.get_data() == b""
    advance(trainer, sid)
    fast, flask_only = _both(app, pin, token, **{"If-None-Match": etag})
    _assert_same(fast, flask_only)
    assert fast.status_code == 200 and fast.get_json()["step"] == "question:0"


def test_removed_and_ended_are_served_as_by_the_view(app):
    trainer, sid, pin, token = _session_with_guest(app)
    gil = participant("Gil")
    assert gil is not None
    trainer.post(f"/live/{sid}/participants/{gil.id}/remove")
    fast, flask_only = _both(app, pin, token)
    _assert_same(fast, flask_only)
    assert fast.get_json()["participant"] == {"nickname": "Gil", "removed": True}
    step(trainer, sid, "lobby", -1, action="end", confirmed="yes")
    fast, flask_only = _both(app, pin, token)
    _assert_same(fast, flask_only)
    assert fast.get_json()["phase"] == "ended"


@pytest.mark.parametrize(
    ("cookie", "path", "status"),
    [
        ("", "/live/play/{pin}/state", 200),  # no token: anonymous state from the view
        ("live_{pin}=not-a-token", "/live/play/{pin}/state", 200),
        ("", "/live/play/999999/state", 404),  # unknown PIN: counted by the view
        ("live_{pin}={token}", "/live/play/{pin}/state?x=1", 200),
    ],
)
def test_everything_but_a_known_participant_falls_through_to_flask(
    app, flask_requests, cookie, path, status
):
    _, _, pin, token = _session_with_guest(app)
    flask_requests.clear()
    phone = app.test_client()
    if cookie:
        name, value = cookie.format(pin=pin, token=token).split("=")
        phone.set_cookie(name, value, path="/live/")
    response = phone.get(path.format(pin=pin))
    assert response.status_code == status
    assert flask_requests == ["live.play_state"]


def test_poll_join_and_answer_statement_counts(app, flask_requests):
    """One statement per poll; a guest's join and an answer each read two rows and write two."""
    trainer, sid, pin, token = _session_with_guest(app)
    phone = app.test_client()
    phone.set_cookie(f"live_{pin}", token, path="/live/")
    db.session.rollback()
    with count_queries() as polled:
        assert phone.get(f"/live/play/{pin}/state").status_code == 200
    assert len(polled) == 1, polled

    newcomer = app.test_client()
    db.session.rollback()
    with count_queries() as joined:
        assert join_guest(newcomer, pin, "Nia").status_code == 302
    # the session with the (absent) participant, the nickname check, the insert, the revision
    assert len(joined) == 4, [s[:60] for s in joined]

    advance(trainer, sid)
    db.session.rollback()
    with count_queries() as answered:
        assert answer(phone, pin, 0, "Beta").status_code == 302
    # session and participant, the item, the insert, the score
    assert len(answered) == 4, [s[:60] for s in answered]
    assert "Answer received" in phone.get(f"/live/play/{pin}").get_data(as_text=True)
    again = answer(phone, pin, 0, "Gamma")
    assert again.status_code == 302
    assert "already answered" in phone.get(f"/live/play/{pin}").get_data(as_text=True)
