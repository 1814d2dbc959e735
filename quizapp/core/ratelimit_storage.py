"""A ``limits`` storage backed by the app's database: ``RATELIMIT_STORAGE_URI=quizapp+db://``.

Flask-Limiter's default, ``memory://``, counts per process, so with several gunicorn workers a
limit of 5 would really be 5 per worker. Keeping the counters in the database (the default here)
makes every worker and server count together with no extra service; Redis remains the choice for a
very busy site. Only the fixed-window strategy is supported (the one quizapp uses).

The counters are written through the request's own database session and committed at once: a
failed login must count even though the request that records it writes nothing else. Call sites
record hits before doing other writes (Flask-Limiter checks before the view; the login view records
a failure after a read-only password check), so the commit never carries half a view's work.
"""

from __future__ import annotations

import time
from typing import Any, cast

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite

from quizapp.extensions import db
from quizapp.models.ratelimit import RateLimitCounter

#: Expired counters are swept this long after they expire, by the next hit.
SWEEP_AFTER_SECONDS = 24 * 3600


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit_counter`` table."""

    # limits declares this a plain (instance) attribute, so it cannot be a ClassVar here.
    STORAGE_SCHEME = ["quizapp+db"]  # noqa: RUF012

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Errors the ``limits`` library may wrap."""
        return sa.exc.SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add ``amount`` hits to ``key``, starting a new window when the last one expired; one
        atomic statement, so the count it returns can be compared with a limit without a race.
        A negative ``amount`` gives hits back (a new window never starts below zero)."""
        now = time.time()
        fresh = max(amount, 0)
        dialect = db.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(RateLimitCounter)
        expired = RateLimitCounter.expires_at <= now
        statement = (
            insert.values(key=key, count=fresh, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[RateLimitCounter.key],
                set_={
                    "count": sa.case((expired, fresh), else_=RateLimitCounter.count + amount),
                    "expires_at": sa.case(
                        (expired, now + expiry), else_=RateLimitCounter.expires_at
                    ),
                },
            )
            .returning(RateLimitCounter.count)
        )
        count = db.session.execute(statement).scalar_one()
        db.session.execute(
            sa.delete(RateLimitCounter).where(
                RateLimitCounter.expires_at < now - SWEEP_AFTER_SECONDS
            )
        )
        db.session.commit()
        return int(count)

    def get(self, key: str) -> int:
        """Hits in the current window of ``key`` (0 when none or expired)."""
        count = db.session.scalar(
            sa.select(RateLimitCounter.count).where(
                RateLimitCounter.key == key, RateLimitCounter.expires_at > time.time()
            )
        )
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        """When the current window of ``key`` ends (now when there is none)."""
        now = time.time()
        expires = db.session.scalar(
            sa.select(RateLimitCounter.expires_at).where(
                RateLimitCounter.key == key, RateLimitCounter.expires_at > now
            )
        )
        return float(expires or now)

    def check(self) -> bool:
        """True when the database answers."""
        try:
            db.session.execute(sa.select(1))
            return True
        except sa.exc.SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        """Forget every counter; returns how many there were."""
        # A DML statement executes to a CursorResult, which counts the rows it touched.
        result = cast("sa.CursorResult[Any]", db.session.execute(sa.delete(RateLimitCounter)))
        removed = result.rowcount
        db.session.commit()
        return removed

    def clear(self, key: str) -> None:
        """Forget one counter."""
        db.session.execute(sa.delete(RateLimitCounter).where(RateLimitCounter.key == key))
        db.session.commit()


def register() -> type[DatabaseStorage]:
    """Make ``quizapp+db://`` known to ``limits``; ``register_extensions`` calls it before the
    limiter reads its storage URI.

    ``limits`` registers a storage class by its ``STORAGE_SCHEME`` when the class is defined, so
    importing this module is what registers it; the call makes that step explicit at the one
    place it is needed instead of a side-effect import at the bottom of ``extensions``.
    """
    return DatabaseStorage
