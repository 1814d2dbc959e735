"""Shared report queries: who may see what, mastery matrices, the reports index.

Every loader here checks visibility and raises ``NotFound`` for objects the viewer may not see, so
a trainer cannot learn that another trainer's cohort exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from quizapp.cohorts.access import managed_cohort_ids, trainer_sees_learner
from quizapp.extensions import db
from quizapp.models import Assignment, CardState, Cohort, LiveSession, Membership, Topic, User
from quizapp.models.accounts import Role
from quizapp.progress.mastery import (combine_mastery, flashcards_per_topic, quiz_accuracy_by_topic,
                                      retained_cards_by_topic)

__all__ = ["MasteryCell", "ReportsIndex", "assignment_cards", "filter_choices", "flashcard_progress", "load_learner", "load_managed_cohort",
           "mastery_matrix", "reports_index", "topics"]


@dataclass(frozen=True)
class MasteryCell:
    """One learner's mastery of one topic and its two ingredients (shares 0..1)."""

    mastery: float | None
    retention: float | None
    accuracy: float | None
    answers: int


@dataclass(frozen=True)
class ReportsIndex:
    """What the reports index lists for the viewer."""

    cohorts: Sequence[tuple[Cohort, int]]
    live_sessions: Sequence[LiveSession]


def load_learner(viewer: User, learner_id: int) -> User:
    """The learner whose report ``viewer`` asks for: themselves, or one of their cohorts' learners."""
    learner = db.session.get(User, learner_id)
    if learner is None:
        raise NotFound()
    if learner.id != viewer.id and not (viewer.has_role(Role.TRAINER) and trainer_sees_learner(viewer, learner.id)):
        raise NotFound()
    return learner


def load_managed_cohort(viewer: User, cohort_id: int) -> Cohort:
    """A cohort the viewer owns or co-trains (admins: any)."""
    cohort = db.session.scalar(managed_cohort_select(viewer).where(Cohort.id == cohort_id))
    if cohort is None:
        raise NotFound()
    return cohort


def managed_cohort_select(viewer: User) -> sa.Select[tuple[Cohort]]:
    """SELECT of the Cohort rows the viewer manages."""
    return sa.select(Cohort).where(Cohort.id.in_(managed_cohort_ids(viewer)))


def cohort_learner_ids(cohort_ids: sa.ColumnElement | sa.Select | Sequence[int]) -> sa.Select[tuple[int]]:
    """Subquery of the learner members of the given cohorts."""
    return sa.select(Membership.user_id).where(Membership.cohort_id.in_(cohort_ids), Membership.role == "learner")


def topics() -> list[Topic]:
    """Every topic in reading order."""
    return list(db.session.scalars(sa.select(Topic).order_by(Topic.position, Topic.id)))


def mastery_matrix(user_ids: sa.Select | sa.ColumnElement, learner_ids: Sequence[int], topic_ids: Sequence[int],
                   now: datetime) -> dict[tuple[int, int], MasteryCell]:
    """{(user_id, topic_id): MasteryCell} for every learner and topic — three grouped queries in all.

    Follows :mod:`quizapp.progress.mastery`, the shared definition: retention exists for a topic
    with live flashcards (0 when none is retained), accuracy when there were quiz answers in the
    window; mastery is their mean, or the one that exists, or None.
    """
    cards = {topic_id: count for topic_id, count in db.session.execute(flashcards_per_topic())}
    retained = {(row.user_id, row.topic_id): row.retained
                for row in db.session.execute(retained_cards_by_topic(user_ids, now))}
    accuracy = {(row.user_id, row.topic_id): (float(row.accuracy), int(row.answers))
                for row in db.session.execute(quiz_accuracy_by_topic(user_ids, now))}
    matrix: dict[tuple[int, int], MasteryCell] = {}
    for user_id in learner_ids:
        for topic_id in topic_ids:
            key = (user_id, topic_id)
            retention = retained.get(key, 0) / cards[topic_id] if cards.get(topic_id) else None
            acc, answers = accuracy.get(key, (None, 0))
            matrix[key] = MasteryCell(combine_mastery(retention, acc), retention, acc, answers)
    return matrix


def reports_index(viewer: User) -> ReportsIndex:
    """The viewer's cohorts with learner counts, and their live sessions (newest first)."""
    if not viewer.has_role(Role.TRAINER):
        return ReportsIndex((), ())
    learners = (sa.select(sa.func.count(Membership.id)).where(Membership.cohort_id == Cohort.id,
                                                              Membership.role == "learner")
                .correlate(Cohort).scalar_subquery())
    cohorts = db.session.execute(
        sa.select(Cohort, learners).where(Cohort.id.in_(managed_cohort_ids(viewer)))
        .order_by(Cohort.archived, Cohort.name, Cohort.id)
    ).all()
    sessions_query = sa.select(LiveSession).order_by(LiveSession.created_at.desc(), LiveSession.id.desc()).limit(50)
    if not viewer.has_role(Role.ADMIN):
        sessions_query = sessions_query.where(sa.or_(LiveSession.trainer_id == viewer.id,
                                                     LiveSession.cohort_id.in_(managed_cohort_ids(viewer))))
    return ReportsIndex([(cohort, count) for cohort, count in cohorts], list(db.session.scalars(sessions_query)))


def filter_choices(viewer: User) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(cohorts, assignments) the viewer manages, as (id, label) pairs for the item-analysis filter."""
    cohorts = db.session.execute(
        sa.select(Cohort.id, Cohort.name).where(Cohort.id.in_(managed_cohort_ids(viewer))).order_by(Cohort.name, Cohort.id)
    ).all()
    assignments = db.session.execute(
        sa.select(Assignment.id, Assignment.title, Cohort.name).join(Cohort, Cohort.id == Assignment.cohort_id)
        .where(Assignment.kind == "quiz", Cohort.id.in_(managed_cohort_ids(viewer)))
        .order_by(Cohort.name, Assignment.title, Assignment.id)
    ).all()
    return ([(cid, name) for cid, name in cohorts],
            [(aid, f"{title} ({cohort})") for aid, title, cohort in assignments])


def assignment_cards(assignment: Assignment) -> list[int]:
    """The cards a flashcard assignment asks for (``settings["item_ids"]``), or none when unset."""
    ids = (assignment.settings or {}).get("item_ids") or []
    return [int(i) for i in ids if isinstance(i, int) or (isinstance(i, str) and i.isdigit())]


def flashcard_progress(assignments: Sequence[Assignment], user_ids: sa.Select | sa.ColumnElement | Sequence[int]
                       ) -> dict[tuple[int, int], int]:
    """{(assignment_id, user_id): cards of the assignment the user has studied} — one statement.

    A card counts once it has been reviewed at least once (a card state with reps > 0).
    """
    parts = [
        sa.select(sa.literal(a.id).label("assignment_id"), CardState.user_id, sa.func.count(CardState.id))
        .where(CardState.item_id.in_(cards), CardState.user_id.in_(user_ids), CardState.reps > 0)
        .group_by(CardState.user_id)
        for a in assignments if a.kind == "flashcards" and (cards := assignment_cards(a))
    ]
    if not parts:
        return {}
    statement = sa.union_all(*parts) if len(parts) > 1 else parts[0]
    return {(aid, uid): count for aid, uid, count in db.session.execute(statement)}
