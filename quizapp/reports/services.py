"""Shared report queries: who may see what, the reports index, filter choices.

Mastery comes from :func:`quizapp.progress.mastery.mastery_matrix`, the one definition.

Every loader here checks visibility and raises ``NotFound`` for objects the viewer may not see, so
a trainer cannot learn that another trainer's cohort exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from quizapp.cohorts.access import managed_cohort_ids, trainer_sees_learner
from quizapp.enums import AssignmentKind
from quizapp.extensions import db
from quizapp.live.access import sessions_visible_to
from quizapp.models import Assignment, Cohort, Item, LiveSession, Membership, User
from quizapp.models.accounts import Role

__all__ = ["ReportsIndex", "cohort_learner_ids", "filter_choices", "load_learner", "reports_index"]


@dataclass(frozen=True)
class ReportsIndex:
    """What the reports index lists for the viewer."""

    cohorts: Sequence[tuple[Cohort, int]]
    live_sessions: Sequence[LiveSession]


def load_learner(viewer: User, learner_id: int) -> User:
    """The learner whose report ``viewer`` asks for: themselves, or one of their cohorts'
    learners."""
    learner = db.session.get(User, learner_id)
    if learner is None:
        raise NotFound()
    if learner.id != viewer.id and not (
        viewer.has_role(Role.TRAINER) and trainer_sees_learner(viewer, learner.id)
    ):
        raise NotFound()
    return learner


def cohort_learner_ids(
    cohort_ids: sa.ColumnElement | sa.Select | Sequence[int],
) -> sa.Select[tuple[int]]:
    """Subquery of the learner members of the given cohorts."""
    return sa.select(Membership.user_id).where(
        Membership.cohort_id.in_(cohort_ids), Membership.role == "learner"
    )


def reports_index(viewer: User) -> ReportsIndex:
    """The viewer's cohorts with learner counts, and their live sessions (newest first)."""
    if not viewer.has_role(Role.TRAINER):
        return ReportsIndex((), ())
    learners = (
        sa.select(sa.func.count(Membership.id))
        .where(Membership.cohort_id == Cohort.id, Membership.role == "learner")
        .correlate(Cohort)
        .scalar_subquery()
    )
    cohorts = db.session.execute(
        sa.select(Cohort, learners)
        .where(Cohort.id.in_(managed_cohort_ids(viewer)))
        .order_by(Cohort.archived, Cohort.name, Cohort.id)
    ).all()
    sessions_query = (
        sa.select(LiveSession)
        .where(sessions_visible_to(viewer))
        .order_by(LiveSession.created_at.desc(), LiveSession.id.desc())
        .limit(50)
    )
    return ReportsIndex(
        [(cohort, count) for cohort, count in cohorts], list(db.session.scalars(sessions_query))
    )


def filter_choices(viewer: User) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(cohorts, assignments) the viewer manages, as (id, label) pairs for the item-analysis
    filter."""
    cohorts = db.session.execute(
        sa.select(Cohort.id, Cohort.name)
        .where(Cohort.id.in_(managed_cohort_ids(viewer)))
        .order_by(Cohort.name, Cohort.id)
    ).all()
    assignments = db.session.execute(
        sa.select(Assignment.id, Assignment.title, Cohort.name)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .where(Assignment.kind == AssignmentKind.QUIZ, Cohort.id.in_(managed_cohort_ids(viewer)))
        .order_by(Cohort.name, Assignment.title, Assignment.id)
    ).all()
    return (
        [(cid, name) for cid, name in cohorts],
        [(aid, f"{title} ({cohort})") for aid, title, cohort in assignments],
    )


def item_ids_in_course(course_id: int, item_ids: list[int]) -> set[int]:
    """Which of ``item_ids`` belong to the course ``course_id`` (one query)."""
    if not item_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(Item.id).where(Item.course_id == course_id, Item.id.in_(item_ids))
        )
    )
