"""Joining with a code or PIN at /join and through the join link."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Membership
from tests import factories
from tests.live.helpers import make_live_session


def _members(cohort_id: int) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.cohort_id == cohort_id, Membership.role == "learner"
            )
        )
    )


def test_join_page_is_public(client):
    response = client.get("/join")
    assert response.status_code == 200
    assert 'name="code"' in response.get_data(as_text=True) and "Code or PIN" in response.get_data(
        as_text=True
    )


def test_valid_code_joins_and_twice_is_harmless(client, auth, world):
    auth.login("outsider@example.org")
    response = client.post("/join", data={"code": "abcd-efgh"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/cohorts/{world.cohort.id}"
    )
    assert world.outsider.id in _members(world.cohort.id)
    response = client.post("/join", data={"code": "ABCDEFGH"}, follow_redirects=True)
    assert "You are already in Inspectors." in response.get_data(as_text=True)
    assert _members(world.cohort.id).count(world.outsider.id) == 1


def test_unknown_code_gets_a_clear_message(client, auth, world):
    auth.login("outsider@example.org")
    response = client.post("/join", data={"code": "ZZZZZZZZ"})
    assert response.status_code == 200
    assert "No cohort has that code." in response.get_data(as_text=True)
    response = client.post("/join", data={"code": "?!"})
    assert "That is not a code or a PIN." in response.get_data(as_text=True)
    response = client.post("/join", data={"code": ""})
    assert "Enter the code or PIN you were given." in response.get_data(as_text=True)


def test_archived_cohort_refuses_joins(client, auth, world):
    world.cohort.archived = True
    db.session.commit()
    auth.login("outsider@example.org")
    response = client.post("/join", data={"code": "ABCDEFGH"})
    assert "has been archived" in response.get_data(as_text=True)
    assert world.outsider.id not in _members(world.cohort.id)


def test_owner_and_co_trainer_cannot_join_as_learners(client, auth, world):
    auth.login("trainer@example.org")
    assert "You run this cohort" in client.post("/join", data={"code": "ABCDEFGH"}).get_data(
        as_text=True
    )
    db.session.add(
        Membership(cohort_id=world.cohort.id, user_id=world.other_trainer.id, role="trainer")
    )
    db.session.commit()
    auth.logout()
    auth.login("other@example.org")
    page = client.post("/join", data={"code": "ABCDEFGH"}).get_data(as_text=True)
    assert "You are a co-trainer of this cohort" in page


def test_anonymous_with_a_code_logs_in_and_comes_back(client, auth, world):
    response = client.post("/join", data={"code": "abcdefgh"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/join/ABCDEFGH"
    response = client.post(
        "/login?next=/join/ABCDEFGH",
        data={"email": "outsider@example.org", "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/join/ABCDEFGH"
    page = client.get("/join/ABCDEFGH").get_data(as_text=True)
    assert (
        "You are about to join <strong>Inspectors</strong>" in page and 'value="ABCD-EFGH"' in page
    )
    assert world.outsider.id not in _members(world.cohort.id)  # a GET never writes
    client.post("/join", data={"code": "ABCD-EFGH"})
    assert world.outsider.id in _members(world.cohort.id)


def test_join_link_sends_visitors_to_login(client, world):
    response = client.get("/join/ABCDEFGH")
    assert (
        response.status_code == 302 and response.headers["Location"] == "/login?next=/join/ABCDEFGH"
    )


def test_join_link_with_unknown_code_shows_the_form(client, auth, world):
    auth.login("outsider@example.org")
    page = client.get("/join/NOPENOPE").get_data(as_text=True)
    assert "You are about to join" not in page and 'value="NOPENOPE"' in page


def test_six_digits_with_a_space_go_to_the_live_session_join(client, world):
    make_live_session(world.trainer, pin="123456")
    response = client.post("/join", data={"code": "123 456"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/live/join/123456")


def test_pin_redirects_to_live_join(app, world):
    make_live_session(world.trainer, pin="123456")
    client = app.test_client()
    response = client.post("/join", data={"code": "123456"})
    assert response.status_code == 302 and response.headers["Location"] == "/live/join/123456"
    assert client.get("/join/654321").headers["Location"] == "/live/join/654321"


def test_a_pin_no_session_has_is_told_on_the_form(client, world):
    response = client.post("/join", data={"code": "123456"})
    assert response.status_code == 200
    assert "No live session has that PIN" in response.get_data(as_text=True)
