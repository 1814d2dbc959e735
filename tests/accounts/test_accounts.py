"""Registration, sessions, password changes, first-admin setup and account settings."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from quizapp.accounts import passwords, services
from quizapp.core.database import write_intent
from quizapp.extensions import db
from quizapp.models import User
from tests import factories

NEW_PASSWORD = "a long and unusual phrase 42"


def _register(client, email="new@example.org", password=NEW_PASSWORD, confirm=None):
    return client.post(
        "/register",
        data={
            "display_name": "New",
            "email": email,
            "password": password,
            "confirm": confirm or password,
        },
    )


def test_common_password_list_is_generated_and_shipped():
    shipped = [
        line
        for line in passwords.COMMON_PASSWORDS_FILE.read_text().splitlines()
        if not line.startswith("# ")
    ]
    assert shipped == passwords.generate_common_passwords()
    assert 2000 < len(shipped) < 50_000
    assert passwords.is_common_password("Password1234") and passwords.is_common_password(
        "qwertyuiop123"
    )
    assert not passwords.is_common_password(NEW_PASSWORD)
    assert passwords.password_problem("short") and passwords.password_problem("x" * 129)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "Use 12 to 128 characters."),
        ("iloveyou2024", "commonly used passwords"),
        ("x" * 129, "Use 12 to 128 characters."),
    ],
)
def test_register_refuses_weak_passwords(client, password, message):
    response = _register(client, password=password)
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_register_hashes_with_scrypt_and_signs_in(client):
    response = _register(client, email=" New@Example.org ")
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User))
    assert user.email == "new@example.org" and user.password_hash.startswith("scrypt:")
    assert client.get("/dashboard").status_code == 200
    assert "already exists" in _register(client.application.test_client()).get_data(as_text=True)


def test_login_starts_a_fresh_session(client):
    factories.make_user()
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = client.post(
        "/login", data={"email": "learner@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"].startswith("1.")


def test_login_refuses_wrong_password_and_follows_only_local_next(client, auth):
    factories.make_user()
    db.session.commit()
    assert "do not match" in auth.login(password="wrong password!").get_data(as_text=True)
    response = client.post(
        "/login?next=https://evil.example/x",
        data={"email": "learner@example.org", "password": factories.PASSWORD},
    )
    assert response.headers["Location"].endswith("/dashboard")


def test_remember_cookie_is_httponly_lax_and_at_most_30_days(app, client):
    factories.make_user()
    db.session.commit()
    client.post(
        "/login",
        data={"email": "learner@example.org", "password": factories.PASSWORD, "remember": "y"},
    )
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert app.config["REMEMBER_COOKIE_DURATION"] <= 30 * 24 * 3600
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_change_password_ends_other_sessions_and_remember_cookies(app, client):
    factories.make_user()
    db.session.commit()
    other = app.test_client()
    other.post(
        "/login",
        data={"email": "learner@example.org", "password": factories.PASSWORD, "remember": "y"},
    )
    other.delete_cookie("session")
    assert other.get("/dashboard").status_code == 200  # the remember-me cookie alone works
    client.post("/login", data={"email": "learner@example.org", "password": factories.PASSWORD})
    response = client.post(
        "/account/password",
        data={
            "pw-current": factories.PASSWORD,
            "pw-password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert other.get("/dashboard").status_code == 302
    other.delete_cookie("session")  # only the remember-me cookie is left: it must not work either
    assert other.get("/dashboard").status_code == 302
    fresh = app.test_client()
    assert (
        fresh.post(
            "/login", data={"email": "learner@example.org", "password": NEW_PASSWORD}
        ).status_code
        == 302
    )


def test_change_password_needs_the_current_one(client, auth):
    factories.make_user()
    db.session.commit()
    auth.login()
    response = client.post(
        "/account/password",
        data={
            "pw-current": "not my password",
            "pw-password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400 and "not correct" in response.get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "pw-current": factories.PASSWORD,
            "pw-password": "password1234",
            "pw-confirm": "password1234",
        },
    )
    assert "commonly used" in response.get_data(as_text=True)


def test_setup_page_creates_the_first_admin_then_disappears(client):
    assert client.get("/setup").status_code == 200
    response = client.post(
        "/setup",
        data={
            "display_name": "Admin",
            "email": "admin@example.org",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(User.role)) == "admin"
    assert client.get("/setup").status_code == 404
    assert client.post("/setup", data={}).status_code == 404


def test_no_default_account_on_a_fresh_install(app):
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_second_admin_creation_refused(app):
    services.create_first_admin(email="a@example.org", display_name="A", password=NEW_PASSWORD)
    db.session.commit()
    with pytest.raises(services.AccountError):
        services.create_first_admin(email="b@example.org", display_name="B", password=NEW_PASSWORD)


def test_two_people_racing_the_setup_page_make_one_admin(app):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(email: str) -> None:
        with app.app_context(), write_intent():
            barrier.wait()
            try:
                services.create_first_admin(
                    email=email, display_name="Racer", password=NEW_PASSWORD
                )
                db.session.commit()
                outcomes.append("created")
            except services.AccountError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(f"racer{n}@example.org",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["created", "refused"]
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == "admin")) == 1


def test_preferences_are_validated_and_saved(client, auth):
    factories.make_user()
    db.session.commit()
    auth.login()
    bad = client.post(
        "/account/preferences",
        data={"pref-desired_retention": "0.99", "pref-new_cards_per_day": "20"},
    )
    assert bad.status_code == 400 and "0.80 to 0.97" in bad.get_data(as_text=True)
    good = client.post(
        "/account/preferences",
        data={"pref-desired_retention": "0.85", "pref-new_cards_per_day": "7"},
    )
    assert good.status_code == 302
    user = db.session.scalar(sa.select(User))
    db.session.refresh(user)
    assert (user.desired_retention, user.new_cards_per_day, user.include_background) == (
        0.85,
        7,
        False,
    )
    page = client.get("/account").get_data(as_text=True)
    assert 'value="0.85"' in page and 'value="7"' in page


def test_logout_also_ends_the_remember_me_cookie(client):
    factories.make_user()
    db.session.commit()
    client.post(
        "/login",
        data={"email": "learner@example.org", "password": factories.PASSWORD, "remember": "y"},
    )
    assert client.get_cookie("remember_token") is not None
    client.post("/logout")
    assert client.get_cookie("remember_token") is None
    assert client.get("/dashboard").status_code == 302
