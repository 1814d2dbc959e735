"""Engine tuning: SQLite pragmas and ``BEGIN IMMEDIATE`` for write transactions.

SQLite: WAL lets readers run beside one writer. A transaction that starts as a read (``BEGIN``
DEFERRED) and later writes must upgrade its lock; if another writer got there first, SQLite
answers "database is locked" at once, whatever the busy timeout. Opening write transactions with
``BEGIN IMMEDIATE`` takes the write lock up front, so a second writer waits (busy timeout)
instead of failing. Requests that may write (every method but GET/HEAD/OPTIONS) and CLI commands
that write declare it with :func:`write_intent`.

Slow work (hashing a password) and the signed-in user's load happen before the write lock is taken:
:func:`outside_write_lock` runs reads in a plain transaction that ends before the view writes. A
writer that cannot get the lock within the busy timeout raises an error :func:`is_lock_timeout`
recognises; the app answers 503 with ``Retry-After`` (see ``quizapp.core.errors``).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import orm as so

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


@contextlib.contextmanager
def outside_write_lock(session: so.Session | so.scoped_session[Any]) -> Iterator[None]:
    """Run the block's queries in a read transaction (no write lock on SQLite), then end it.

    Use it before the request writes anything: for checking a password, or loading what a slow
    step needs. On exit the transaction is committed (it holds no changes), so the next query
    begins afresh, with ``BEGIN IMMEDIATE`` again when the request writes.
    """
    token = _WRITE_INTENT.set(False)
    try:
        yield
        _end_read_transaction(session() if isinstance(session, so.scoped_session) else session)
    finally:
        _WRITE_INTENT.reset(token)


def _end_read_transaction(session: so.Session) -> None:
    """Commit a transaction that wrote nothing, keeping what it loaded: the objects are as current
    as when they were read, and expiring them would read them again (the signed-in user, on every
    request that writes)."""
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def is_lock_timeout(error: BaseException) -> bool:
    """True when ``error`` says SQLite's write lock stayed taken for the whole busy timeout."""
    original = getattr(error, "orig", None)
    if not isinstance(error, sa.exc.OperationalError) or original is None:
        return False
    message = str(original).lower()
    return "database is locked" in message or "database is busy" in message


def try_quick_write(engine: sa.Engine, statement: sa.Executable, wait_ms: int = 200) -> bool:
    """Run one small write on its own connection, waiting at most ``wait_ms`` for SQLite's lock.

    For bookkeeping that may be skipped (a "last seen" time): a request must not wait the full busy
    timeout, nor fail, because another process holds the write lock. Returns False if skipped.
    """
    with write_intent(), engine.connect() as connection:
        raw = connection.connection.dbapi_connection if engine.dialect.name == "sqlite" else None
        previous_ms = 0
        if raw is not None:
            previous_ms = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])
            raw.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        try:
            connection.execute(statement)
            connection.commit()
            return True
        except sa.exc.OperationalError as error:
            if not is_lock_timeout(error):
                raise
            connection.rollback()
            return False
        finally:
            if raw is not None:
                raw.execute(f"PRAGMA busy_timeout={previous_ms}")


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
