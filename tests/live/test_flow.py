"""The whole flow with a trainer and three participants (one a guest), each on their own client."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.live import play
from quizapp.models import LiveSession
from quizapp.models.base import utcnow
from quizapp.models.live import LiveAnswer, LiveParticipant
from tests import factories
from tests.live.helpers import (
    World,
    advance,
    answer,
    answer_rows,
    build_world,
    create_session,
    current,
    join_guest,
    login,
    participant,
    step,
)
from tests.querycount import count_queries


@pytest.fixture
def world(app: Flask) -> World:
    return build_world()


@pytest.fixture
def clients(app: Flask) -> dict[str, FlaskClient]:
    names = ("trainer", "lena", "liam", "guest")
    return {name: app.test_client() for name in names}


def _start(clients: dict[str, FlaskClient], world: World, **options: object) -> LiveSession:
    login(clients["trainer"], "trainer@example.org")
    session = create_session(clients["trainer"], [i.id for i in world.items], **options)
    return session


def test_full_session_trainer_and_three_participants(app, world, clients):
    session = _start(clients, world)
    sid, pin = session.id, session.pin
    assert len(pin) == 6 and session.phase == "lobby"
    lobby = clients["trainer"].get(f"/live/{sid}").get_data(as_text=True)
    assert pin in lobby and "/live/join" in lobby

    login(clients["lena"], "learner@example.org")
    login(clients["liam"], "learner2@example.org")
    for name in ("lena", "liam"):
        page = clients[name].get(f"/live/join/{pin}").get_data(as_text=True)
        assert "You will join as" in page
        assert clients[name].post(f"/live/join/{pin}").status_code == 302
    assert join_guest(clients["guest"], pin, "Guest Gil").status_code == 302
    lobby = clients["trainer"].get(f"/live/{sid}").get_data(as_text=True)
    assert "Lena Learner" in lobby and "Guest Gil" in lobby and "3</strong> joined" in lobby
    assert "You’re in" in clients["guest"].get(f"/live/play/{pin}").get_data(as_text=True)

    # Question 1 (single choice, key Beta): two right, one wrong.
    assert advance(clients["trainer"], sid).phase == "question"
    page = clients["lena"].get(f"/live/play/{pin}").get_data(as_text=True)
    assert "Pick Beta?" in page and 'name="answer"' in page
    assert answer(clients["lena"], pin, 0, "Beta").status_code == 302
    assert answer(clients["liam"], pin, 0, "Alpha").status_code == 302
    assert answer(clients["guest"], pin, 0, "Beta").status_code == 302
    assert "Answer received" in clients["guest"].get(f"/live/play/{pin}").get_data(as_text=True)
    assert clients["trainer"].get(f"/live/{sid}/state").get_json()["answers"] == 3

    reveal = advance(clients["trainer"], sid)
    assert reveal.phase == "reveal"
    screen = clients["trainer"].get(f"/live/{sid}").get_data(as_text=True)
    assert "2 of 3 answers fully correct" in screen
    assert "Because the document says so." in screen and "Migrants have human rights" in screen
    assert "/passages/" in screen
    mine = clients["liam"].get(f"/live/play/{pin}").get_data(as_text=True)
    assert "Not correct" in mine
    assert re.search(r'Correct answer: <strong><span class="live-letter">[A-D]\.</span> Beta', mine)

    assert advance(clients["trainer"], sid).phase == "leaderboard"
    board = clients["trainer"].get(f"/live/{sid}").get_data(as_text=True)
    assert board.index("Lena Learner") < board.index("Liam Learner")
    assert "You are number" in clients["lena"].get(f"/live/play/{pin}").get_data(as_text=True)

    # Question 2 (true/false), question 3 (multiple response, partial credit).
    assert advance(clients["trainer"], sid).question_index == 1
    answer(clients["lena"], pin, 1, "True")
    for _ in range(3):  # reveal, leaderboard, next question
        advance(clients["trainer"], sid)
    assert current(sid).question_index == 2
    clients["guest"].post(
        f"/live/play/{pin}/answer", data={"position": 2, "answer": ["Alpha", "Gamma"]}
    )
    clients["lena"].post(f"/live/play/{pin}/answer", data={"position": 2, "answer": ["Alpha"]})
    advance(clients["trainer"], sid), advance(clients["trainer"], sid)
    assert advance(clients["trainer"], sid).phase == "ended"

    lena, liam, gil = (
        participant("Lena Learner"),
        participant("Liam Learner"),
        participant("Guest Gil"),
    )
    assert liam.score == 0 and lena.score > gil.score > 0
    assert answer_rows(sid) == 6
    partial = db.session.scalar(
        sa.select(LiveAnswer).where(
            LiveAnswer.participant_id == lena.id, LiveAnswer.question_index == 2
        )
    )
    assert not partial.correct and 250 <= partial.points <= 500  # half the marks, half the points
    assert (
        lena.user_id is not None and gil.user_id is None
    )  # learners' answers hang on their account

    final = clients["trainer"].get(f"/live/{sid}").get_data(as_text=True)
    assert "Final results" in final and "Open the report" in final
    assert "You finished number <strong>1</strong>" in clients["lena"].get(
        f"/live/play/{pin}"
    ).get_data(as_text=True)

    report = clients["trainer"].get(f"/live/{sid}/report").get_data(as_text=True)
    assert "67% fully correct" in report and "Guest Gil" in report
    rows = list(
        csv.DictReader(
            io.StringIO(clients["trainer"].get(f"/live/{sid}/report.csv").get_data(as_text=True))
        )
    )
    assert len(rows) == 9  # three participants × three questions
    assert {r["participant"] for r in rows} == {"Lena Learner", "Liam Learner", "Guest Gil"}
    assert any(r["answer"] == "Alpha; Gamma" and r["correct"] == "yes" for r in rows)


def test_double_click_does_not_skip_a_question(app, world, clients):
    sid = _start(clients, world).id
    advance(clients["trainer"], sid)
    assert step(clients["trainer"], sid, "question", 0).status_code == 302
    response = step(
        clients["trainer"],
        sid,
        "question",
        0,
    )  # the second click of a double click
    assert response.status_code == 302
    assert (current(sid).phase, current(sid).question_index) == ("reveal", 0)
    page = clients["trainer"].get(f"/live/{sid}").get_data(as_text=True)
    assert "already moved on" in page


def test_answer_once_closed_question_and_removed_participant(app, world, clients):
    session = _start(clients, world)
    sid, pin = session.id, session.pin
    join_guest(clients["guest"], pin, "Gil")
    join_guest(clients["lena"], pin, "Rosa")
    advance(clients["trainer"], sid)
    answer(clients["guest"], pin, 0, "Beta")
    answer(clients["guest"], pin, 0, "Alpha")
    assert answer_rows(sid) == 1
    assert "already answered" in clients["guest"].get(f"/live/play/{pin}").get_data(as_text=True)
    score = participant("Gil").score

    rosa = participant("Rosa")
    clients["trainer"].post(f"/live/{sid}/participants/{rosa.id}/remove")
    assert answer(clients["lena"], pin, 0, "Beta").status_code == 302
    assert "removed" in clients["lena"].get(f"/live/play/{pin}").get_data(as_text=True)
    assert answer_rows(sid) == 1
    assert (
        clients["lena"].post(f"/live/join/{pin}", data={"nickname": "Rosa again"}).status_code
        == 302
    )  # cookie still theirs
    assert "removed" in clients["lena"].get(f"/live/play/{pin}").get_data(as_text=True)

    advance(clients["trainer"], sid)  # reveal: the question is closed
    clients["guest"].set_cookie("live_" + pin, "", path="/live/")  # a fresh phone...
    join_guest(clients["guest"], pin, "Late Lou")
    answer(clients["guest"], pin, 0, "Beta")
    assert "closed" in clients["guest"].get(f"/live/play/{pin}").get_data(as_text=True)
    assert answer_rows(sid) == 1 and participant("Gil").score == score


def test_deadline_is_enforced_by_the_server(app, world, clients):
    session = _start(clients, world)
    sid, pin = session.id, session.pin
    join_guest(clients["guest"], pin, "Gil")
    advance(clients["trainer"], sid)
    live = current(sid)
    live.question_deadline = utcnow() - timedelta(seconds=5)
    db.session.commit()
    page = clients["guest"].get(f"/live/play/{pin}").get_data(as_text=True)
    assert "Time is up." in page and 'name="answer"' not in page
    answer(clients["guest"], pin, 0, "Beta")
    assert "Time is up, so your answer was not counted" in clients["guest"].get(
        f"/live/play/{pin}"
    ).get_data(as_text=True)
    assert answer_rows(sid) == 0
    # The trainer adds 15 s: the question opens again from now.
    assert step(clients["trainer"], sid, "question", 0, "add-time").status_code == 302
    assert current(sid).question_deadline > utcnow() + timedelta(seconds=10)
    answer(clients["guest"], pin, 0, "Beta")
    assert answer_rows(sid) == 1


def test_service_refuses_an_answer_past_deadline_plus_grace(app, world, clients):
    session = _start(clients, world)
    join_guest(clients["guest"], session.pin, "Gil")
    advance(clients["trainer"], session.id)
    live, me = current(session.id), participant("Gil")
    later = live.question_deadline + timedelta(seconds=3)
    with pytest.raises(play.LiveError, match="Time is up"):
        play.submit_answer(live, me, question_index=0, raw="Beta", now=later)
    row = play.submit_answer(
        live, me, question_index=0, raw="Beta", now=live.question_deadline + timedelta(seconds=1)
    )
    assert row.points == 500  # in the grace period: no time left, base points only


def test_reload_keeps_score_and_state(app, world, clients):
    session = _start(clients, world)
    sid, pin = session.id, session.pin
    join_guest(clients["guest"], pin, "Gil")
    advance(clients["trainer"], sid)
    answer(clients["guest"], pin, 0, "Beta")
    advance(clients["trainer"], sid)
    score = participant("Gil").score
    assert score > 500
    # Reload, and come back through the join link: same participant, same score, no second row.
    assert clients["guest"].get(f"/live/join/{pin}").status_code == 302
    page = clients["guest"].get(f"/live/play/{pin}").get_data(as_text=True)
    assert f"{score} points" in page and "Correct" in page
    assert participant("Gil").score == score


def test_nicknames_unique_and_guests_refused_when_not_allowed(app, world, clients):
    session = _start(clients, world)
    join_guest(clients["guest"], session.pin, "Gil")
    page = join_guest(clients["liam"], session.pin, "gil").get_data(as_text=True)
    assert "already taken" in page
    assert "different nickname" in join_guest(clients["liam"], session.pin, "fuck").get_data(
        as_text=True
    )

    closed = create_session(clients["trainer"], [world.items[0].id], allow_guests=None)
    assert not closed.allow_guests
    page = clients["lena"].get(f"/live/join/{closed.pin}").get_data(as_text=True)
    assert "signed-in participants only" in page
    page = join_guest(clients["lena"], closed.pin, "Sneaky").get_data(as_text=True)
    assert "signed-in participants only" in page and participant("Sneaky") is None
    login(clients["lena"], "learner@example.org")
    assert clients["lena"].post(f"/live/join/{closed.pin}").status_code == 302


def test_state_etag_gives_304_and_changes_with_the_session(app, world, clients):
    session = _start(clients, world)
    sid, pin = session.id, session.pin
    join_guest(clients["guest"], pin, "Gil")
    first = clients["guest"].get(f"/live/play/{pin}/state")
    assert first.status_code == 200 and first.get_json()["phase"] == "lobby"
    etag = first.headers["ETag"]
    again = clients["guest"].get(f"/live/play/{pin}/state", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    advance(clients["trainer"], sid)
    changed = clients["guest"].get(f"/live/play/{pin}/state", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["step"] == "question:0"
    assert changed.get_json()["seconds_left"] in (19, 20)

    presenter = clients["trainer"].get(f"/live/{sid}/state")
    tag = presenter.headers["ETag"]
    assert (
        clients["trainer"].get(f"/live/{sid}/state", headers={"If-None-Match": tag}).status_code
        == 304
    )
    answer(clients["guest"], pin, 0, "Beta")
    updated = clients["trainer"].get(f"/live/{sid}/state", headers={"If-None-Match": tag})
    assert updated.status_code == 200 and updated.get_json()["answers"] == 1


def test_new_session_draws_by_topic_and_kind(app, world, clients):
    login(clients["trainer"], "trainer@example.org")
    session = create_session(clients["trainer"], [], kinds=["true_false"], count=5)
    assert session.item_ids == [world.items[1].id]
    response = clients["trainer"].post(
        "/live/new", data={"count": 5, "kinds": ["scenario"], "seconds_per_question": 0}
    )
    assert "No questions match" in response.get_data(as_text=True)
    page = clients["trainer"].get("/live/new?q=alpha").get_data(as_text=True)
    assert "Pick Alpha and Gamma?" in page and "Pick Beta?" not in page


def test_phone_state_poll_is_one_query(app, world, clients, database_url, tmp_path):
    """Measured on a second app instance, where each request has its own database session (as in
    production)."""
    from tests.conftest import make_app

    session = _start(clients, world)
    pin = session.pin
    join_guest(clients["guest"], pin, "Gil")
    cookie = clients["guest"].get_cookie("live_" + pin, path="/live/").value
    db.session.rollback()
    server = make_app(database_url, str(tmp_path / "instance-b"))
    phone = server.test_client()
    phone.set_cookie("live_" + pin, cookie, path="/live/")
    with server.app_context():
        engine = db.engine
    try:
        with count_queries(engine) as statements:
            response = phone.get(f"/live/play/{pin}/state")
    finally:
        engine.dispose()
    assert response.status_code == 200 and response.get_json()["participant"]["nickname"] == "Gil"
    assert len(statements) == 1, [s[:60] for s in statements]


def test_signed_in_user_whose_name_the_nickname_filter_refuses_still_joins(app, client):
    world = build_world()
    factories.make_user("blocked@example.org", name="Dick Smith")
    db.session.commit()
    login(client, "trainer@example.org")
    session = create_session(client, [world.items[0].id])
    learner = app.test_client()
    login(learner, "blocked@example.org")
    assert learner.post(f"/live/join/{session.pin}").status_code == 302
    participant = db.session.scalar(
        sa.select(LiveParticipant).where(LiveParticipant.session_id == session.id)
    )
    assert participant.nickname == play.SIGNED_IN_FALLBACK_NICKNAME


def test_presenter_poll_is_one_query_besides_the_user_and_the_session(app, client):
    world = build_world()
    login(client, "trainer@example.org")
    sid = create_session(client, [world.items[0].id]).id
    assert advance(client, sid).phase == "question"  # the phase in which answers are counted too
    url = f"/live/{sid}/state"
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    assert len(statements) == 3, [s[:60] for s in statements]  # user, session, the two counts
