"""The document, its passages, topics and the item bank generated from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.enums import ItemOrigin, sql_in
from quizapp.models.base import Model, utcnow


class Topic(Model):
    """One of the six thematic areas of the document, or a cross-cutting theme."""

    __tablename__ = "topic"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    position: so.Mapped[int] = so.mapped_column(default=0)
    area: so.Mapped[int | None]

    items: so.WriteOnlyMapped[Item] = so.relationship(back_populates="topic")


class Passage(Model):
    """A paragraph or list bullet of the source document, addressed by a stable anchor."""

    __tablename__ = "passage"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    anchor: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    area: so.Mapped[int]
    position: so.Mapped[int]
    heading: so.Mapped[str | None] = so.mapped_column(sa.Text)
    text: so.Mapped[str] = so.mapped_column(sa.Text)


class Item(Model):
    """A flashcard or quiz question. ``key`` is the stable id that learner history hangs on."""

    __tablename__ = "item"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(120), unique=True)
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
    retired: so.Mapped[bool] = so.mapped_column(default=False)
    version: so.Mapped[int] = so.mapped_column(default=1)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    topic: so.Mapped[Topic] = so.relationship(back_populates="items")
    passage: so.Mapped[Passage | None] = so.relationship()

    __table_args__ = (sa.CheckConstraint(sql_in("origin", ItemOrigin), name="origin_known"),)


class ItemRevision(Model):
    """What an item said at one version, so an old attempt is reviewed exactly as it was asked
    even after a content sync rewords the item."""

    __tablename__ = "item_revision"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"))
    version: so.Mapped[int]
    prompt: so.Mapped[str] = so.mapped_column(sa.Text)
    body: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    explanation: so.Mapped[str] = so.mapped_column(sa.Text, default="")
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
