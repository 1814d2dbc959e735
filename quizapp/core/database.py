"""Engine tuning: SQLite pragmas and ``BEGIN IMMEDIATE`` for write transactions.

SQLite: WAL lets readers run beside one writer. A transaction that starts as a read (``BEGIN``
DEFERRED) and later writes must upgrade its lock; if another writer got there first, SQLite
answers "database is locked" at once, whatever the busy timeout. Opening write transactions with
``BEGIN IMMEDIATE`` takes the write lock up front, so a second writer waits (busy timeout)
instead of failing. Requests that may write (every method but GET/HEAD/OPTIONS) and CLI commands
that write declare it with :func:`write_intent`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Flask

_WRITE_INTENT: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "quizapp_write_intent", default=False
)


@contextlib.contextmanager
def write_intent() -> Iterator[None]:
    """Open every transaction begun inside this block with ``BEGIN IMMEDIATE`` on SQLite."""
    token = _WRITE_INTENT.set(True)
    try:
        yield
    finally:
        _WRITE_INTENT.reset(token)


def set_write_intent(value: bool) -> contextvars.Token[bool]:
    """Set the write intent for the current context (used per request); returns a reset token."""
    return _WRITE_INTENT.set(value)


def reset_write_intent(token: contextvars.Token[bool]) -> None:
    """Undo :func:`set_write_intent`."""
    _WRITE_INTENT.reset(token)


def engine_options(database_uri: str, busy_timeout_ms: int) -> dict[str, Any]:
    """Engine keyword arguments suited to the database behind ``database_uri``."""
    if database_uri.startswith("sqlite"):
        return {"connect_args": {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_recycle": 1800}


def tune_sqlite(engine: sa.Engine, busy_timeout_ms: int) -> None:
    """Install pragmas on each new connection and take over transaction begins."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _WRITE_INTENT.get() else "BEGIN")


def configure_engine(app: Flask, engine: sa.Engine) -> None:
    """Apply per-dialect tuning to the app's engine."""
    if engine.dialect.name == "sqlite":
        tune_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
