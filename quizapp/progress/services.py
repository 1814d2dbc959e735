"""What the dashboard and progress pages show: aggregated in SQL, one query per panel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

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
    LiveParticipant,
    Membership,
    Response,
    ReviewLog,
    Topic,
)
from quizapp.progress import mastery
from quizapp.progress.activity import DayActivity, current_streak, last_days

CHART_DAYS = 30


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


def daily_activity(user_id: int, today: date, days: int = CHART_DAYS) -> list[DayActivity]:
    """Reviews per day and quiz accuracy per day over the last ``days`` days (UTC)."""
    since = datetime.combine(today - timedelta(days=days - 1), datetime.min.time()).replace(
        tzinfo=UTC
    )
    review_day = sa.func.date(ReviewLog.reviewed_at)
    reviews = {
        _day(d): n
        for d, n in db.session.execute(
            sa.select(review_day, sa.func.count(ReviewLog.id))
            .where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= since)
            .group_by(review_day)
        )
    }
    answer_day = sa.func.date(Response.answered_at)
    quiz = {
        _day(d): (float(avg), n)
        for d, avg, n in db.session.execute(
            sa.select(answer_day, sa.func.avg(Response.score), sa.func.count(Response.id))
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.user_id == user_id, Response.answered_at >= since)
            .group_by(answer_day)
        )
    }
    return last_days(today, days, reviews, quiz)


def streak(user_id: int, today: date) -> int:
    """Consecutive days (UTC) with at least one review or quiz answer, up to today."""
    review_day = sa.func.date(ReviewLog.reviewed_at)
    answer_day = sa.func.date(Response.answered_at)
    days = sa.union(
        sa.select(review_day.label("day")).where(ReviewLog.user_id == user_id).group_by(review_day),
        sa.select(answer_day.label("day"))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.user_id == user_id)
        .group_by(answer_day),
    ).subquery()
    return current_streak((_day(d) for d in db.session.scalars(sa.select(days.c.day))), today)


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
    score = sa.func.avg(Response.score)
    rows = db.session.execute(
        sa.select(Item, score.label("accuracy"), sa.func.count(Response.id).label("answers"))
        .join(Response, Response.item_id == Item.id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.user_id == user_id)
        .group_by(Item.id)
        .having(score < 1.0)
        .order_by(score, sa.func.count(Response.id).desc(), Item.id)
        .limit(limit)
        .options(so.selectinload(Item.topic))
    )
    return [
        WeakItem(item=row.Item, accuracy=float(row.accuracy), answers=row.answers) for row in rows
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
    since = now - timedelta(days=mastery.QUIZ_WINDOW_DAYS)
    return list(
        db.session.scalars(
            sa.select(Response.item_id)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .join(Item, Item.id == Response.item_id)
            .where(
                Attempt.user_id == user_id,
                Response.correct.is_(False),
                Response.answered_at >= since,
                Item.status == ItemStatus.PUBLISHED,
            )
            .distinct()
        )
    )
