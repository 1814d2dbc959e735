"""The cohort report: learners × topics mastery, assignment completion, last active, time spent.

Ten grouped queries whatever the cohort's size; sorting happens on the aggregated rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from quizapp.cohorts.assignments import goal_mastery, goal_met, weakest_goal_mastery
from quizapp.cohorts.services import managed_cohort
from quizapp.courses.services import topics_of
from quizapp.enums import AssignmentKind
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Cohort, Membership, Response, ReviewLog, Topic, User
from quizapp.progress.mastery import MasteryCell, mastery_matrix
from quizapp.reports.exports import Table, percent
from quizapp.reports.services import cohort_learner_ids

__all__ = [
    "SORT_KEYS",
    "CohortFilters",
    "CohortReport",
    "CohortRow",
    "cohort_report",
    "cohort_tables",
]

SORT_KEYS = ("learner", "completed", "last_active", "time", "reviews", "answers")


@dataclass(frozen=True)
class CohortFilters:
    """Date range (inclusive UTC days), an assignment, and the sort column and direction."""

    date_from: date | None = None
    date_to: date | None = None
    assignment_id: int | None = None
    sort: str = "learner"
    descending: bool = False

    def since(self) -> datetime | None:
        """Start of ``date_from`` in UTC."""
        return datetime.combine(self.date_from, time.min, tzinfo=UTC) if self.date_from else None

    def until(self) -> datetime | None:
        """Start of the day after ``date_to`` in UTC (exclusive bound)."""
        return (
            datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=UTC)
            if self.date_to
            else None
        )


@dataclass
class CohortRow:
    """One learner's line of the report."""

    learner_id: int
    name: str
    email: str
    mastery: dict[int, MasteryCell] = field(default_factory=dict)
    completed: int = 0
    assignment_done: bool = False
    assignment_finished_at: datetime | None = None
    assignment_score: float | None = None
    last_active: datetime | None = None
    time_ms: int = 0
    reviews: int = 0
    answers: int = 0


@dataclass(frozen=True)
class CohortReport:
    """The cohort, its topics and assignments, and one row per learner in the requested order."""

    cohort: Cohort
    topics: list[Topic]
    assignments: list[Assignment]
    assignment: Assignment | None
    rows: list[CohortRow]
    filters: CohortFilters


def _sort_value(row: CohortRow, key: str) -> Any:
    """The value a column sorts by (None sorts last in either direction)."""
    if key.startswith("t") and key[1:].isdigit():
        cell = row.mastery.get(int(key[1:]))
        return cell.mastery if cell else None
    if key == "learner":
        return row.name.casefold()
    if key == "completed":
        return (
            (row.assignment_done, row.assignment_score or 0.0)
            if row.assignment_done or row.assignment_score
            else row.completed
        )
    return {
        "last_active": row.last_active,
        "time": row.time_ms,
        "reviews": row.reviews,
        "answers": row.answers,
    }[key]


def _sorted(rows: list[CohortRow], key: str, descending: bool) -> list[CohortRow]:
    """Rows ordered by ``key``; ties broken by name; missing values last."""
    rows = sorted(rows, key=lambda r: (r.name.casefold(), r.learner_id))
    present = [r for r in rows if _sort_value(r, key) is not None]
    missing = [r for r in rows if _sort_value(r, key) is None]
    present.sort(key=lambda r: _sort_value(r, key), reverse=descending)
    return present + missing


def valid_sort(key: str, topic_ids: set[int]) -> bool:
    """True for a known column key (``t<topic id>`` for a topic column)."""
    return key in SORT_KEYS or (
        key.startswith("t") and key[1:].isdigit() and int(key[1:]) in topic_ids
    )


def _in_range(column: Any, filters: CohortFilters) -> list[Any]:
    """WHERE terms limiting a timestamp column to the filter's dates."""
    terms = []
    if filters.since():
        terms.append(column >= filters.since())
    if filters.until():
        terms.append(column < filters.until())
    return terms


def cohort_report(
    viewer: User, cohort_id: int, filters: CohortFilters, now: datetime
) -> CohortReport:
    """Build the report of a cohort the viewer owns or co-trains (admins: any).

    Raises:
        NotFound: for a cohort the viewer does not manage, or an assignment of another cohort.
    """
    cohort = managed_cohort(viewer, cohort_id)
    learner_ids = cohort_learner_ids([cohort.id])
    learners = db.session.execute(
        sa.select(User.id, User.display_name, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.cohort_id == cohort.id, Membership.role == "learner")
    ).all()
    rows = {uid: CohortRow(uid, name, email) for uid, name, email in learners}
    topic_list = topics_of([cohort.course_id])  # the topics of the course the cohort studies
    cells = mastery_matrix(learner_ids, [t.id for t in topic_list], now)
    for (uid, topic_id), cell in cells.items():
        if uid in rows:
            rows[uid].mastery[topic_id] = cell
    assignments = list(
        db.session.scalars(
            sa.select(Assignment)
            .where(Assignment.cohort_id == cohort.id)
            .order_by(Assignment.created_at, Assignment.id)
        )
    )
    chosen = None
    if filters.assignment_id is not None:
        chosen = next((a for a in assignments if a.id == filters.assignment_id), None)
        if chosen is None:
            raise NotFound()
    _add_completion(rows, assignments, chosen, learner_ids, cells)
    _add_activity(rows, filters, learner_ids)
    key = filters.sort if valid_sort(filters.sort, {t.id for t in topic_list}) else "learner"
    return CohortReport(
        cohort,
        topic_list,
        assignments,
        chosen,
        _sorted(list(rows.values()), key, filters.descending),
        filters,
    )


