"""Flashcard scheduling state per learner and item, and the log of every review."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.models.base import Model, utcnow


class CardState(Model):
    """The FSRS card of one learner for one item (fields mirror ``fsrs.Card``)."""

    __tablename__ = "card_state"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"), index=True)
    state: so.Mapped[int] = so.mapped_column(
        default=1
    )  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: so.Mapped[int | None] = so.mapped_column(default=0)
    stability: so.Mapped[float | None]
    difficulty: so.Mapped[float | None]
    due: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_review: so.Mapped[datetime | None]
    # last_review + stability days: until then FSRS retrievability stays >= 0.9 (stability is, by
    # definition, the interval at which it falls to 0.9). Kept so mastery is a plain SQL comparison.
    retained_until: so.Mapped[datetime | None] = so.mapped_column(index=True)
    reps: so.Mapped[int] = so.mapped_column(default=0)
    lapses: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("user_id", "item_id"),
        # The next due card is an index range scan, never a scan in Python.
        sa.Index("ix_card_state_user_due", "user_id", "due"),
    )


class ReviewLog(Model):
    """One rating of one card. ``seq`` numbers a learner's reviews of the item, so a form sent
    twice for the same showing of a card collides on the UNIQUE constraint and is stored once."""

    __tablename__ = "review_log"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"), index=True)
    seq: so.Mapped[int]
    rating: so.Mapped[int]  # fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    duration_ms: so.Mapped[int | None]
    state_before: so.Mapped[int]
    due_after: so.Mapped[datetime]

    __table_args__ = (
        sa.UniqueConstraint("user_id", "item_id", "seq"),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name="rating_range"),
        sa.Index("ix_review_log_user_reviewed_at", "user_id", "reviewed_at"),
    )
