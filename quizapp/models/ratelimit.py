"""Rate-limit counters kept in the database, so every worker and server counts together."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.models.base import Model


class RateLimitCounter(Model):
    """One fixed-window counter of the ``limits`` library: hits under ``key`` until ``expires_at``
    (seconds since the epoch, as ``limits`` reports expiry)."""

    __tablename__ = "rate_limit_counter"

    key: so.Mapped[str] = so.mapped_column(sa.String(255), primary_key=True)
    count: so.Mapped[int] = so.mapped_column(default=0)
    expires_at: so.Mapped[float] = so.mapped_column(index=True)