def _add_completion(
    rows: dict[int, CohortRow],
    assignments: list[Assignment],
    chosen: Assignment | None,
    learner_ids: sa.Select,
    cells: dict[tuple[int, int], MasteryCell],
) -> None:
    """Completed assignments per learner, or the chosen assignment's standing.

    The rules are the cohorts package's: a quiz assignment is complete with a finished attempt (the
    score shown is the best); a flashcard goal while the learner's mastery of every topic of the
    goal reaches its threshold (``goal_met``; the score shown is the weakest of those topics).
    ``cells`` is the report's mastery matrix, which covers every topic, so goals cost no query.
    """
    row: CohortRow | None
    considered = [chosen] if chosen else assignments
    for goal in (a for a in considered if a.kind == AssignmentKind.FLASHCARDS):
        for uid, row in rows.items():
            met = goal_met(goal, cells, uid)
            row.completed += met
            if chosen:
                row.assignment_done, row.assignment_score = (
                    met,
                    weakest_goal_mastery(goal_mastery(goal, cells, uid)),
                )
    ids = [a.id for a in considered if a.kind == AssignmentKind.QUIZ]
    if not ids:
        return
    result = db.session.execute(
        sa.select(
            Attempt.user_id,
            Attempt.assignment_id,
            sa.func.min(Attempt.finished_at),
            sa.func.max(Attempt.score / sa.func.nullif(Attempt.max_score, 0)),
        )
        .where(
            Attempt.assignment_id.in_(ids),
            Attempt.finished_at.is_not(None),
            Attempt.user_id.in_(learner_ids),
        )
        .group_by(Attempt.user_id, Attempt.assignment_id)
    )
    for uid, _aid, finished, best in result:
        row = rows.get(uid)
        if row is None:
            continue
        row.completed += 1
        if chosen:
            row.assignment_done, row.assignment_finished_at = True, finished
            row.assignment_score = float(best) if best is not None else None


def _add_activity(
    rows: dict[int, CohortRow], filters: CohortFilters, learner_ids: sa.Select
) -> None:
    """Reviews and quiz answers in the date range: counts, time spent and the latest of each."""
    reviews = db.session.execute(
        sa.select(
            ReviewLog.user_id,
            sa.func.count(ReviewLog.id),
            sa.func.coalesce(sa.func.sum(ReviewLog.duration_ms), 0),
            sa.func.max(ReviewLog.reviewed_at),
        )
        .where(ReviewLog.user_id.in_(learner_ids), *_in_range(ReviewLog.reviewed_at, filters))
        .group_by(ReviewLog.user_id)
    )
    answer_terms = _in_range(Response.answered_at, filters)
    if filters.assignment_id is not None:
        answer_terms.append(Attempt.assignment_id == filters.assignment_id)
    answers = db.session.execute(
        sa.select(
            Attempt.user_id,
            sa.func.count(Response.id),
            sa.func.coalesce(sa.func.sum(Response.duration_ms), 0),
            sa.func.max(Response.answered_at),
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.user_id.in_(learner_ids), *answer_terms)
        .group_by(Attempt.user_id)
    )
    for kind, result in (("reviews", reviews), ("answers", answers)):
        for uid, count, duration, latest in result:
            row = rows.get(uid)
            if row is None:
                continue
            setattr(row, kind, int(count))
            row.time_ms += int(duration)
            if latest is not None and (row.last_active is None or latest > row.last_active):
                row.last_active = latest


def cohort_tables(report: CohortReport) -> list[Table]:
    """The learners table (mastery matrix and activity) for CSV and XLSX."""
    topic_columns = tuple(f"Mastery % {t.title}" for t in report.topics)
    score_label = (
        "Best score %"
        if report.assignment and report.assignment.kind == AssignmentKind.QUIZ
        else "Weakest goal topic mastery %"
    )
    completion = (
        (f"Completed {report.assignment.title}", "Finished at (UTC)", score_label)
        if report.assignment
        else (f"Assignments completed (of {len(report.assignments)})",)
    )
    columns = (
        "Learner",
        "Email",
        *topic_columns,
        *completion,
        "Last active (UTC)",
        "Time spent (minutes)",
        "Reviews",
        "Quiz answers",
    )
    rows = []
    for row in report.rows:
        done = (
            (
                ("yes" if row.assignment_done else "no"),
                row.assignment_finished_at,
                percent(row.assignment_score),
            )
            if report.assignment
            else (row.completed,)
        )
        rows.append(
            (
                row.name,
                row.email,
                *(percent(row.mastery[t.id].mastery) for t in report.topics),
                *done,
                row.last_active,
                round(row.time_ms / 60000, 1),
                row.reviews,
                row.answers,
            )
        )
    return [Table("learners", "Learners", columns, rows)]
