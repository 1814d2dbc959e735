"""One learner's report: mastery per topic, quiz history, flashcard activity, missed items,
assignments. A fixed handful of grouped queries, whatever the learner's history.

What a trainer sees of a learner (stated on the page from :data:`TRAINER_SCOPE`): the learner's
mastery per topic and flashcard reviews per day, which are one figure whatever the cohort (and
what the trainer's flashcard goals are judged on), and, of quizzes and assignments, only those of
the cohorts the trainer runs (owns or co-trains). A learner in two trainers' cohorts is two
separate pupils to them: neither sees the other's assignments, cohort names, scores or the
learner's self-study quizzes. The learner sees everything of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from quizapp.cohorts.access import managed_cohort_ids
from quizapp.cohorts.assignments import goal_mastery, goal_met, weakest_goal_mastery
from quizapp.courses.services import course_scope, topics_of
from quizapp.enums import AssignmentKind
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Cohort,
    Item,
    Membership,
    Passage,
    Response,
    ReviewLog,
    Topic,
    User,
)
from quizapp.progress.mastery import MasteryCell, mastery_matrix
from quizapp.reports.exports import Table, percent
from quizapp.reports.heatmap import Heatmap, build_heatmap
from quizapp.reports.services import load_learner

__all__ = ["HEATMAP_WEEKS", "TRAINER_SCOPE", "LearnerReport", "learner_report", "learner_tables"]

HEATMAP_WEEKS = 26
HISTORY_LIMIT = 100
MISSED_LIMIT = 15

#: What a trainer's view of a learner's report holds; shown on the page.
TRAINER_SCOPE = (
    "As their trainer you see this learner's mastery per topic and flashcard reviews per day (one "
    "figure for all their study, on which flashcard goals are judged), and only the quizzes, "
    "missed items and assignments of the cohorts you run. Their self-study quizzes and their work "
    "for other trainers' cohorts are not shown. (An administrator runs every cohort.)"
)


@dataclass(frozen=True)
class AssignmentStatus:
    """One assignment of one of the learner's cohorts and how far the learner got."""

    assignment: Assignment
    cohort_name: str
    attempts: int
    finished_at: datetime | None
    best_score: float | None
    now: datetime
    goal_met: bool = False
    goal_mastery: dict[int, float | None] = field(default_factory=dict)

    @property
    def weakest_mastery(self) -> float | None:
        """A flashcard goal's weakest topic mastery (what decides it); None for quizzes."""
        return (
            weakest_goal_mastery(self.goal_mastery)
            if self.assignment.kind == AssignmentKind.FLASHCARDS
            else None
        )

    @property
    def status(self) -> str:
        """ "done", "done late", "overdue" or "open": a quiz is done with a finished attempt, a
        flashcard goal while it is met (cohorts' ``goal_met``; when it was first met is not
        known)."""
        due = self.assignment.due_at
        if self.assignment.kind == AssignmentKind.FLASHCARDS:
            if self.goal_met:
                return "done"
        elif self.finished_at is not None:
            return "done late" if due is not None and self.finished_at > due else "done"
        return "overdue" if due is not None and self.now > due else "open"


@dataclass(frozen=True)
class LearnerReport:
    """Everything on a learner's report page."""

    learner: User
    topics: list[Topic]
    mastery: dict[int, MasteryCell]
    history: list[Any]
    heatmap: Heatmap
    missed: list[Any]
    assignments: list[AssignmentStatus]
    #: True when the viewer is a trainer looking at a learner: only their cohorts' work is shown.
    scoped: bool = False

    @property
    def scope_note(self) -> str | None:
        """What the viewer sees of the learner, for a trainer's view; None for the learner."""
        return TRAINER_SCOPE if self.scoped else None


