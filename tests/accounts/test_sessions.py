"""Server-side sessions: logging out ends them, replayed cookies are refused, and /account lists
them with "sign out" per session and "sign out everywhere else" (only your own)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g

from quizapp.accounts import sessions
from quizapp.extensions import db
from quizapp.models import UserSession
from quizapp.models.base import utcnow
from tests import factories

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _sign_in(app, email="learner@example.org", *, remember=False, agent=FIREFOX):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    data = {"email": email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 302
    return client


def _fresh_client_with(app, name, value, agent=FIREFOX):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    client.set_cookie(name, value, domain="localhost")
    return client


def _session_ids(user_id):
    return set(db.session.scalars(sa.select(UserSession.id).where(UserSession.user_id == user_id)))


def test_logout_ends_the_session_so_replayed_cookies_are_refused(app):
    factories.make_user()
    db.session.commit()
    client = _sign_in(app, remember=True)
    old_session = client.get_cookie("session").value
    old_remember = client.get_cookie("remember_token").value
    # Both copies work while the session lasts (the copy is the attacker's).
    assert _fresh_client_with(app, "session", old_session).get("/dashboard").status_code == 200
    assert (
        _fresh_client_with(app, "remember_token", old_remember).get("/dashboard").status_code == 200
    )

    client.post("/logout")

    for name, value in (("session", old_session), ("remember_token", old_remember)):
        replay = _fresh_client_with(app, name, value)
        response = replay.get("/dashboard")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count(UserSession.id))) == 0


def test_each_sign_in_is_a_record_with_a_hashed_token(app):
    user = factories.make_user()
    db.session.commit()
    client = _sign_in(app, remember=True, agent=IPHONE)
    record = db.session.scalar(sa.select(UserSession))
    assert record.user_id == user.id and record.user_agent == "Safari on iPhone"
    with client.session_transaction() as cookie_session:
        key = cookie_session["_user_id"]
    record_id, _, token = key.partition(".")
    assert int(record_id) == record.id and token and token not in record.token_hash
    assert len(record.token_hash) == 64  # SHA-256 hex: the table alone cannot be replayed


def test_a_forged_or_stale_key_loads_nobody(app):
    factories.make_user()
    db.session.commit()
    client = _sign_in(app)
    with client.session_transaction() as cookie_session:
        key = cookie_session["_user_id"]
    assert sessions.load(key) is not None
    record_id = key.partition(".")[0]
    assert sessions.load(f"{record_id}.not-the-token") is None
    assert sessions.load("not a key") is None and sessions.load("99999999999999999999.x") is None
    record = db.session.get(UserSession, int(record_id))
    record.last_seen_at = utcnow() - sessions.IDLE_LIMIT - timedelta(minutes=1)
    db.session.commit()
    assert client.get("/dashboard").status_code == 302  # unused for 30 days: over


def test_last_seen_is_updated_now_and_then(app):
    factories.make_user()
    db.session.commit()
    client = _sign_in(app)
    record = db.session.scalar(sa.select(UserSession))
    an_hour_ago = utcnow() - timedelta(hours=1)
    record.last_seen_at = an_hour_ago
    db.session.commit()
    assert client.get("/dashboard").status_code == 200
    db.session.rollback()  # end the test's read transaction: the update came on another connection
    assert db.session.scalar(sa.select(UserSession.last_seen_at)) > an_hour_ago + timedelta(
        minutes=59
    )


def test_account_lists_sessions_and_signs_out_another_one(app):
    user = factories.make_user()
    db.session.commit()
    laptop = _sign_in(app, agent=FIREFOX)
    phone = _sign_in(app, agent=IPHONE, remember=True)
    page = laptop.get("/account").get_data(as_text=True)
    assert "Where you are signed in" in page
    assert "Firefox on Linux" in page and "Safari on iPhone" in page
    assert page.count("this device") == 1
    assert (
        page.index("Firefox on Linux") < page.index("this device") < page.index("Safari on iPhone")
    )
    assert "Sign out everywhere else" in page

    laptop_id, phone_id = sorted(_session_ids(user.id))
    assert f"/account/sessions/{phone_id}/end" in page
    assert f"/account/sessions/{laptop_id}/end" not in page  # this one: use "Log out"
    response = laptop.post(f"/account/sessions/{phone_id}/end")
    assert response.status_code == 302
    assert phone.get("/dashboard").status_code == 302
    phone.delete_cookie("session", domain="localhost")
    assert phone.get("/dashboard").status_code == 302  # its remember-me cookie ended too
    assert laptop.get("/dashboard").status_code == 200
    assert _session_ids(user.id) == {laptop_id}


def test_sign_out_everywhere_else_keeps_only_this_session(app):
    user = factories.make_user()
    db.session.commit()
    here = _sign_in(app)
    others = [_sign_in(app, remember=True) for _ in range(3)]
    response = here.post("/account/sessions/end-others", follow_redirects=True)
    assert "Signed out everywhere else (3 other sessions)." in response.get_data(as_text=True)
    for other in others:
        assert other.get("/dashboard").status_code == 302
    assert here.get("/dashboard").status_code == 200
    assert len(_session_ids(user.id)) == 1


def test_a_user_cannot_end_someone_elses_session(app):
    alice = factories.make_user("alice@example.org")
    factories.make_user("bob@example.org")
    db.session.commit()
    alice_client = _sign_in(app, "alice@example.org")
    bob_client = _sign_in(app, "bob@example.org")
    (alice_session,) = _session_ids(alice.id)
    assert bob_client.post(f"/account/sessions/{alice_session}/end").status_code == 404
    assert bob_client.post(f"/account/sessions/{2**40}/end").status_code == 404
    bob_client.post("/account/sessions/end-others")
    assert alice_client.get("/dashboard").status_code == 200
    assert "alice" not in bob_client.get("/account").get_data(as_text=True).lower()


def test_this_session_is_ended_by_log_out_not_by_the_list(app):
    user = factories.make_user()
    db.session.commit()
    client = _sign_in(app)
    (only,) = _session_ids(user.id)
    assert client.post(f"/account/sessions/{only}/end").status_code == 400
    assert client.get("/dashboard").status_code == 200


class TestCsrf:
    """The sign-out buttons are forms with CSRF tokens; a cross-site POST ends nothing."""

    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_session_buttons_need_the_csrf_token(self, app):
        user = factories.make_user()
        db.session.commit()
        client = app.test_client()
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(True)
        ).group(1)
        client.post(
            "/login",
            data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
        )
        sessions.start(user, user_agent=IPHONE, ip_address="10.0.0.9")  # signed in elsewhere
        db.session.commit()
        assert len(_session_ids(user.id)) == 2
        assert client.post("/account/sessions/end-others").status_code == 400
        assert len(_session_ids(user.id)) == 2
        g.pop("csrf_token", None)  # Flask-WTF caches the token in the test's long-lived ``g``
        page = client.get("/account").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/account/sessions/end-others", data={"csrf_token": token})
        assert response.status_code == 302, response.get_data(True)[-3000:]
        assert len(_session_ids(user.id)) == 1


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (FIREFOX, "Firefox on Linux"),
        (IPHONE, "Safari on iPhone"),
        (
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/126.0 Safari/537.36 Edg/126.0"
            ),
            "Edge on Windows",
        ),
        (
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/126.0 Mobile Safari/537.36"
            ),
            "Chrome on Android",
        ),
        ("", "Unknown browser"),
        ("curl/8.5", "Unknown browser"),
    ],
)
def test_describe_user_agent(agent, expected):
    assert sessions.describe_user_agent(agent) == expected


def test_deleting_the_account_deletes_its_sessions(app):
    user = factories.make_user()
    db.session.commit()
    client = _sign_in(app, remember=True)
    _sign_in(app)
    response = client.post("/account/delete", data={"del-password": factories.PASSWORD})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(UserSession.id))) == 0
    assert user.id is not None
