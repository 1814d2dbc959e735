"""Counting the SQL a block of code runs, for the tests that keep query counts constant."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa

DATA_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


@contextlib.contextmanager
def count_queries(engine: sa.Engine | None = None) -> Iterator[list[str]]:
    """Collect the data statements (not BEGIN, SAVEPOINT or PRAGMA) run on ``engine`` inside the
    block; the app's engine by default."""
    if engine is None:
        from quizapp.extensions import db

        engine = db.engine
    statements: list[str] = []

    def _record(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith(DATA_STATEMENTS):
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", _record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", _record)
