"""One counter that changes whenever learner-facing content changes, for per-process caches.

Every transaction that adds, changes or deletes a course, topic, passage, document version or item
— through the ORM (a flush) or an ORM-enabled ``insert``/``update``/``delete`` statement — also
bumps ``content_version.version``, in the same transaction. A worker that reads the counter and
finds the value it cached under knows its cache is current; any other value, and it reloads. The
counter lives in the database, so every worker on every server sees a publish when it commits.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.models.base import Model
from quizapp.models.content import Item, Passage, Topic
from quizapp.models.courses import Course, DocumentVersion

__all__ = ["CONTENT_MODELS", "ContentVersion", "bump", "changed_in_transaction", "install", "read"]

#: The models whose rows learners are served from caches.
CONTENT_MODELS: tuple[type[Model], ...] = (Course, DocumentVersion, Item, Passage, Topic)
_CONTENT_TABLES = frozenset(
    name
    for model in CONTENT_MODELS
    if isinstance(name := getattr(model, "__tablename__", None), str)
)
_ROW_ID = 1
_BUMPED = "quizapp_content_version_bumped"  # the transaction or savepoint that bumped last
_CHANGED = "quizapp_content_changed"  # content changed since the outermost transaction began


class ContentVersion(Model):
    """The single row (id 1) holding the content version."""

    __tablename__ = "content_version"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    version: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=1)


_READ = sa.select(ContentVersion.version).where(ContentVersion.id == _ROW_ID)
_BUMP = (
    sa.update(ContentVersion)
    .where(ContentVersion.id == _ROW_ID)
    .values(version=ContentVersion.version + 1)
)


def read(session: so.Session | so.scoped_session[Any]) -> int:
    """The current version (0 when the row is missing, as in a freshly emptied test database)."""
    return session.execute(_READ).scalar() or 0


def bump(session: so.Session) -> None:
    """Increase the version in ``session``'s transaction (once per transaction or savepoint is
    enough: other workers see the new value only when it commits, with the change)."""
    current = session.get_nested_transaction() or session.get_transaction()
    if current is not None and session.info.get(_BUMPED) is current:
        return
    session.info[_BUMPED] = current
    session.info[_CHANGED] = True
    result: Any = session.execute(_BUMP)
    if not result.rowcount:
        session.execute(sa.insert(ContentVersion).values(id=_ROW_ID, version=2))


def changed_in_transaction(session: so.Session) -> bool:
    """True when ``session``'s transaction has changed content (not committed yet)."""
    return bool(session.info.get(_CHANGED))


def _touches_content(session: so.Session) -> bool:
    changed = (*session.new, *session.dirty, *session.deleted)
    return any(isinstance(obj, CONTENT_MODELS) for obj in changed)


def _before_flush(session: so.Session, _context: Any, _instances: Any) -> None:
    if _touches_content(session):
        bump(session)


def _on_execute(state: so.ORMExecuteState) -> None:
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) in _CONTENT_TABLES:
        bump(state.session)


def _after_transaction_end(session: so.Session, transaction: so.SessionTransaction) -> None:
    if session.info.get(_BUMPED) is transaction:  # a later transaction bumps again
        session.info.pop(_BUMPED, None)
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)


def install(session_class: type[so.Session] = so.Session) -> None:
    """Bump the version from every session of ``session_class`` (idempotent)."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("do_orm_execute", _on_execute),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not sa.event.contains(session_class, name, listener):
            sa.event.listen(session_class, name, listener)
