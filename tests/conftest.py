"""Shared fixtures: an app with its own database per test, on SQLite and (when
``TEST_DATABASE_URL`` is set) on PostgreSQL too; a client, a CLI runner, an ``auth`` helper."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.test import TestResponse

from quizapp import create_app
from quizapp.extensions import db
from tests import factories

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def pytest_sessionstart(session: pytest.Session) -> None:
    """Fail loudly, instead of skipping, when CI asks for PostgreSQL and cannot have it."""
    if os.environ.get("QUIZAPP_REQUIRE_POSTGRES") and not POSTGRES_URL:
        pytest.exit("QUIZAPP_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not", returncode=1)
    if POSTGRES_URL:
        engine = sa.create_engine(POSTGRES_URL)
        try:
            with engine.connect():
                pass
        except sa.exc.OperationalError as error:
            pytest.exit(
                f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}", returncode=1
            )
        finally:
            engine.dispose()


_postgres_schema_rebuilt = False


def _fresh_postgres_schema_once() -> None:
    """Drop and recreate the tables at the first PostgreSQL test of a run, so a schema left
    over from an older checkout (create_all never alters a table) cannot mislead the suite."""
    global _postgres_schema_rebuilt
    if not _postgres_schema_rebuilt:
        db.drop_all()
        _postgres_schema_rebuilt = True


def _truncate_all(engine: sa.Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty database of each configured kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return POSTGRES_URL


def make_app(database_url: str, instance_path: str, **overrides: object) -> Flask:
    """An app on ``database_url`` with the test settings."""
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
        **overrides,
    }
    app = create_app(config)
    app.instance_path = instance_path
    return app


@pytest.fixture
def app_config() -> dict[str, object]:
    """Extra settings for the ``app`` fixture; override in a test module to change them."""
    return {}


@pytest.fixture
def app(database_url: str, tmp_path: Path, app_config: dict[str, object]) -> Iterator[Flask]:
    """An app whose database holds the current schema and nothing else."""
    application = make_app(database_url, str(tmp_path / "instance"), **app_config)

    def _forget_cached_user() -> None:
        # The test's app context (and so ``g``) outlives each request, and Flask-Login caches the
        # user in ``g``: without this, one test client's user would leak into another's request.
        # It runs first, before the app loads the user ahead of a write (quizapp.core.setup).
        g.pop("_login_user", None)
        g.pop("touch_session_id", None)

    application.before_request_funcs.setdefault(None, []).insert(0, _forget_cached_user)

    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            _fresh_postgres_schema_once()
        db.create_all()
        if db.engine.dialect.name == "postgresql":
            _truncate_all(db.engine)
        yield application
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            _truncate_all(db.engine)
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner bound to the app."""
    return app.test_cli_runner()


class AuthActions:
    """Log in and out through the real routes."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(
        self, email: str = "learner@example.org", password: str = factories.PASSWORD
    ) -> TestResponse:
        """Post the login form."""
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self) -> TestResponse:
        """Post the logout form."""
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """``auth.login()`` / ``auth.logout()``."""
    return AuthActions(client)
