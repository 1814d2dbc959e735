"""The one definition of mastery, shared by a learner's progress page, cohorts and the trainers'
reports.

A topic's mastery for a learner combines two measures, each a share from 0 to 1:

- **retention**: of the topic's live flashcards, the share whose FSRS retrievability is at least
  0.9 now. FSRS defines stability as the interval after which retrievability falls to 0.9, so a
  card qualifies while ``now <= last_review + stability`` (stored as ``CardState.retained_until``).
- **quiz accuracy**: the mean score of the learner's answers on the topic's items in the last 30
  days (UTC days, today included) — quiz answers (partial credit counts), live-session answers
  given while signed in, and finished case studies (a case scores the share of its decisions
  that were the best choice).

Mastery is the mean of the two; when only one exists, it is that one; with neither, no mastery.
:func:`mastery_matrix` answers for any number of learners and topics with ONE grouped SELECT, so
pages make the same number of queries for 10 learners as for 1,000.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.items.kinds import flashcard_kinds
from quizapp.models.accounts import User
from quizapp.models.content import Item, Topic
from quizapp.models.study import CardState
from quizapp.models.tallies import LearnerItemDay

__all__ = [
    "MASTERY_HELP",
    "QUIZ_WINDOW_DAYS",
    "MasteryCell",
    "combine_mastery",
    "mastery_matrix",
    "window_start",
]

QUIZ_WINDOW_DAYS = 30
MASTERY_HELP = (
    "Mastery of a topic is the mean of two shares: retention — the topic's flashcards you would "
    "now recall with at least 90% probability according to FSRS — and your accuracy on the "
    "topic's questions, in quizzes, live sessions and case studies, over the last "
    f"{QUIZ_WINDOW_DAYS} days. "
    "When only one of them exists, mastery is that one."
)

Ids = Collection[int] | sa.Select


@dataclass(frozen=True)
class MasteryCell:
    """One learner's standing on one topic: the raw counts and the shares derived from them.

    Attributes:
        cards: live flashcards of the topic (the denominator of retention).
        retained: of those, cards the learner retains now (retrievability >= 0.9).
        studied: deck items of the topic the learner has reviewed at least once.
        accuracy: mean quiz score on the topic's items over the window, None without answers.
        answers: quiz answers on the topic's items over the window.
    """

    cards: int = 0
    retained: int = 0
    studied: int = 0
    accuracy: float | None = None
    answers: int = 0

    @property
    def retention(self) -> float | None:
        """Share of the topic's flashcards retained now; None when the topic has no flashcards."""
        return self.retained / self.cards if self.cards else None

    @property
    def mastery(self) -> float | None:
        """The mean of retention and accuracy, whichever exist (see the module docstring)."""
        return combine_mastery(self.retention, self.accuracy)

    @property
    def started(self) -> bool:
        """True once the learner has reviewed a card or answered a question of the topic."""
        return bool(self.studied or self.answers)


def combine_mastery(retention: float | None, accuracy: float | None) -> float | None:
    """Mean of the measures that exist; None when neither does."""
    present = [value for value in (retention, accuracy) if value is not None]
    return sum(present) / len(present) if present else None


def _flashcards_per_topic() -> sa.Select:
    """(topic_id, cards): live flashcards per topic."""
    return (
        sa.select(Item.topic_id, sa.func.count(Item.id).label("cards"))
        .where(Item.status == ItemStatus.PUBLISHED, Item.kind.in_(flashcard_kinds()))
        .group_by(Item.topic_id)
    )


def _card_states_by_topic(user_ids: Ids, now: datetime) -> sa.Select:
    """(user_id, topic_id, retained, studied): retained live flashcards, and any reviewed deck
    items.

    "Studied" counts every item reviewed in the deck (missed quiz questions can be practised
    there too), as the progress page's "started" means any study of the topic at all.
    """
    live_card = sa.and_(Item.status == ItemStatus.PUBLISHED, Item.kind.in_(flashcard_kinds()))
    retained = sa.case((sa.and_(live_card, CardState.retained_until >= now), 1), else_=0)
    studied = sa.case((CardState.reps > 0, 1), else_=0)
    return (
        sa.select(
            CardState.user_id,
            Item.topic_id,
            sa.func.sum(retained).label("retained"),
            sa.func.sum(studied).label("studied"),
        )
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id.in_(user_ids))
        .group_by(CardState.user_id, Item.topic_id)
    )


