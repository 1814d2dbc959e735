"""What the dashboard and progress pages show: aggregated in SQL, one query per panel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.content.services import all_topics
from quizapp.courses.services import topics_of
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    CardState,
    Cohort,
    Item,
    LearnerItemDay,
    LiveParticipant,
    Membership,
    ReviewLog,
    Topic,
)
from quizapp.progress import mastery
from quizapp.progress.activity import DayActivity, current_streak, last_days

CHART_DAYS = 30
# Scores summed in a different order may miss 1.0 by a rounding error; full marks stay full.
_ROUNDING = 1e-9


def _day(value: object) -> date:
    """A GROUP BY date(...) value as a date (SQLite returns text, PostgreSQL a date)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def topic_mastery(
    user_id: int, now: datetime, course_ids: Iterable[int] | None = None
) -> list[tuple[Topic, mastery.MasteryCell]]:
    """The topics of ``course_ids`` (None: every course) in order with this learner's mastery
    cell (two queries in all)."""
    topic_list = all_topics() if course_ids is None else topics_of(course_ids)
    cells = mastery.mastery_matrix([user_id], [t.id for t in topic_list], now)
    return [(topic, cells.get((user_id, topic.id), mastery.MasteryCell())) for topic in topic_list]


def has_activity(user_id: int) -> bool:
    """Whether the learner has done anything yet: a flashcard review, a quiz or a live session."""
    return bool(
        db.session.scalar(
            sa.select(
                sa.or_(
                    sa.exists().where(ReviewLog.user_id == user_id),
                    sa.exists().where(Attempt.user_id == user_id),
                    sa.exists().where(LiveParticipant.user_id == user_id),
                )
            )
        )
    )


def recent_results(user_id: int, limit: int = 5) -> list[Attempt]:
    """The learner's latest finished quiz attempts."""
    return list(
        db.session.scalars(
            sa.select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
            .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
            .limit(limit)
        )
    )


def assignments_for(user_id: int, limit: int = 10) -> list[tuple[Assignment, Cohort]]:
    """Assignments of the learner's active cohorts: dated ones soonest first, then undated."""
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(Assignment, Cohort)
            .join(Cohort, Cohort.id == Assignment.cohort_id)
            .join(Membership, Membership.cohort_id == Cohort.id)
            .where(
                Membership.user_id == user_id,
                Membership.role == "learner",
                Cohort.archived.is_(False),
            )
            .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
            .limit(limit)
        )
    ]


def activity(user_id: int, today: date, days: int = CHART_DAYS) -> tuple[list[DayActivity], int]:
    """The last ``days`` days of activity (reviews, quiz answers and their mean score, UTC days)
    and the current streak — one grouped read of the learner's running totals."""
    per_day = {
        _day(day): (int(reviews), int(answers), float(score))
        for day, reviews, answers, score in db.session.execute(
            sa.select(
                LearnerItemDay.day,
                sa.func.sum(LearnerItemDay.reviews),
                sa.func.sum(LearnerItemDay.quiz_answers),
                sa.func.sum(LearnerItemDay.quiz_score),
            )
            .where(LearnerItemDay.user_id == user_id)
            .group_by(LearnerItemDay.day)
        )
    }
    reviews = {day: n for day, (n, _, _) in per_day.items() if n}
    quiz = {day: (score / n, n) for day, (_, n, score) in per_day.items() if n}
    active = (day for day, (n_reviews, n_answers, _) in per_day.items() if n_reviews or n_answers)
    return last_days(today, days, reviews, quiz), current_streak(active, today)


def daily_activity(user_id: int, today: date, days: int = CHART_DAYS) -> list[DayActivity]:
    """Reviews per day and quiz accuracy per day over the last ``days`` days (UTC)."""
    return activity(user_id, today, days)[0]


def streak(user_id: int, today: date) -> int:
    """Consecutive days (UTC) with at least one review or quiz answer, up to today."""
    return activity(user_id, today)[1]


@dataclass(frozen=True)
class WeakItem:
    """An item the learner finds hard, with the evidence."""

    item: Item
    accuracy: float | None = None
    answers: int = 0
    lapses: int = 0


def weakest_quiz_items(user_id: int, limit: int = 5) -> list[WeakItem]:
    """Items with the lowest mean quiz score (below full marks), most-answered first among
    equals."""
    answers = sa.func.sum(LearnerItemDay.quiz_answers)
    score = sa.func.sum(LearnerItemDay.quiz_score) / answers
    rows = db.session.execute(
        sa.select(Item, score.label("accuracy"), answers.label("answers"))
        .join(LearnerItemDay, LearnerItemDay.item_id == Item.id)
        .where(LearnerItemDay.user_id == user_id, LearnerItemDay.quiz_answers > 0)
        .group_by(Item.id)
        .having(score < 1.0 - _ROUNDING)
        .order_by(score, answers.desc(), Item.id)
        .limit(limit)
        .options(so.selectinload(Item.topic))
    )
    return [
        WeakItem(item=row.Item, accuracy=float(row.accuracy), answers=int(row.answers))
        for row in rows
    ]


def most_lapsed_cards(user_id: int, limit: int = 5) -> list[WeakItem]:
    """Cards forgotten most often after they had been learnt."""
    rows = db.session.execute(
        sa.select(Item, CardState.lapses)
        .join(CardState, CardState.item_id == Item.id)
        .where(CardState.user_id == user_id, CardState.lapses > 0)
        .order_by(CardState.lapses.desc(), Item.id)
        .limit(limit)
        .options(so.selectinload(Item.topic))
    )
    return [WeakItem(item=row.Item, lapses=row.lapses) for row in rows]


def missed_quiz_item_ids(user_id: int, now: datetime) -> list[int]:
    """Items the learner answered wrongly in quizzes over the mastery window (for practice)."""
    return list(
        db.session.scalars(
            sa.select(LearnerItemDay.item_id)
            .join(Item, Item.id == LearnerItemDay.item_id)
            .where(
                LearnerItemDay.user_id == user_id,
                LearnerItemDay.quiz_wrong > 0,
                LearnerItemDay.day >= mastery.window_start(now),
                Item.status == ItemStatus.PUBLISHED,
            )
            .distinct()
        )
    )
