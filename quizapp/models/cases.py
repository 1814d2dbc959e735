"""Plays of branching case studies (items of kind ``case_study``) and the decisions in them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.models.base import Model, utcnow


class CaseRun(Model):
    """One play of a case by one learner. ``number`` counts a learner's plays of the case (UNIQUE
    user, item, number), so two clicks on "Start" make one run; ``finished_at`` and ``score`` are
    set when the path reaches an end."""

    __tablename__ = "case_run"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"), index=True)
    item_version: so.Mapped[int]  # the case's version when the run started (see ItemRevision)
    number: so.Mapped[int]
    started_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    finished_at: so.Mapped[datetime | None]
    score: so.Mapped[float | None]  # share of decisions along the path that were keys, 0..1

    __table_args__ = (
        sa.UniqueConstraint("user_id", "item_id", "number"),
        sa.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
    )


class CaseDecision(Model):
    """The option chosen at one step of a run, stored exactly once (UNIQUE run, step)."""

    __tablename__ = "case_decision"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    run_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("case_run.id", ondelete="CASCADE"))
    step_key: so.Mapped[str] = so.mapped_column(sa.String(80))
    position: so.Mapped[int]  # 1 for the first decision of the run
    option: so.Mapped[str] = so.mapped_column(sa.Text)
    correct: so.Mapped[bool]
    decided_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("run_id", "step_key"),
        sa.UniqueConstraint("run_id", "position"),
    )
