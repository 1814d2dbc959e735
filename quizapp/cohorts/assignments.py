"""Assignments: a quiz or a flashcard goal set for a cohort, who finished it and how well.

Completion:
- a quiz assignment is complete for a learner who has a finished attempt started from it (the
  best score counts);
- a flashcard goal is complete while the learner's mastery of every topic in it is at least
  :data:`GOAL_MASTERY` (mastery as defined once in :mod:`quizapp.progress.mastery`).

Every figure for a roster comes from one grouped query, never a query per learner. The caller
commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from quizapp.cohorts.access import is_learner_in
from quizapp.cohorts.services import can_open_as_trainer
from quizapp.enums import AssignmentKind, ItemStatus, OriginFilter, QuizMode
from quizapp.extensions import db
from quizapp.items.kinds import flashcard_kinds, quiz_kinds
from quizapp.models.accounts import User
from quizapp.models.base import utcnow
from quizapp.models.cohorts import Assignment, Cohort, Membership
from quizapp.models.content import Item, Topic
from quizapp.models.quiz import Attempt
from quizapp.models.settings import GOAL_MASTERY, GoalSettings, QuizSettings
from quizapp.models.study import CardState
from quizapp.progress.mastery import MasteryCell, mastery_matrix
from quizapp.quiz import services as quiz_services


class AssignmentError(ValueError):
    """An assignment request that cannot be granted; the message is for the user."""


@dataclass(frozen=True)
class LearnerStatus:
    """One learner's standing on one assignment."""

    complete: bool = False
    best: float | None = None  # quiz: best finished score, 0..1
    finished: int = 0  # quiz: finished attempts
    open_attempt_id: int | None = None  # quiz: an attempt to continue
    mastery: dict[int, float | None] = field(default_factory=dict)  # goal: topic id → mastery


@dataclass(frozen=True)
class ResultRow:
    """A roster line of an assignment's results page."""

    user_id: int
    name: str
    email: str
    status: LearnerStatus


# --- creating ---------------------------------------------------------------------------------


def due_at_end_of(day: date | None) -> datetime | None:
    """A due date means "by the end of that day" (UTC)."""
    return None if day is None else datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _topic_titles(topic_ids: Sequence[int], course_id: int) -> list[str]:
    """The titles of ``topic_ids``, all of which must be topics of the cohort's course."""
    titles = dict(
        db.session.execute(
            sa.select(Topic.id, Topic.title).where(
                Topic.id.in_(topic_ids), Topic.course_id == course_id
            )
        )
        .tuples()
        .all()
    )
    if not topic_ids or set(topic_ids) - set(titles):
        raise AssignmentError("Choose at least one topic from the list.")
    return [titles[t] for t in topic_ids]


def quiz_settings(
    *, topic_ids: Sequence[int], kinds: Sequence[str], length: int, mode: str, origin: str
) -> QuizSettings:
    """The settings of a quiz assignment: exactly what :func:`start_quiz` hands to
    ``start_attempt``.

    Pure (no database), so bulk writers such as the demo seed store the same shape.

    Raises:
        AssignmentError: no kind or an unknown one, or an unknown mode or origin.
    """
    if not kinds or set(kinds) - set(quiz_kinds()):
        raise AssignmentError("Choose at least one question type.")
    if mode not in set(QuizMode) or origin not in set(OriginFilter):
        raise AssignmentError("Choose a mode and a source from the list.")
    return QuizSettings(
        topic_ids=tuple(topic_ids), kinds=tuple(kinds), length=int(length), mode=mode, origin=origin
    )


def goal_settings(*, topic_ids: Sequence[int], threshold: float = GOAL_MASTERY) -> GoalSettings:
    """The settings of a flashcard goal: its topics and the mastery each must reach (pure)."""
    return GoalSettings(topic_ids=tuple(topic_ids), threshold=threshold)