def window_start(now: datetime) -> date:
    """The first UTC day of the accuracy window: the last ``QUIZ_WINDOW_DAYS`` days, today
    included."""
    return now.astimezone(UTC).date() - timedelta(days=QUIZ_WINDOW_DAYS - 1)


def _quiz_accuracy_by_topic(user_ids: Ids, now: datetime) -> sa.Select:
    """(user_id, topic_id, accuracy, answers): mean score per topic over the window of the
    learner's quiz answers, their live-session answers (given while signed in; a live answer
    scores 1 when correct, else 0) and their finished case-study runs (the run's score).

    Read from the running totals (:class:`~quizapp.models.tallies.LearnerItemDay`), which
    :mod:`quizapp.core.tallies` keeps in step with those logs."""
    answers = sa.func.sum(LearnerItemDay.answers)
    return (
        sa.select(
            LearnerItemDay.user_id,
            Item.topic_id,
            (sa.func.sum(LearnerItemDay.score) / answers).label("accuracy"),
            answers.label("answers"),
        )
        .join(Item, Item.id == LearnerItemDay.item_id)
        .where(
            LearnerItemDay.user_id.in_(user_ids),
            LearnerItemDay.day >= window_start(now),
            LearnerItemDay.answers > 0,
        )
        .group_by(LearnerItemDay.user_id, Item.topic_id)
    )


def _is_empty(ids: Ids | None) -> bool:
    """True for an empty id collection (a SELECT is never known to be empty in advance)."""
    return ids is not None and not isinstance(ids, sa.Select) and not ids


def mastery_matrix(
    user_ids: Ids, topic_ids: Ids | None, now: datetime
) -> dict[tuple[int, int], MasteryCell]:
    """{(user_id, topic_id): MasteryCell} for every existing user and topic asked for — one SELECT.

    Args:
        user_ids: user ids, or a SELECT of them (e.g. a cohort's learners).
        topic_ids: topic ids, a SELECT of them, or None for every topic.
        now: the moment retention and the quiz window are measured at.

    Returns:
        A cell for every (user, topic) pair, including learners with no activity at all; no query
        is made (and the dict is empty) when either collection is empty.
    """
    if _is_empty(user_ids) or _is_empty(topic_ids):
        return {}
    users = user_ids if isinstance(user_ids, sa.Select) else list(user_ids)
    pairs = (
        sa.select(User.id.label("user_id"), Topic.id.label("topic_id"))
        .join(Topic, sa.true())
        .where(User.id.in_(users))
    )
    if topic_ids is not None:
        pairs = pairs.where(
            Topic.id.in_(topic_ids if isinstance(topic_ids, sa.Select) else list(topic_ids))
        )
    grid = pairs.subquery()
    cards = _flashcards_per_topic().subquery()
    states = _card_states_by_topic(users, now).subquery()
    quiz = _quiz_accuracy_by_topic(users, now).subquery()
    rows = db.session.execute(
        sa.select(
            grid.c.user_id,
            grid.c.topic_id,
            cards.c.cards,
            states.c.retained,
            states.c.studied,
            quiz.c.accuracy,
            quiz.c.answers,
        )
        .outerjoin(cards, cards.c.topic_id == grid.c.topic_id)
        .outerjoin(
            states,
            sa.and_(states.c.user_id == grid.c.user_id, states.c.topic_id == grid.c.topic_id),
        )
        .outerjoin(
            quiz, sa.and_(quiz.c.user_id == grid.c.user_id, quiz.c.topic_id == grid.c.topic_id)
        )
    )
    return {
        (user_id, topic_id): MasteryCell(
            cards=int(n_cards or 0),
            retained=int(retained or 0),
            studied=int(studied or 0),
            accuracy=float(accuracy) if answers else None,
            answers=int(answers or 0),
        )
        for user_id, topic_id, n_cards, retained, studied, accuracy, answers in rows
    }
