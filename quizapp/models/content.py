"""A course's passages, topics and the item bank generated from them (courses and documents:
``quizapp.models.courses``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.enums import ItemOrigin, ItemStatus, sql_in
from quizapp.models.base import Model, utcnow


class Topic(Model):
    """A theme of a course (in the built-in course: one of the document's six thematic areas, or
    a cross-cutting theme)."""

    __tablename__ = "topic"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    course_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("course.id", ondelete="CASCADE"), index=True
    )
    slug: so.Mapped[str] = so.mapped_column(sa.String(80))
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    position: so.Mapped[int] = so.mapped_column(default=0)
    area: so.Mapped[int | None]

    items: so.WriteOnlyMapped[Item] = so.relationship(back_populates="topic")

    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)


class Passage(Model):
    """A paragraph, list bullet or numbered provision of one version of a document, addressed by
    a stable anchor (unique within that version)."""

    __tablename__ = "passage"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_version_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("document_version.id", ondelete="CASCADE"), index=True
    )
    anchor: so.Mapped[str] = so.mapped_column(sa.String(80))
    #: the thematic area (1-6) in the built-in document; null in documents without areas
    area: so.Mapped[int | None]
    position: so.Mapped[int]
    heading: so.Mapped[str | None] = so.mapped_column(sa.Text)
    text: so.Mapped[str] = so.mapped_column(sa.Text)

    __table_args__ = (sa.UniqueConstraint("document_version_id", "anchor"),)


class Item(Model):
    """A flashcard or quiz question of one course. ``key`` is the stable id (unique in the course)
    that learner history hangs on; learners are served only ``published`` items."""

    __tablename__ = "item"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    course_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("course.id", ondelete="CASCADE"), index=True
    )
    key: so.Mapped[str] = so.mapped_column(sa.String(120))
    #: a registered kind (quizapp.items.kinds); the registry, not a CHECK, says which exist
    kind: so.Mapped[str] = so.mapped_column(sa.String(24), index=True)
    topic_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("topic.id"), index=True)
    passage_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("passage.id"), index=True)
    origin: so.Mapped[str] = so.mapped_column(sa.String(16))
    prompt: so.Mapped[str] = so.mapped_column(sa.Text)
    body: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    explanation: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    difficulty: so.Mapped[float] = so.mapped_column(default=0.5)
    quote: so.Mapped[str | None] = so.mapped_column(sa.Text)
    instrument: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    provision: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    #: what the item tests (a :class:`quizapp.enums.Skill` value); null for authored items
    #: written before skills existed
    skill: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    status: so.Mapped[str] = so.mapped_column(
        sa.String(16), default=ItemStatus.PUBLISHED.value, index=True
    )
    #: set when a new version of the document no longer holds the quote verbatim; the item keeps
    #: citing the version it was written from until an author reviews it
    needs_review: so.Mapped[bool] = so.mapped_column(default=False)
    version: so.Mapped[int] = so.mapped_column(default=1)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    topic: so.Mapped[Topic] = so.relationship(back_populates="items")
    passage: so.Mapped[Passage | None] = so.relationship()

    __table_args__ = (
        sa.UniqueConstraint("course_id", "key"),
        sa.CheckConstraint(sql_in("origin", ItemOrigin), name="origin_known"),
        sa.CheckConstraint(sql_in("status", ItemStatus), name="status_known"),
    )

    @property
    def retired(self) -> bool:
        """True when the item is retired (kept with its history, served to no one)."""
        return self.status == ItemStatus.RETIRED

    @property
    def published(self) -> bool:
        """True when learners are served the item."""
        return self.status == ItemStatus.PUBLISHED


class ItemRevision(Model):
    """What an item said at one version, so an old attempt is reviewed exactly as it was asked
    even after a content sync or an author rewords the item; the editor's history diffs these.
    ``author_id`` is null for revisions written by ``quizapp content sync``."""

    __tablename__ = "item_revision"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"))
    version: so.Mapped[int]
    prompt: so.Mapped[str] = so.mapped_column(sa.Text)
    body: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    explanation: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    quote: so.Mapped[str | None] = so.mapped_column(sa.Text)
    instrument: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    provision: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    topic_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("topic.id"))
    passage_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("passage.id"))
    status: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    #: the item's skill at this version (null in revisions written before it was recorded)
    skill: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    author_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("item_id", "version"),)


class ContentRelease(Model):
    """A bank the app has served, once per bank fingerprint; the release synced most recently
    (``synced_at``, moved forward when a sync returns to an earlier bank) is the one served now."""

    __tablename__ = "content_release"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    bank_sha256: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    item_count: so.Mapped[int]
    added: so.Mapped[int] = so.mapped_column(default=0)
    updated: so.Mapped[int] = so.mapped_column(default=0)
    retired: so.Mapped[int] = so.mapped_column(default=0)
    synced_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
