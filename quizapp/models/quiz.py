"""Quiz attempts and the answers given in them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.enums import QuizMode, sql_in
from quizapp.models.base import Model, utcnow
from quizapp.models.settings import AttemptSettings


class Attempt(Model):
    """One sitting of a quiz: the items in the order shown and the seed that shuffled them."""

    __tablename__ = "attempt"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    assignment_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("assignment.id", ondelete="SET NULL"), index=True
    )
    mode: so.Mapped[str] = so.mapped_column(sa.String(16))
    seed: so.Mapped[int]
    item_ids: so.Mapped[list[int]] = so.mapped_column(sa.JSON)
    settings: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    started_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    finished_at: so.Mapped[datetime | None]
    score: so.Mapped[float | None]
    max_score: so.Mapped[float | None]

    responses: so.WriteOnlyMapped[Response] = so.relationship(
        back_populates="attempt", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (sa.CheckConstraint(sql_in("mode", QuizMode), name="mode_known"),)

    @property
    def requested_settings(self) -> AttemptSettings:
        """What the learner asked for, typed (``settings`` is its stored JSON)."""
        return AttemptSettings.from_json(self.settings)

    @property
    def share(self) -> float | None:
        """The finished score as a share of the maximum (0..1); None before the attempt is
        scored."""
        return (self.score or 0.0) / self.max_score if self.max_score else None


class Response(Model):
    """The answer to one item in one attempt, stored exactly once (UNIQUE attempt, item)."""

    __tablename__ = "response"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    attempt_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("attempt.id", ondelete="CASCADE"))
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"), index=True)
    item_version: so.Mapped[int | None]  # the item's version when answered (see ItemRevision)
    position: so.Mapped[int]
    answer: so.Mapped[Any] = so.mapped_column(sa.JSON)
    score: so.Mapped[float]  # 0..1, partial credit for multiple response and matching
    correct: so.Mapped[bool]
    answered_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    duration_ms: so.Mapped[int | None]

    attempt: so.Mapped[Attempt] = so.relationship(back_populates="responses")

    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "item_id"),
        sa.UniqueConstraint("attempt_id", "position"),
        sa.CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
    )
