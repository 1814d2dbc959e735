"""Trainer-run groups, who is in them, and what they are asked to do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.enums import AssignmentKind, sql_in
from quizapp.models.base import Model, utcnow
from quizapp.models.settings import GoalSettings, QuizSettings


class Cohort(Model):
    """A group run by a trainer, joined with a code."""

    __tablename__ = "cohort"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    join_code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    owner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id"), index=True)
    #: the course the cohort's assignments and live sessions draw from
    course_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("course.id"), index=True)
    archived: so.Mapped[bool] = so.mapped_column(default=False)
    is_demo: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Membership(Model):
    """A user in a cohort, as a learner or as a co-trainer. One row per (cohort, user)."""

    __tablename__ = "membership"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cohort_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohort.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(16), default="learner")
    joined_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("cohort_id", "user_id"),
        sa.CheckConstraint("role IN ('learner', 'trainer')", name="role_known"),
    )


class Assignment(Model):
    """A quiz or a flashcard goal set for a cohort, with an optional due date."""

    __tablename__ = "assignment"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cohort_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cohort.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    settings: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    due_at: so.Mapped[datetime | None]
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.CheckConstraint(sql_in("kind", AssignmentKind), name="kind_known"),)

    @property
    def quiz_settings(self) -> QuizSettings:
        """The settings of a quiz assignment, typed (``settings`` is their stored JSON)."""
        return QuizSettings.from_json(self.settings)

    @property
    def goal_settings(self) -> GoalSettings:
        """The settings of a flashcard goal, typed (``settings`` is their stored JSON)."""
        return GoalSettings.from_json(self.settings)

    @property
    def topic_ids(self) -> tuple[int, ...]:
        """The topics a quiz draws from or a goal asks to master."""
        return tuple(self.settings.get("topic_ids", []))