def create_quiz_assignment(
    cohort: Cohort,
    creator: User,
    *,
    title: str,
    topic_ids: Sequence[int],
    kinds: Sequence[str],
    length: int,
    mode: str,
    origin: str,
    due_on: date | None,
) -> Assignment:
    """Set a quiz for the cohort; its settings are exactly what ``start_attempt`` is given."""
    names = _topic_titles(topic_ids, cohort.course_id)
    assignment = Assignment(
        cohort_id=cohort.id,
        kind=AssignmentKind.QUIZ,
        created_by_id=creator.id,
        due_at=due_at_end_of(due_on),
        title=title.strip() or f"Quiz: {', '.join(names)}"[:200],
        settings=quiz_settings(
            topic_ids=topic_ids, kinds=kinds, length=length, mode=mode, origin=origin
        ).to_json(),
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def create_goal_assignment(
    cohort: Cohort, creator: User, *, title: str, topic_ids: Sequence[int], due_on: date | None
) -> Assignment:
    """Set a flashcard goal: master every chosen topic (mastery ≥ GOAL_MASTERY)."""
    names = _topic_titles(topic_ids, cohort.course_id)
    assignment = Assignment(
        cohort_id=cohort.id,
        kind=AssignmentKind.FLASHCARDS,
        created_by_id=creator.id,
        due_at=due_at_end_of(due_on),
        title=title.strip() or f"Master: {', '.join(names)}"[:200],
        settings=goal_settings(topic_ids=topic_ids).to_json(),
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def delete_assignment(assignment: Assignment) -> None:
    """Withdraw an assignment; attempts made for it stay with the learners (assignment_id set
    NULL)."""
    db.session.delete(assignment)


# --- loading with access checks ---------------------------------------------------------------


def assignment_for(user: User, assignment_id: int) -> tuple[Assignment, Cohort, str]:
    """The assignment, its cohort and how ``user`` sees it: "trainer" or "learner". 404 otherwise.

    Learners see assignments of active cohorts they are in now; removal ends access at once.
    """
    found = db.session.execute(
        sa.select(Assignment, Cohort)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .where(Assignment.id == assignment_id)
    ).first()
    if found is None:
        raise NotFound()
    assignment, cohort = found
    if can_open_as_trainer(user, cohort.id):
        return assignment, cohort, "trainer"
    if cohort.archived or not is_learner_in(user.id, cohort.id):
        raise NotFound()
    return assignment, cohort, "learner"


def cohort_assignments(cohort_ids: Iterable[int]) -> list[Assignment]:
    """Assignments of these cohorts: dated ones by due date first, then the newest undated."""
    return list(
        db.session.scalars(
            sa.select(Assignment)
            .where(Assignment.cohort_id.in_(list(cohort_ids)))
            .order_by(
                Assignment.due_at.is_(None),
                Assignment.due_at,
                Assignment.created_at.desc(),
                Assignment.id,
            )
        )
    )


def topic_titles(assignments: Iterable[Assignment]) -> dict[int, str]:
    """Titles of every topic these assignments mention, in one query."""
    wanted = {t for a in assignments for t in a.topic_ids}
    if not wanted:
        return {}
    return dict(
        db.session.execute(sa.select(Topic.id, Topic.title).where(Topic.id.in_(wanted)))
        .tuples()
        .all()
    )


# --- measuring --------------------------------------------------------------------------------


def _learner_ids(cohort_id: int) -> sa.Select:
    return sa.select(Membership.user_id).where(
        Membership.cohort_id == cohort_id, Membership.role == "learner"
    )


def goal_topic_ids(assignments: Iterable[Assignment]) -> set[int]:
    """Every topic the flashcard goals among ``assignments`` ask to master."""
    return {t for a in assignments if a.kind == AssignmentKind.FLASHCARDS for t in a.topic_ids}


def goal_mastery(
    assignment: Assignment, cells: dict[tuple[int, int], MasteryCell], user_id: int
) -> dict[int, float | None]:
    """Topic id → the learner's mastery, for each topic of a flashcard goal (from a mastery
    matrix)."""
    return {
        t: (cell.mastery if (cell := cells.get((user_id, t))) else None)
        for t in assignment.topic_ids
    }


def goal_threshold(assignment: Assignment) -> float:
    """The mastery a flashcard goal asks for in every topic (0..1)."""
    return assignment.goal_settings.threshold


def goal_met(
    assignment: Assignment, cells: dict[tuple[int, int], MasteryCell], user_id: int
) -> bool:
    """True when the learner's mastery of every topic of the goal reaches its threshold.

    ``cells`` is a :func:`quizapp.progress.mastery.mastery_matrix` covering the goal's topics.
    """
    threshold = goal_threshold(assignment)
    return all(
        (value or 0.0) >= threshold for value in goal_mastery(assignment, cells, user_id).values()
    )


def weakest_goal_mastery(per_topic: dict[int, float | None]) -> float | None:
    """The lowest mastery among a goal's topics — the figure that decides ``goal_met``.

    A topic without mastery counts as 0, as in ``goal_met``; None when no topic has any.
    """
    if all(value is None for value in per_topic.values()):
        return None
    return min(value or 0.0 for value in per_topic.values())


def _quiz_standing(
    user_ids: sa.Select, assignment_ids: list[int]
) -> dict[tuple[int, int], tuple[float | None, int, int | None]]:
    """(assignment, user) → (best score 0..1, finished attempts, newest unfinished attempt id)."""
    if not assignment_ids:
        return {}
    ratio = Attempt.score / sa.func.nullif(Attempt.max_score, 0)
    finished = Attempt.finished_at.is_not(None)
    rows = db.session.execute(
        sa.select(
            Attempt.assignment_id,
            Attempt.user_id,
            sa.func.max(sa.case((finished, ratio))),
            sa.func.count(sa.case((finished, Attempt.id))),
            sa.func.max(sa.case((Attempt.finished_at.is_(None), Attempt.id))),
        )
        .where(Attempt.assignment_id.in_(assignment_ids), Attempt.user_id.in_(user_ids))
        .group_by(Attempt.assignment_id, Attempt.user_id)
    )
    return {
        (a, u): (None if best is None else float(best), done, open_id)
        for a, u, best, done, open_id in rows
    }


def completion_counts(
    cohort_id: int, assignments: Sequence[Assignment], now: datetime | None = None
) -> dict[int, int]:
    """How many current learners completed each assignment: two grouped queries in all."""
    now = now or utcnow()
    learners = _learner_ids(cohort_id)
    counts = {a.id: 0 for a in assignments}
    quiz_ids = [a.id for a in assignments if a.kind == AssignmentKind.QUIZ]
    if quiz_ids:
        rows = db.session.execute(
            sa.select(Attempt.assignment_id, sa.func.count(sa.distinct(Attempt.user_id)))
            .where(
                Attempt.assignment_id.in_(quiz_ids),
                Attempt.finished_at.is_not(None),
                Attempt.user_id.in_(learners),
            )
            .group_by(Attempt.assignment_id)
        )
        counts.update({aid: n for aid, n in rows.tuples() if aid is not None})
    goals = [a for a in assignments if a.kind == AssignmentKind.FLASHCARDS]
    if goals:
        mastery = mastery_matrix(learners, goal_topic_ids(goals), now)
        users = {u for u, _ in mastery}
        for goal in goals:
            counts[goal.id] = sum(goal_met(goal, mastery, u) for u in users)
    return counts


def statuses_for(
    user: User, assignments: Sequence[Assignment], now: datetime | None = None
) -> dict[int, LearnerStatus]:
    """The learner's own standing on each assignment (two queries whatever the count)."""
    now = now or utcnow()
    me = sa.select(sa.literal(user.id))
    quiz = _quiz_standing(me, [a.id for a in assignments if a.kind == AssignmentKind.QUIZ])
    goals = [a for a in assignments if a.kind == AssignmentKind.FLASHCARDS]
    mastery = mastery_matrix([user.id], goal_topic_ids(goals), now)
    result = {}
    for a in assignments:
        if a.kind == AssignmentKind.QUIZ:
            best, done, open_id = quiz.get((a.id, user.id), (None, 0, None))
            result[a.id] = LearnerStatus(
                complete=done > 0, best=best, finished=done, open_attempt_id=open_id
            )
        else:
            result[a.id] = LearnerStatus(
                complete=goal_met(a, mastery, user.id), mastery=goal_mastery(a, mastery, user.id)
            )
    return result


def results(assignment: Assignment, now: datetime | None = None) -> list[ResultRow]:
    """Every current learner of the cohort with their standing on this assignment (two queries)."""
    now = now or utcnow()
    learners = _learner_ids(assignment.cohort_id)
    people = db.session.execute(
        sa.select(User.id, User.display_name, User.email)
        .where(User.id.in_(learners))
        .order_by(sa.func.lower(User.display_name), User.id)
    ).all()
    rows = []
    if assignment.kind == AssignmentKind.QUIZ:
        standing = _quiz_standing(learners, [assignment.id])
        for uid, name, email in people:
            best, done, open_id = standing.get((assignment.id, uid), (None, 0, None))
            rows.append(ResultRow(uid, name, email, LearnerStatus(done > 0, best, done, open_id)))
        return rows
    topic_ids = list(assignment.topic_ids)
    mastery = mastery_matrix(learners, topic_ids, now)
    for uid, name, email in people:
        rows.append(
            ResultRow(
                uid,
                name,
                email,
                LearnerStatus(
                    goal_met(assignment, mastery, uid),
                    mastery=goal_mastery(assignment, mastery, uid),
                ),
            )
        )
    return rows


# --- starting ---------------------------------------------------------------------------------


def start_quiz(user: User, assignment: Assignment) -> int:
    """The attempt to take: an unfinished one for this assignment, or a new one from the quiz
    service.

    Raises:
        AssignmentError: the quiz service cannot build the quiz (no item matches its settings).
    """
    open_id = db.session.scalar(
        sa.select(Attempt.id)
        .where(
            Attempt.user_id == user.id,
            Attempt.assignment_id == assignment.id,
            Attempt.finished_at.is_(None),
        )
        .order_by(Attempt.id.desc())
        .limit(1)
    )
    if open_id is not None:
        return open_id
    s = assignment.quiz_settings
    course_id = db.session.scalar(
        sa.select(Cohort.course_id).where(Cohort.id == assignment.cohort_id)
    )
    try:
        attempt = quiz_services.start_attempt(
            user,
            topic_ids=s.topic_ids,
            kinds=s.kinds,
            length=s.length,
            origin=s.origin,
            mode=s.mode,
            assignment_id=assignment.id,
            course_ids=[course_id] if course_id is not None else None,  # the cohort's course
        )
    except quiz_services.QuizError as error:
        raise AssignmentError(f"This quiz cannot start: {error}") from error
    return attempt.id


def start_goal(user: User, assignment: Assignment, now: datetime | None = None) -> int:
    """Put the goal's flashcards that are not yet retained into the learner's deck, due now.

    Returns how many cards were queued (0 when everything is already retained).
    """
    from quizapp.study.services import make_due_now

    now = now or utcnow()
    retained = sa.select(CardState.item_id).where(
        CardState.user_id == user.id, CardState.retained_until >= now
    )
    item_ids = list(
        db.session.scalars(
            sa.select(Item.id).where(
                Item.topic_id.in_(assignment.topic_ids),
                Item.status == ItemStatus.PUBLISHED,
                Item.kind.in_(flashcard_kinds()),
                Item.id.not_in(retained),
            )
        )
    )
    return make_due_now(user.id, item_ids, now)
