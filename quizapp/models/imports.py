"""What importing documents leaves behind besides passages and items: a course's glossary terms
(the drafting's key terms an author adds) and the generation report of each document version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.models.base import Model, utcnow


class CourseTerm(Model):
    """A term an author added to a course's glossary: drafting gaps it first."""

    __tablename__ = "course_term"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    course_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"))
    term: so.Mapped[str] = so.mapped_column(sa.String(200))
    added_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("course_id", "term"),)


class GenerationReport(Model):
    """What drafting made of one document version: per passage, what was drafted and what was
    refused and why (``report`` is the JSON the report page lays out)."""

    __tablename__ = "generation_report"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_version_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("document_version.id", ondelete="CASCADE"), unique=True
    )
    drafted: so.Mapped[int] = so.mapped_column(default=0)
    rejected: so.Mapped[int] = so.mapped_column(default=0)
    report: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