def _day(value: Any) -> date:
    """A database date (a ``date`` on PostgreSQL, ISO text on SQLite) as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def learner_report(viewer: User, learner_id: int, now: datetime) -> LearnerReport:
    """The report of a learner: the viewer themselves, or a learner of a cohort they manage.

    Raises:
        NotFound: for anyone else.
    """
    learner = load_learner(viewer, learner_id)
    cohorts = None if learner.id == viewer.id else managed_cohort_ids(viewer)
    attempt_terms = [Attempt.user_id == learner.id]
    if cohorts is not None:
        attempt_terms.append(
            Attempt.assignment_id.in_(
                sa.select(Assignment.id).where(Assignment.cohort_id.in_(cohorts))
            )
        )
    # the topics of the courses the learner may study from (never another course's titles)
    topic_list = topics_of(course_scope(learner, None).course_ids)
    matrix = mastery_matrix([learner.id], [t.id for t in topic_list], now)
    history = db.session.execute(
        sa.select(
            Attempt.id,
            Attempt.mode,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.score,
            Attempt.max_score,
            Assignment.title.label("assignment"),
            sa.func.count(Response.id).label("answered"),
        )
        .outerjoin(Assignment, Assignment.id == Attempt.assignment_id)
        .outerjoin(Response, Response.attempt_id == Attempt.id)
        .where(*attempt_terms)
        .group_by(Attempt.id, Assignment.title)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    first_day = (
        now.date() - timedelta(days=now.date().weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)
    )
    since = datetime.combine(first_day, datetime.min.time(), tzinfo=now.tzinfo)
    day = sa.func.date(ReviewLog.reviewed_at)
    daily = {
        _day(d): n
        for d, n in db.session.execute(
            sa.select(day, sa.func.count(ReviewLog.id))
            .where(ReviewLog.user_id == learner.id, ReviewLog.reviewed_at >= since)
            .group_by(day)
        )
    }
    missed = db.session.execute(
        sa.select(
            Item.id,
            Item.key,
            Item.prompt,
            Item.kind,
            Passage.anchor,
            Item.instrument,
            Item.provision,
            sa.func.count(Response.id).label("answers"),
            sa.func.sum(sa.case((Response.correct.is_(False), 1), else_=0)).label("missed"),
            sa.func.avg(Response.score).label("mean_score"),
        )
        .join(Response, Response.item_id == Item.id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .outerjoin(Passage, Passage.id == Item.passage_id)
        .where(*attempt_terms)
        .group_by(Item.id, Passage.anchor)
        .having(sa.func.sum(sa.case((Response.correct.is_(False), 1), else_=0)) > 0)
        .order_by(sa.text("missed DESC"), sa.text("mean_score ASC"), Item.id)
        .limit(MISSED_LIMIT)
    ).all()
    return LearnerReport(
        learner,
        topic_list,
        {topic_id: cell for (_, topic_id), cell in matrix.items()},
        list(history),
        build_heatmap(daily, today=now.date(), weeks=HEATMAP_WEEKS),
        list(missed),
        _assignments(learner.id, now, matrix, cohorts),
        scoped=cohorts is not None,
    )


def _assignments(
    learner_id: int,
    now: datetime,
    cells: dict[tuple[int, int], MasteryCell],
    cohorts: sa.Select[tuple[int]] | None = None,
) -> list[AssignmentStatus]:
    """The assignments of the learner's cohorts (of ``cohorts`` only, when given) with their
    attempt summary (one query).

    Flashcard goals are judged by the cohorts rule on ``cells``, the report's mastery matrix of
    every topic, so they cost no further query.
    """
    attempts = (
        sa.select(
            Attempt.assignment_id,
            sa.func.count(Attempt.id).label("attempts"),
            sa.func.min(Attempt.finished_at).label("finished_at"),
            sa.func.max(Attempt.score / sa.func.nullif(Attempt.max_score, 0)).label("best"),
        )
        .where(Attempt.user_id == learner_id, Attempt.assignment_id.is_not(None))
        .group_by(Attempt.assignment_id)
        .subquery()
    )
    query = (
        sa.select(
            Assignment, Cohort.name, attempts.c.attempts, attempts.c.finished_at, attempts.c.best
        )
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .join(
            Membership,
            sa.and_(
                Membership.cohort_id == Cohort.id,
                Membership.user_id == learner_id,
                Membership.role == "learner",
            ),
        )
        .outerjoin(attempts, attempts.c.assignment_id == Assignment.id)
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    )
    if cohorts is not None:
        query = query.where(Cohort.id.in_(cohorts))
    rows = db.session.execute(query).all()
    return [
        AssignmentStatus(
            a,
            name,
            n or 0,
            done,
            float(best) if best is not None else None,
            now,
            *(
                (goal_met(a, cells, learner_id), goal_mastery(a, cells, learner_id))
                if a.kind == AssignmentKind.FLASHCARDS
                else ()
            ),
        )
        for a, name, n, done, best in rows
    ]


def learner_tables(report: LearnerReport) -> list[Table]:
    """The report's tables for CSV and XLSX."""
    mastery = Table(
        "mastery",
        "Mastery by topic",
        ("Topic", "Mastery %", "Retention %", "Quiz accuracy %", "Answers (30 days)"),
        [
            (
                t.title,
                percent(report.mastery[t.id].mastery),
                percent(report.mastery[t.id].retention),
                percent(report.mastery[t.id].accuracy),
                report.mastery[t.id].answers,
            )
            for t in report.topics
        ],
    )
    history = Table(
        "quizzes",
        "Quiz history",
        ("Started", "Finished", "Mode", "Assignment", "Answered", "Score", "Max score"),
        [
            (
                h.started_at,
                h.finished_at,
                h.mode,
                h.assignment or "",
                h.answered,
                h.score,
                h.max_score,
            )
            for h in report.history
        ],
    )
    activity = Table(
        "activity",
        "Flashcard reviews per day",
        ("Date", "Reviews"),
        [(cell.day, cell.count) for cell in report.heatmap.cells],
    )
    missed = Table(
        "missed",
        "Most often missed",
        ("Item", "Question", "Answers", "Missed", "Mean score %", "Source"),
        [
            (
                m.key,
                m.prompt,
                m.answers,
                m.missed,
                percent(float(m.mean_score)),
                f"/document#{m.anchor}"
                if m.anchor
                else f"{m.instrument or ''} {m.provision or ''}".strip(),
            )
            for m in report.missed
        ],
    )
    assignments = Table(
        "assignments",
        "Assignments",
        (
            "Assignment",
            "Cohort",
            "Kind",
            "Due",
            "Status",
            "Attempts",
            "Best score %",
            "Goal met",
            "Weakest goal topic mastery %",
        ),
        [
            (
                a.assignment.title,
                a.cohort_name,
                a.assignment.kind,
                a.assignment.due_at,
                a.status,
                a.attempts,
                percent(a.best_score),
                ("yes" if a.goal_met else "no")
                if a.assignment.kind == AssignmentKind.FLASHCARDS
                else None,
                percent(a.weakest_mastery),
            )
            for a in report.assignments
        ],
    )
    return [mastery, history, activity, missed, assignments]
