"""Keep :class:`~quizapp.models.tallies.LearnerItemDay` in step with the logs.

Each ``count_*`` function adds one logged event to its learner × item × day row with one
``INSERT ... ON CONFLICT DO UPDATE`` (SQLite and PostgreSQL alike), called right after the log row
was stored in the same transaction — so the totals commit or roll back with the log, and an event
refused by a UNIQUE constraint (a resent form) is never counted. :func:`rebuild` recomputes rows
from the logs (the backfill, the demo seed, and the test that the running totals are right).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from quizapp.extensions import db
from quizapp.models import Attempt, CaseRun, LiveAnswer, LiveParticipant, Response, ReviewLog
from quizapp.models.tallies import LearnerItemDay

__all__ = [
    "count_answer",
    "count_case",
    "count_quiz_answer",
    "count_review",
    "rebuild",
    "recomputed_rows",
    "utc_day",
]

_KEY = ("user_id", "day", "item_id")
_COUNTS = ("reviews", "answers", "score", "quiz_answers", "quiz_score", "quiz_wrong")


def utc_day(moment: datetime) -> date:
    """The UTC calendar day of an aware timestamp (the day the pages count it on)."""
    return moment.astimezone(UTC).date()


def _add(user_id: int, item_id: int, moment: datetime, **counts: float) -> None:
    """Add ``counts`` to the (user, item, day) row, creating it at zero first if missing."""
    dialect = db.session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = LearnerItemDay.__table__
    values: dict[str, Any] = dict.fromkeys(_COUNTS, 0)
    values.update(counts, user_id=user_id, item_id=item_id, day=utc_day(moment))
    statement = insert(table).values(**values)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=list(_KEY),
            set_={name: table.c[name] + statement.excluded[name] for name in counts},
        )
    )


def count_review(user_id: int, item_id: int, reviewed_at: datetime) -> None:
    """Count one flashcard rating."""
    _add(user_id, item_id, reviewed_at, reviews=1)


def count_quiz_answer(
    user_id: int, item_id: int, answered_at: datetime, *, score: float, correct: bool
) -> None:
    """Count one quiz answer (it feeds mastery and the quiz figures)."""
    _add(
        user_id,
        item_id,
        answered_at,
        answers=1,
        score=score,
        quiz_answers=1,
        quiz_score=score,
        quiz_wrong=0 if correct else 1,
    )


def count_answer(user_id: int, item_id: int, answered_at: datetime, *, score: float) -> None:
    """Count one scored answer that feeds mastery only (a live answer given signed in)."""
    _add(user_id, item_id, answered_at, answers=1, score=score)


def count_case(user_id: int, item_id: int, finished_at: datetime, *, score: float) -> None:
    """Count one finished case-study run with its score."""
    count_answer(user_id, item_id, finished_at, score=score)


def _events(user_ids: Collection[int] | None) -> sa.Subquery:
    """Every logged event as (user_id, item_id, day, reviews, answers, score, quiz_answers,
    quiz_score, quiz_wrong), one row per event — the definition the running totals follow."""

    def day(column: Any) -> Any:
        return sa.func.date(column)

    def mine(column: Any) -> Any:
        return sa.true() if user_ids is None else column.in_(list(user_ids))

    zero, zero_f = sa.literal(0), sa.literal(0.0, sa.Float)
    reviews = sa.select(
        ReviewLog.user_id.label("user_id"),
        ReviewLog.item_id.label("item_id"),
        day(ReviewLog.reviewed_at).label("day"),
        sa.literal(1).label("reviews"),
        zero.label("answers"),
        zero_f.label("score"),
        zero.label("quiz_answers"),
        zero_f.label("quiz_score"),
        zero.label("quiz_wrong"),
    ).where(mine(ReviewLog.user_id))
    quiz = (
        sa.select(
            Attempt.user_id,
            Response.item_id,
            day(Response.answered_at),
            zero,
            sa.literal(1),
            Response.score,
            sa.literal(1),
            Response.score,
            sa.case((Response.correct.is_(True), 0), else_=1),
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(mine(Attempt.user_id))
    )
    live = (
        sa.select(
            LiveParticipant.user_id,
            LiveAnswer.item_id,
            day(LiveAnswer.answered_at),
            zero,
            sa.literal(1),
            sa.case((LiveAnswer.correct.is_(True), 1.0), else_=0.0),
            zero,
            zero_f,
            zero,
        )
        .join(LiveParticipant, LiveParticipant.id == LiveAnswer.participant_id)
        .where(LiveParticipant.user_id.is_not(None), mine(LiveParticipant.user_id))
    )
    cases = sa.select(
        CaseRun.user_id,
        CaseRun.item_id,
        day(CaseRun.finished_at),
        zero,
        sa.literal(1),
        CaseRun.score,
        zero,
        zero_f,
        zero,
    ).where(CaseRun.finished_at.is_not(None), CaseRun.score.is_not(None), mine(CaseRun.user_id))
    return sa.union_all(reviews, quiz, live, cases).subquery()


def _recomputed(user_ids: Collection[int] | None) -> sa.Select:
    """The rows :class:`LearnerItemDay` should hold, recomputed from the logs."""
    events = _events(user_ids)
    return sa.select(
        *(events.c[name] for name in _KEY),
        *(sa.func.sum(events.c[name]).label(name) for name in _COUNTS),
    ).group_by(*(events.c[name] for name in _KEY))


def recomputed_rows(user_ids: Collection[int] | None = None) -> dict[tuple[int, date, int], tuple]:
    """{(user_id, day, item_id): (reviews, answers, score, quiz_answers, quiz_score, quiz_wrong)}
    recomputed from the logs, for checking the stored totals."""
    return {
        (row.user_id, _as_date(row.day), row.item_id): tuple(row[3:])
        for row in db.session.execute(_recomputed(user_ids))
    }


def _as_date(value: object) -> date:
    """A ``date(...)`` value as a date (SQLite returns text, PostgreSQL a date)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def rebuild(user_ids: Collection[int] | None = None) -> None:
    """Replace the stored totals of ``user_ids`` (None: everyone) with a recomputation from the
    logs. Run inside a write transaction; the caller commits."""
    delete = sa.delete(LearnerItemDay)
    if user_ids is not None:
        if not user_ids:
            return
        delete = delete.where(LearnerItemDay.user_id.in_(list(user_ids)))
    db.session.execute(delete)
    source = _recomputed(user_ids).subquery()
    db.session.execute(
        sa.insert(LearnerItemDay).from_select(
            [*_KEY, *_COUNTS],
            sa.select(*(source.c[name] for name in (*_KEY, *_COUNTS))),
        )
    )
