"""SQLite with its write lock held by another process: writers answer 503 with Retry-After and
leave nothing half-written; passwords are hashed and checked without holding the lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import Flask

from quizapp.accounts import services
from quizapp.extensions import db
from quizapp.models import User, UserSession
from tests import factories
from tests.conftest import make_app

NEW_PASSWORD = "a long and unusual phrase 42"


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    """An SQLite app whose writers give up on the lock after 200 ms."""
    application = make_app(
        f"sqlite:///{tmp_path / 'locked.sqlite'}",
        str(tmp_path / "instance"),
        SQLITE_BUSY_TIMEOUT_MS=200,
    )
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.engine.dispose()


def _database_file(app: Flask) -> str:
    database = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    assert database is not None
    return database


@contextmanager
def write_lock_held(app: Flask) -> Iterator[None]:
    """Another process's connection holding ``BEGIN IMMEDIATE`` on the database file."""
    other = sqlite3.connect(_database_file(app), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _lock_is_free(app: Flask) -> bool:
    """True when another connection could take the write lock right now."""
    probe = sqlite3.connect(_database_file(app), isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def _signed_in_client(app: Flask):
    factories.make_user()
    db.session.commit()
    client = app.test_client()
    login = {"email": "learner@example.org", "password": factories.PASSWORD}
    assert client.post("/login", data=login).status_code == 302
    return client


def test_a_signed_in_post_answers_503_with_retry_after_and_writes_nothing(app):
    client = _signed_in_client(app)
    with write_lock_held(app):
        response = client.post(
            "/account/preferences",
            data={"pref-desired_retention": "0.85", "pref-new_cards_per_day": "7"},
        )
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    text = response.get_data(as_text=True)
    assert "try again" in text and "Log out" in text  # the page knows who is signed in
    db.session.rollback()
    user = db.session.scalar(sa.select(User))
    assert (user.desired_retention, user.new_cards_per_day) == (0.9, 20)  # nothing half-written
    assert client.get("/dashboard").status_code == 200  # and the session is intact


def test_login_and_register_answer_503_while_the_lock_is_held(app):
    factories.make_user()
    db.session.commit()
    client = app.test_client()
    with write_lock_held(app):
        login = client.post(
            "/login", data={"email": "learner@example.org", "password": factories.PASSWORD}
        )
        register = client.post(
            "/register",
            data={
                "display_name": "New",
                "email": "new@example.org",
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        )
    for response in (login, register):
        assert response.status_code == 503 and "Retry-After" in response.headers
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(UserSession.id))) == 0


def test_a_busy_api_path_answers_json(app):
    def write_something() -> str:
        factories.make_user("api@example.org")
        db.session.commit()
        return "written"

    app.add_url_rule("/api/test-write", "test_write", write_something, methods=["POST"])
    client = app.test_client()
    with write_lock_held(app):
        response = client.post("/api/test-write")
    assert response.status_code == 503 and response.is_json
    assert response.get_json()["error"] == 503 and "Retry-After" in response.headers
    assert client.post("/api/test-write").get_data(as_text=True) == "written"  # lock released


def test_passwords_are_hashed_and_checked_outside_the_write_lock(app, monkeypatch):
    """While a password is hashed or checked, another process can still take the write lock."""
    free_during_hashing: list[bool] = []
    real_check, real_generate = services.check_password_hash, services.generate_password_hash

    def check(pwhash: str, password: str) -> bool:
        free_during_hashing.append(_lock_is_free(app))
        return real_check(pwhash, password)

    def generate(password: str) -> str:
        free_during_hashing.append(_lock_is_free(app))
        return real_generate(password)

    monkeypatch.setattr(services, "check_password_hash", check)
    monkeypatch.setattr(services, "generate_password_hash", generate)
    client = _signed_in_client(app)  # one check
    response = client.post(
        "/account/password",
        data={
            "pw-current": factories.PASSWORD,
            "pw-password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302  # two checks and one hash
    other = app.test_client()
    response = other.post(
        "/register",
        data={
            "display_name": "New",
            "email": "new@example.org",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302  # one hash
    assert free_during_hashing == [True] * 5
