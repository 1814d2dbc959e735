"""People and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy import orm as so

from quizapp.models.base import Model, utcnow


class Role(enum.StrEnum):
    """What a user may do; a trainer can also learn, an admin can also train."""

    LEARNER = "learner"
    TRAINER = "trainer"
    ADMIN = "admin"


ROLE_RANK = {Role.LEARNER: 0, Role.TRAINER: 1, Role.ADMIN: 2}


class User(UserMixin, Model):
    """An account. Learning preferences live here because every learner has exactly one set."""

    __tablename__ = "user"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(80))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    role: so.Mapped[str] = so.mapped_column(sa.String(16), default=Role.LEARNER.value)
    desired_retention: so.Mapped[float] = so.mapped_column(default=0.9)
    new_cards_per_day: so.Mapped[int] = so.mapped_column(default=20)
    include_background: so.Mapped[bool] = so.mapped_column(default=True)
    is_demo: so.Mapped[bool] = so.mapped_column(default=False)
    #: an admin lets a learner author courses (trainers and admins may author without it)
    is_author: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint("role IN ('learner', 'trainer', 'admin')", name="role_known"),
        sa.CheckConstraint(
            "desired_retention >= 0.80 AND desired_retention <= 0.97", name="retention_range"
        ),
    )

    @property
    def session_key(self) -> str | None:
        """The key of the server-side session this instance was signed in or loaded with
        (``<UserSession.id>.<token>``); set by ``quizapp.accounts.sessions``, not a column."""
        return self.__dict__.get("_session_key")

    @session_key.setter
    def session_key(self, key: str) -> None:
        self.__dict__["_session_key"] = key

    def get_id(self) -> str:
        """Flask-Login's key for the session and remember-me cookies: the key of this sign-in's
        ``UserSession`` record, so ending the record ends both cookies (see accounts.sessions)."""
        if self.session_key is None:
            raise RuntimeError("a user is signed in only through quizapp.accounts.sessions")
        return self.session_key

    def has_role(self, role: Role | str) -> bool:
        """True when this user's role is ``role`` or ranks above it."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    @property
    def may_author(self) -> bool:
        """True when this user may create courses and author in the courses they own."""
        return self.is_author or self.has_role(Role.TRAINER)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
