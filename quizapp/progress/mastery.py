"""The one definition of mastery, shared by a learner's progress page and the trainers' reports.

A topic's mastery for a learner combines two measures, each a share from 0 to 1:

- **retention**: of the topic's live flashcards, the share whose FSRS retrievability is at least
  0.9 now. FSRS defines stability as the interval after which retrievability falls to 0.9, so a
  card qualifies while ``now <= last_review + stability`` (stored as ``CardState.retained_until``).
- **quiz accuracy**: the mean score of the learner's quiz answers on the topic's items in the last
  30 days (partial credit counts).

Mastery is the mean of the two; when only one exists, it is that one; with neither, no mastery.
Every function here returns a SELECT grouped by (user, topic): one query serves one learner or a
whole cohort, so report pages make the same number of queries for 10 learners as for 1,000.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from quizapp.models.content import FLASHCARD_KINDS, Item
from quizapp.models.quiz import Attempt, Response
from quizapp.models.study import CardState

__all__ = ["MASTERY_HELP", "QUIZ_WINDOW_DAYS", "combine_mastery", "flashcards_per_topic",
           "quiz_accuracy_by_topic", "retained_cards_by_topic"]

QUIZ_WINDOW_DAYS = 30
MASTERY_HELP = (
    "Mastery of a topic is the mean of two shares: retention — the topic's flashcards you would now "
    "recall with at least 90% probability according to FSRS — and your quiz accuracy on the topic "
    f"over the last {QUIZ_WINDOW_DAYS} days. When only one of them exists, mastery is that one."
)


def flashcards_per_topic() -> sa.Select:
    """(topic_id, cards): live flashcards per topic — the denominator of retention."""
    return (
        sa.select(Item.topic_id, sa.func.count(Item.id).label("cards"))
        .where(Item.retired.is_(False), Item.kind.in_(FLASHCARD_KINDS))
        .group_by(Item.topic_id)
    )


def retained_cards_by_topic(user_ids: sa.ColumnElement | sa.Select, now: datetime) -> sa.Select:
    """(user_id, topic_id, retained): cards at retrievability >= 0.9 for the given users."""
    return (
        sa.select(CardState.user_id, Item.topic_id, sa.func.count(CardState.id).label("retained"))
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id.in_(user_ids), Item.retired.is_(False), Item.kind.in_(FLASHCARD_KINDS),
               CardState.retained_until >= now)
        .group_by(CardState.user_id, Item.topic_id)
    )


def quiz_accuracy_by_topic(user_ids: sa.ColumnElement | sa.Select, now: datetime) -> sa.Select:
    """(user_id, topic_id, accuracy, answers): mean quiz score per topic over the window."""
    since = now - timedelta(days=QUIZ_WINDOW_DAYS)
    return (
        sa.select(Attempt.user_id, Item.topic_id, sa.func.avg(Response.score).label("accuracy"),
                  sa.func.count(Response.id).label("answers"))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Item, Item.id == Response.item_id)
        .where(Attempt.user_id.in_(user_ids), Response.answered_at >= since)
        .group_by(Attempt.user_id, Item.topic_id)
    )


def combine_mastery(retention: float | None, accuracy: float | None) -> float | None:
    """Mean of the measures that exist; None when neither does."""
    present = [value for value in (retention, accuracy) if value is not None]
    return sum(present) / len(present) if present else None
