"""People and their roles."""

from __future__ import annotations

import enum
import hashlib
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
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint("role IN ('learner', 'trainer', 'admin')", name="role_known"),
        sa.CheckConstraint(
            "desired_retention >= 0.80 AND desired_retention <= 0.97", name="retention_range"
        ),
    )

    def get_id(self) -> str:
        """Flask-Login's session key: the id plus a fingerprint of the password hash, so changing
        the password ends every other session and remember-me cookie (see
        accounts.routes.load_user)."""
        return f"{self.id}.{self.password_fingerprint()}"

    def password_fingerprint(self) -> str:
        """A short digest of the stored hash; it changes whenever the password does."""
        return hashlib.sha256(self.password_hash.encode("utf-8")).hexdigest()[:16]

    def has_role(self, role: Role | str) -> bool:
        """True when this user's role is ``role`` or ranks above it."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
