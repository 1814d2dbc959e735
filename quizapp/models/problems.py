"""Learners' reports of a problem with an item, and how an author resolved them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.enums import ProblemReason, ProblemStatus, sql_in
from quizapp.models.base import Model, utcnow


class ProblemReport(Model):
    """ "Report a problem with this item": one open report per learner and item.

    ``is_open`` is True while the report is open and NULL once resolved or dismissed, so the UNIQUE
    (user, item, is_open) constraint allows one open report per learner and item and any number of
    closed ones (NULLs are distinct in SQLite and PostgreSQL alike).
    """

    __tablename__ = "problem_report"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"), index=True)
    item_version: so.Mapped[int]
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    reason: so.Mapped[str] = so.mapped_column(sa.String(24))
    comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    status: so.Mapped[str] = so.mapped_column(
        sa.String(16), default=ProblemStatus.OPEN.value, index=True
    )
    is_open: so.Mapped[bool | None] = so.mapped_column(default=True)
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    resolved_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    resolved_at: so.Mapped[datetime | None]

    __table_args__ = (
        sa.UniqueConstraint("user_id", "item_id", "is_open"),
        sa.CheckConstraint(sql_in("reason", ProblemReason), name="reason_known"),
        sa.CheckConstraint(sql_in("status", ProblemStatus), name="status_known"),
        sa.CheckConstraint(
            "(status = 'open' AND is_open IS NOT NULL) OR (status <> 'open' AND is_open IS NULL)",
            name="open_matches_status",
        ),
    )
