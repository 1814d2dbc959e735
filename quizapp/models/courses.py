"""Courses: a trainer's documents, their versions, the course's authors and its learners.

A course owns its topics, passages and items (``quizapp.models.content``). The 2017 U.S. response
with ``content/`` is the built-in course (``builtin``), filled by ``quizapp content sync`` and
read-only in the browser.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.enums import CourseRole, CourseVisibility, sql_in
from quizapp.models.base import Model, utcnow

#: the slug of the course ``quizapp content sync`` fills from ``seeds/`` and ``content/``
BUILTIN_COURSE_SLUG = "us-response-2017"


class Course(Model):
    """One or a few source documents, their passages, topics and item bank."""

    __tablename__ = "course"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    language: so.Mapped[str] = so.mapped_column(sa.String(16), default="en")
    builtin: so.Mapped[bool] = so.mapped_column(default=False)
    visibility: so.Mapped[str] = so.mapped_column(
        sa.String(16), default=CourseVisibility.PRIVATE.value
    )
    archived: so.Mapped[bool] = so.mapped_column(default=False)
    #: the course this one was duplicated from, if any
    copied_from_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("course.id", ondelete="SET NULL")
    )
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(sql_in("visibility", CourseVisibility), name="visibility_known"),
    )

    def __repr__(self) -> str:
        return f"<Course {self.id} {self.slug}>"


class CourseAuthor(Model):
    """A person who may author in a course: its owner, or a co-author the owner invited."""

    __tablename__ = "course_author"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    course_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(16), default=CourseRole.CO_AUTHOR.value)
    added_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("course_id", "user_id"),
        sa.CheckConstraint(sql_in("role", CourseRole), name="role_known"),
    )


class CourseEnrolment(Model):
    """A learner who chose a course (the dashboard, study and quiz builder show their courses)."""

    __tablename__ = "course_enrolment"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    course_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    enrolled_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("course_id", "user_id"),)


class SourceDocument(Model):
    """A document a course teaches from; its text lives in :class:`DocumentVersion` rows."""

    __tablename__ = "source_document"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    course_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"))
    slug: so.Mapped[str] = so.mapped_column(sa.String(80))
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    position: so.Mapped[int] = so.mapped_column(default=0)
    #: the version passages are read from now (null only while the first version is saved)
    current_version_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey(
            "document_version.id", use_alter=True, ondelete="SET NULL", name="fk_document_current"
        )
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)


class DocumentVersion(Model):
    """One uploaded version of a document: the extracted text and the file's fingerprint.

    Passages belong to a version, so an item keeps citing the words it was written from after a
    new version arrives (it is then marked ``needs_review`` when its quote is gone).
    """

    __tablename__ = "document_version"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("source_document.id", ondelete="CASCADE")
    )
    version: so.Mapped[int]
    filename: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    media_type: so.Mapped[str] = so.mapped_column(sa.String(100), default="text/plain")
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    size_bytes: so.Mapped[int] = so.mapped_column(default=0)
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("document_id", "version"),)
