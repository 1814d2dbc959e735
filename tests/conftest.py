"""Shared fixtures: an app with its own database per test, on SQLite and (when
``TEST_DATABASE_URL`` is set) on PostgreSQL too; a client, a CLI runner, an ``auth`` helper.

Speed without sharing state: an SQLite test gets a copy of a schema-only file built once per run
(per pytest-xdist worker) instead of running ``create_all`` itself; each xdist worker has its own
PostgreSQL database (``<name>_<worker>``, created here), so parallel workers never collide; and
``tests/speedups.py`` compiles templates and URL builders once per process, not once per app."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.test import TestResponse

from quizapp import create_app
from quizapp.extensions import db
from tests import factories, speedups

speedups.install_url_builder_cache()


def _per_worker(url: str) -> str:
    """``url`` with the pytest-xdist worker's id added to the database name (``test`` becomes
    ``test_gw0``), so parallel workers never truncate each other's tables; unchanged otherwise."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    parsed = sa.make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


SHARED_POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
POSTGRES_URL = _per_worker(SHARED_POSTGRES_URL)
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def pytest_sessionstart(session: pytest.Session) -> None:
    """Fail loudly, instead of skipping, when CI asks for PostgreSQL and cannot have it."""
    if os.environ.get("QUIZAPP_REQUIRE_POSTGRES") and not POSTGRES_URL:
        pytest.exit("QUIZAPP_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not", returncode=1)
    if SHARED_POSTGRES_URL:
        engine = sa.create_engine(SHARED_POSTGRES_URL, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                if POSTGRES_URL != SHARED_POSTGRES_URL:
                    _create_database(connection, sa.make_url(POSTGRES_URL).database or "")
        except sa.exc.OperationalError as error:
            pytest.exit(
                f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}", returncode=1
            )
        finally:
            engine.dispose()


def _create_database(connection: sa.Connection, name: str) -> None:
    """Create the PostgreSQL database ``name`` unless it exists (an xdist worker's own)."""
    exists = connection.execute(
        sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
    ).scalar()
    if not exists:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, hand the browser tests (the slowest by far) out first, so that no
    worker is left running a long page walk alone while the other has finished."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("browser") is None)


_postgres_schema_rebuilt = False


def _fresh_postgres_schema_once() -> None:
    """Drop and recreate the tables at the first PostgreSQL test of a run, so a schema left
    over from an older checkout (create_all never alters a table) cannot mislead the suite."""
    global _postgres_schema_rebuilt
    if not _postgres_schema_rebuilt:
        db.drop_all()
        _postgres_schema_rebuilt = True


# Sequences a test drew ids from (last_value is NULL for an unused or just-reset one) start again
# at 1, as after TRUNCATE ... RESTART IDENTITY.
_RESTART_USED_SEQUENCES = """
SELECT setval((quote_ident(schemaname) || '.' || quote_ident(sequencename))::regclass,
              start_value, false)
FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL
"""


def _empty_all(engine: sa.Engine) -> None:
    """Delete every row and restart the id sequences: what TRUNCATE ... RESTART IDENTITY does, in
    a few milliseconds instead of a few hundred (TRUNCATE replaces each table's and index's files,
    which costs far more than deleting the handful of rows a test leaves)."""
    deletes = "; ".join(f'DELETE FROM "{t.name}"' for t in reversed(db.metadata.sorted_tables))
    with engine.begin() as connection:
        connection.exec_driver_sql(deletes)
        connection.exec_driver_sql(_RESTART_USED_SEQUENCES)


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
    app.jinja_env.bytecode_cache = speedups.TEMPLATE_BYTECODE  # compile each template once a run
    return app


@pytest.fixture
def app_config() -> dict[str, object]:
    """Extra settings for the ``app`` fixture; override in a test module to change them."""
    return {}


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file holding the current schema and nothing else, built once per run (per
    xdist worker) with ``create_all``; tests start from a copy of it."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite"
    application = make_app(f"sqlite:///{path}", str(path.parent / "instance"))
    with application.app_context():
        db.create_all()
        db.engine.dispose()  # the last connection checkpoints the WAL: the file is complete
    return path


def copy_schema(sqlite_schema: Path, database_url: str) -> bool:
    """Give the SQLite database at ``database_url`` the current schema by copying the template;
    False (nothing done) for any other database."""
    url = sa.make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return False
    shutil.copyfile(sqlite_schema, url.database)
    return True


@pytest.fixture
def app(
    database_url: str, tmp_path: Path, app_config: dict[str, object], sqlite_schema: Path
) -> Iterator[Flask]:
    """An app whose database holds the current schema and nothing else."""
    schema_copied = "DATABASE_URL" not in app_config and copy_schema(sqlite_schema, database_url)
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
        if not schema_copied:
            db.create_all()
        if db.engine.dialect.name == "postgresql":
            _empty_all(db.engine)
        yield application
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            _empty_all(db.engine)
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
