"""Server-side records of signed-in sessions, so signing out really ends a session."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.models.base import Model, utcnow


class UserSession(Model):
    """One signed-in browser or device. The session cookie and the remember-me cookie carry
    ``<id>.<token>``; only a SHA-256 digest of the random token is stored, so a copy of this table
    cannot be replayed as cookies. Signing out deletes the row, which ends both cookies."""

    __tablename__ = "user_session"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    user_agent: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    ip_address: so.Mapped[str] = so.mapped_column(sa.String(45), default="")

    def __repr__(self) -> str:
        return f"<UserSession {self.id} of user {self.user_id}>"
