"""Joining is limited by wrong guesses, never by successful joins; an ended session goes quiet."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.live import guessing, rules
from quizapp.models.base import utcnow
from quizapp.models.live import LiveParticipant, LiveSession
from tests import factories
from tests.live.helpers import advance, build_world, create_session, join_guest, login, step

ROOM = {"REMOTE_ADDR": "203.0.113.7"}  # a classroom's Wi-Fi: everyone shares one address
LIMIT = guessing.WRONG_GUESS_LIMIT.amount


@pytest.fixture
def app_config():
    """Rate limiting on (tests turn it off by default), counted in the test's own database."""
    return {"RATELIMIT_ENABLED": True}


@pytest.fixture
def running(app):
    world = build_world()
    trainer = app.test_client()
    login(trainer, "trainer@example.org")
    return create_session(trainer, [i.id for i in world.items]), trainer


def _wrong_pin(session: LiveSession, n: int) -> str:
    pin = f"{(int(session.pin) + 1 + n) % 10**6:06d}"
    assert pin != session.pin
    return pin


def test_sixty_guests_behind_one_address_all_join(app, running):
    session, _ = running
    for n in range(60):
        phone = app.test_client()
        typed = phone.post("/join", data={"code": session.pin}, environ_base=ROOM)
        assert typed.status_code == 302, n
        assert typed.headers["Location"].endswith(f"/live/join/{session.pin}")
        joined = phone.post(
            f"/live/join/{session.pin}", data={"nickname": f"Pupil {n}"}, environ_base=ROOM
        )
        assert joined.status_code == 302, n
    count = db.session.scalar(
        sa.select(sa.func.count(LiveParticipant.id)).where(LiveParticipant.session_id == session.id)
    )
    assert count == 60


def test_repeated_wrong_pins_get_429_with_a_clear_page(app, running):
    session, _ = running
    guesser = app.test_client()
    for n in range(LIMIT):
        wrong = guesser.post("/join", data={"code": _wrong_pin(session, n)}, environ_base=ROOM)
        assert wrong.status_code == 200, n
        assert "No live session has that PIN" in wrong.get_data(as_text=True)
    refused = guesser.post("/join", data={"code": _wrong_pin(session, LIMIT)}, environ_base=ROOM)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many wrong PINs or codes" in refused.get_data(as_text=True)
    # Now the right PIN cannot be told from a wrong one from that address...
    assert guesser.post("/join", data={"code": session.pin}, environ_base=ROOM).status_code == 429
    assert guesser.get(f"/live/join/{session.pin}", environ_base=ROOM).status_code == 429
    page = guesser.post("/live/join", data={"pin": session.pin}, environ_base=ROOM)
    assert page.status_code == 429 and "Too many wrong PINs" in page.get_data(as_text=True)
    # ...while another address joins as usual.
    elsewhere = {"REMOTE_ADDR": "198.51.100.2"}
    assert (
        app.test_client()
        .post("/join", data={"code": session.pin}, environ_base=elsewhere)
        .headers["Location"]
        .endswith(f"/live/join/{session.pin}")
    )


def test_wrong_pins_on_the_live_join_page_count_too(app, running):
    session, _ = running
    guesser = app.test_client()
    for n in range(LIMIT):
        page = guesser.post("/live/join", data={"pin": _wrong_pin(session, n)}, environ_base=ROOM)
        assert page.status_code == 200 and "No live session has that PIN" in page.get_data(
            as_text=True
        )
    assert guesser.get(f"/live/join/{_wrong_pin(session, 0)}", environ_base=ROOM).status_code == 429


def test_unknown_pin_state_polls_get_429_but_a_joined_phone_never_does(app, running):
    session, trainer = running
    phone = app.test_client()
    assert join_guest(phone, session.pin, "Ana").status_code == 302
    prober = app.test_client()
    for n in range(LIMIT):
        probe = prober.get(f"/live/play/{_wrong_pin(session, n)}/state", environ_base=ROOM)
        assert probe.status_code == 404, n
    refused = prober.get(f"/live/play/{_wrong_pin(session, LIMIT)}/state", environ_base=ROOM)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many wrong PINs" in refused.get_json()["message"]
    # The prober cannot confirm the real PIN either.
    assert prober.get(f"/live/play/{session.pin}/state", environ_base=ROOM).status_code == 429
    # The phone that joined keeps following the session from the same address.
    for _ in range(5):
        poll = phone.get(f"/live/play/{session.pin}/state", environ_base=ROOM)
        assert poll.status_code == 200 and poll.get_json()["participant"]["nickname"] == "Ana"
    advance(trainer, session.id)
    assert phone.get(f"/live/play/{session.pin}", environ_base=ROOM).status_code == 200


def test_successful_joins_and_real_pins_do_not_count(app, running):
    session, _ = running
    for n in range(LIMIT + 5):
        visitor = app.test_client()
        assert visitor.get(f"/live/play/{session.pin}/state", environ_base=ROOM).status_code == 200
        assert visitor.post("/join", data={"code": session.pin}, environ_base=ROOM).status_code == (
            302
        ), n


def test_an_ended_session_stops_sending_live_data_after_the_grace_period(app, running):
    session, trainer = running
    phone = app.test_client()
    join_guest(phone, session.pin, "Ana")
    advance(trainer, session.id)
    step(trainer, session.id, "question", 0, action="end", confirmed="yes")
    state = phone.get(f"/live/play/{session.pin}/state").get_json()
    assert state["phase"] == "ended" and state["participant"]["nickname"] == "Ana"
    assert "You finished number" in phone.get(f"/live/play/{session.pin}").get_data(as_text=True)

    db.session.execute(
        sa.update(LiveSession)
        .where(LiveSession.id == session.id)
        .values(ended_at=utcnow() - rules.ENDED_GRACE - timedelta(seconds=1))
    )
    db.session.commit()
    closed = phone.get(f"/live/play/{session.pin}/state")
    assert closed.status_code == 200
    payload = closed.get_json()
    assert payload["phase"] == "ended" and payload["closed"] is True
    assert payload["message"] == "This session has ended."
    assert "revision" not in payload and payload["participant"] is None
    assert app.test_client().get(f"/live/play/{session.pin}/state").get_json() == payload
    page = phone.get(f"/live/play/{session.pin}").get_data(as_text=True)
    assert "This session has ended" in page and "You finished number" not in page


def test_wrong_cohort_codes_count_as_guesses_too(app, running):
    learner = app.test_client()
    signed_in = learner.post(
        "/login",
        data={"email": "learner@example.org", "password": factories.PASSWORD},
        environ_base=ROOM,  # "strong" session protection ties the session to the address
    )
    assert signed_in.status_code == 302
    for n in range(LIMIT):
        wrong = learner.post("/join", data={"code": f"WRONG{n:03d}"}, environ_base=ROOM)
        assert wrong.status_code == 200 and "No cohort has that code" in wrong.get_data(
            as_text=True
        )
    refused = learner.post("/join", data={"code": "WRONGXYZ"}, environ_base=ROOM)
    assert refused.status_code == 429 and "Too many wrong PINs or codes" in refused.get_data(
        as_text=True
    )
    assert learner.get("/join/NOPENOPE", environ_base=ROOM).status_code == 429
