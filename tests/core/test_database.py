"""SQLite tuning, BEGIN IMMEDIATE under concurrency, and migrations that match the models."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from quizapp.core.database import write_intent
from quizapp.extensions import db
from tests.conftest import POSTGRES_URL, make_app


def test_sqlite_pragmas(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'p.sqlite'}", str(tmp_path / "inst"))
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
        db.engine.dispose()


def test_concurrent_read_then_write_does_not_lock(tmp_path):
    """Deferred transactions that read then write fail with "database is locked" under
    contention; write transactions opened with BEGIN IMMEDIATE queue instead."""
    app = make_app(f"sqlite:///{tmp_path / 'c.sqlite'}", str(tmp_path / "inst"))
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
            connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        with app.app_context(), write_intent():
            try:
                barrier.wait()
                for _ in range(10):
                    n = db.session.execute(sa.text("SELECT n FROM counter")).scalar_one()
                    db.session.execute(sa.text("UPDATE counter SET n = :n"), {"n": n + 1})
                    db.session.commit()
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        total = db.session.execute(sa.text("SELECT n FROM counter")).scalar_one()
        db.session.remove()
        db.engine.dispose()
    assert errors == []
    assert total == 80  # no lost update: the read and the write are one serialised transaction


def _fresh_postgres_url() -> str:
    """A just-created empty PostgreSQL database beside the test one."""
    url = sa.make_url(POSTGRES_URL)
    name = f"{url.database}_migrations"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrations_build_exactly_the_models(backend, tmp_path):
    if backend == "postgresql" and not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = f"sqlite:///{tmp_path / 'm.sqlite'}" if backend == "sqlite" else _fresh_postgres_url()
    app = make_app(url, str(tmp_path / "inst"))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == []
