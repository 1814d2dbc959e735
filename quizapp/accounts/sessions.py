"""Signed-in sessions kept on the server (``user_session``), so signing out really ends them.

Flask-Login stores ``User.get_id()`` in the signed session cookie and in the remember-me cookie.
Here that key is ``<UserSession.id>.<token>``: one primary-key lookup (joined to the user) loads
the signed-in user, and a cookie whose record was deleted — by logging out, "sign out" on the
account page, a password change or 30 days without use — loads nobody, however often it is
replayed. Only a SHA-256 digest of the random token is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from quizapp.core.database import try_quick_write
from quizapp.extensions import db
from quizapp.models.accounts import User
from quizapp.models.base import utcnow
from quizapp.models.sessions import UserSession

__all__ = [
    "IDLE_LIMIT",
    "TOUCH_INTERVAL",
    "Loaded",
    "SessionView",
    "current_record_id",
    "describe_user_agent",
    "end_all",
    "end_current",
    "end_one",
    "end_others",
    "list_for",
    "load",
    "start",
    "touch",
]

#: A session unused this long is over (the same as the remember-me cookie's lifetime).
IDLE_LIMIT = timedelta(days=30)
#: "Last seen" is written at most this often per session, so browsing does not write every time.
TOUCH_INTERVAL = timedelta(minutes=5)

_TOKEN_BYTES = 32


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _split_key(key: str | None) -> tuple[int, str] | None:
    """``(record id, token)`` from a session key, or None when it is not one."""
    record_id, _, token = (key or "").partition(".")
    if not record_id.isdigit() or not token or len(record_id) > 18:
        return None
    return int(record_id), token


def current_record_id(user: User) -> int | None:
    """The id of the session record ``user`` was signed in or loaded with."""
    parts = _split_key(user.session_key)
    return parts[0] if parts else None


def start(user: User, *, user_agent: str, ip_address: str) -> UserSession:
    """Record a new signed-in session for ``user`` (flushed, not committed) and give ``user`` its
    key, so the next ``login_user`` writes the key into the cookies."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    record = UserSession(
        user_id=user.id,
        token_hash=_digest(token),
        user_agent=describe_user_agent(user_agent),
        ip_address=(ip_address or "")[:45],
    )
    db.session.add(record)
    db.session.flush()
    user.session_key = f"{record.id}.{token}"
    return record


@dataclass(frozen=True)
class Loaded:
    """The user behind a session key, and whether its "last seen" time is due for an update."""

    user: User
    record_id: int
    needs_touch: bool


# Built once (every signed-in request runs it): the user, and only the record's columns it needs.
_LOAD = (
    sa.select(User, UserSession.token_hash, UserSession.last_seen_at)
    .join(User, User.id == UserSession.user_id)
    .where(UserSession.id == sa.bindparam("record_id"))
)


def load(key: str, *, now: datetime | None = None) -> Loaded | None:
    """The signed-in user for a cookie's session key, or None when the session has ended."""
    parts = _split_key(key)
    if parts is None:
        return None
    record_id, token = parts
    row = db.session.execute(_LOAD, {"record_id": record_id}).first()
    if row is None:
        return None
    user, token_hash, last_seen_at = row
    now = now or utcnow()
    if not hmac.compare_digest(token_hash, _digest(token)):
        return None
    if last_seen_at < now - IDLE_LIMIT:
        return None
    user.session_key = key
    return Loaded(user, record_id, last_seen_at < now - TOUCH_INTERVAL)


def touch(record_id: int, *, now: datetime | None = None) -> None:
    """Note that a session was just used; skipped, not waited for, if the database is busy."""
    now = now or utcnow()
    try_quick_write(
        db.engine,
        sa.update(UserSession)
        .where(UserSession.id == record_id, UserSession.last_seen_at < now - TOUCH_INTERVAL)
        .values(last_seen_at=now),
    )


def end_current(user: User) -> None:
    """End the session ``user`` is signed in with (not committed)."""
    record_id = current_record_id(user)
    if record_id is not None:
        db.session.execute(
            sa.delete(UserSession).where(
                UserSession.id == record_id, UserSession.user_id == user.id
            )
        )


def end_one(user: User, record_id: int) -> bool:
    """End one of ``user``'s sessions; False when ``user`` has no session with that id."""
    if not 0 < record_id < 2**31:
        return False
    return (
        _deleted(
            sa.delete(UserSession).where(
                UserSession.id == record_id, UserSession.user_id == user.id
            )
        )
        > 0
    )


def end_others(user: User) -> int:
    """End every session of ``user`` but the current one; returns how many ended."""
    query = sa.delete(UserSession).where(UserSession.user_id == user.id)
    current = current_record_id(user)
    if current is not None:
        query = query.where(UserSession.id != current)
    return _deleted(query)


def _deleted(statement: sa.Delete) -> int:
    """Run a DELETE; how many rows it removed."""
    result = cast("sa.CursorResult[Any]", db.session.execute(statement))
    return int(result.rowcount or 0)


def end_all(user: User) -> None:
    """End every session of ``user`` (a password change; the caller starts a fresh one)."""
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))


@dataclass(frozen=True)
class SessionView:
    """One signed-in session as the account page lists it."""

    id: int
    device: str
    ip_address: str
    created_at: datetime
    last_seen_at: datetime
    is_current: bool


def list_for(user: User, *, now: datetime | None = None) -> list[SessionView]:
    """``user``'s live sessions, this one first, then the most recently used."""
    now = now or utcnow()
    current = current_record_id(user)
    records = db.session.scalars(
        sa.select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.last_seen_at >= now - IDLE_LIMIT)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    views = [
        SessionView(
            id=record.id,
            device=record.user_agent or "Unknown browser",
            ip_address=record.ip_address or "unknown",
            created_at=record.created_at,
            last_seen_at=record.last_seen_at,
            is_current=record.id == current,
        )
        for record in records
    ]
    return sorted(views, key=lambda view: not view.is_current)  # stable: keeps the recency order


_BROWSERS = (
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
)
_SYSTEMS = (
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows"),
    ("macOS", r"Macintosh|Mac OS X"),
    ("Linux", r"Linux|X11"),
)


def describe_user_agent(user_agent: str) -> str:
    """A short, human description of a browser ("Firefox on Windows"); never the raw header.

    Args:
        user_agent: the ``User-Agent`` header, possibly empty.

    Returns:
        "<browser> on <system>", either part "Unknown ..." when not recognised.
    """
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, user_agent)), None)
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), None)
    if browser is None and system is None:
        return "Unknown browser"
    return f"{browser or 'Unknown browser'} on {system or 'an unknown system'}"
