"""Cohorts: creating them, joining with a code, the roster, co-trainers and archiving.

Every function that loads a cohort for a user goes through :mod:`quizapp.cohorts.access` and
raises :class:`NotFound` (→ 404) for a cohort the user may not see, so existence never leaks.
The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from quizapp.accounts.services import find_user_by_email
from quizapp.cohorts.access import can_manage_cohort, managed_cohort_ids
from quizapp.cohorts.codes import generate_code
from quizapp.content.services import builtin_course
from quizapp.extensions import db
from quizapp.models.accounts import Role, User
from quizapp.models.cohorts import Cohort, Membership
from quizapp.models.quiz import Attempt
from quizapp.models.study import ReviewLog

CODE_ATTEMPTS = 8


class CohortError(ValueError):
    """A request about a cohort that cannot be granted; the message is for the user."""


class UnknownCode(CohortError):
    """No cohort has the code typed (a wrong guess, counted per address at ``/join``)."""


@dataclass(frozen=True)
class RosterRow:
    """One learner of a cohort as the trainer sees them."""

    user_id: int
    name: str
    email: str
    joined_at: datetime
    last_active: datetime | None


@dataclass(frozen=True)
class JoinOutcome:
    """What joining did: ``joined`` is False when the user was already a member."""

    cohort: Cohort
    joined: bool


# --- loading with access checks ---------------------------------------------------------------


def managed_cohort(user: User, cohort_id: int) -> Cohort:
    """The cohort if ``user`` is a trainer who owns or co-trains it (admins: any); else 404."""
    if not user.has_role(Role.TRAINER):
        raise NotFound()
    cohort = db.session.scalar(
        sa.select(Cohort).where(Cohort.id == cohort_id, Cohort.id.in_(managed_cohort_ids(user)))
    )
    if cohort is None:
        raise NotFound()
    return cohort


def joined_cohort(user: User, cohort_id: int) -> Cohort:
    """The cohort if ``user`` is a learner in it and it is not archived; else 404."""
    cohort = db.session.scalar(
        sa.select(Cohort)
        .join(Membership, Membership.cohort_id == Cohort.id)
        .where(
            Cohort.id == cohort_id,
            Cohort.archived.is_(False),
            Membership.user_id == user.id,
            Membership.role == "learner",
        )
    )
    if cohort is None:
        raise NotFound()
    return cohort


def can_open_as_trainer(user: User, cohort_id: int) -> bool:
    """True when :func:`managed_cohort` would succeed (without raising): the user has the trainer
    role *and* manages the cohort (:func:`~quizapp.cohorts.access.can_manage_cohort` checks only
    the second)."""
    return user.has_role(Role.TRAINER) and can_manage_cohort(user, cohort_id)


def managed_cohorts(user: User) -> list[tuple[Cohort, int]]:
    """(cohort, learner count) for every cohort the trainer manages, active first, newest first."""
    learners = (
        sa.select(Membership.cohort_id, sa.func.count(Membership.id).label("learners"))
        .where(Membership.role == "learner")
        .group_by(Membership.cohort_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Cohort, sa.func.coalesce(learners.c.learners, 0))
        .outerjoin(learners, learners.c.cohort_id == Cohort.id)
        .where(Cohort.id.in_(managed_cohort_ids(user)))
        .order_by(Cohort.archived, Cohort.created_at.desc(), Cohort.id.desc())
    )
    return [(cohort, count) for cohort, count in rows]


def learner_cohorts(user: User) -> list[Cohort]:
    """The active cohorts ``user`` belongs to as a learner, by name."""
    return list(
        db.session.scalars(
            sa.select(Cohort)
            .join(Membership, Membership.cohort_id == Cohort.id)
            .where(
                Membership.user_id == user.id,
                Membership.role == "learner",
                Cohort.archived.is_(False),
            )
            .order_by(Cohort.name, Cohort.id)
        )
    )


# --- creating and joining ---------------------------------------------------------------------


def create_cohort(
    owner: User, *, name: str, description: str = "", course_id: int | None = None
) -> Cohort:
    """Add a cohort owned by ``owner`` with a fresh unique join code.

    Codes are random; a collision with an existing code (UNIQUE in the database) is caught inside
    a SAVEPOINT and another code is drawn, so a concurrent creation cannot produce a duplicate.
    """
    if not owner.has_role(Role.TRAINER):
        raise CohortError("Only trainers can create cohorts.")
    for _ in range(CODE_ATTEMPTS):
        cohort = Cohort(
            name=name.strip(),
            description=(description or "").strip(),
            owner_id=owner.id,
            course_id=course_id or builtin_course().id,
            join_code=generate_code(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(cohort)
        except sa.exc.IntegrityError:
            continue
        return cohort
    raise CohortError("Could not create a unique join code. Please try again.")  # pragma: no cover


def cohort_by_code(code: str) -> Cohort | None:
    """The cohort with this (normalised) join code, archived or not."""
    return db.session.scalar(sa.select(Cohort).where(Cohort.join_code == code))


def join_cohort(user: User, code: str) -> JoinOutcome:
    """Make ``user`` a learner of the cohort with ``code``. Joining twice is harmless.

    Raises:
        CohortError: unknown code (UnknownCode), archived cohort, or the user already runs the
            cohort.
    """
    cohort = cohort_by_code(code)
    if cohort is None:
        raise UnknownCode(
            "No cohort has that code. Check the letters with your trainer and try again."
        )
    if cohort.archived:
        raise CohortError("That cohort has been archived and no longer accepts new members.")
    if cohort.owner_id == user.id:
        raise CohortError("You run this cohort, so you cannot join it as a learner.")
    existing = _membership(cohort.id, user.id)
    if existing is not None:
        if existing.role == "trainer":
            raise CohortError(
                "You are a co-trainer of this cohort, so you cannot join it as a learner."
            )
        return JoinOutcome(cohort, joined=False)
    try:
        with db.session.begin_nested():
            db.session.add(Membership(cohort_id=cohort.id, user_id=user.id, role="learner"))
    except sa.exc.IntegrityError:
        # The same person pressed Join twice at once: the other request stored the membership.
        return JoinOutcome(cohort, joined=False)
    return JoinOutcome(cohort, joined=True)


def _membership(cohort_id: int, user_id: int) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.cohort_id == cohort_id, Membership.user_id == user_id
        )
    )


# --- the roster and co-trainers ---------------------------------------------------------------


def roster(cohort_id: int) -> list[RosterRow]:
    """The cohort's learners with when they joined and were last active, in one query.

    "Last active" is the latest of: last seen, last flashcard review, last quiz started.
    """
    members = sa.select(Membership.user_id).where(
        Membership.cohort_id == cohort_id, Membership.role == "learner"
    )
    reviews = (
        sa.select(ReviewLog.user_id, sa.func.max(ReviewLog.reviewed_at).label("at"))
        .where(ReviewLog.user_id.in_(members))
        .group_by(ReviewLog.user_id)
        .subquery()
    )
    attempts = (
        sa.select(Attempt.user_id, sa.func.max(Attempt.started_at).label("at"))
        .where(Attempt.user_id.in_(members))
        .group_by(Attempt.user_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            User.id,
            User.display_name,
            User.email,
            Membership.joined_at,
            User.last_seen_at,
            reviews.c.at,
            attempts.c.at,
        )
        .join(Membership, Membership.user_id == User.id)
        .outerjoin(reviews, reviews.c.user_id == User.id)
        .outerjoin(attempts, attempts.c.user_id == User.id)
        .where(Membership.cohort_id == cohort_id, Membership.role == "learner")
        .order_by(sa.func.lower(User.display_name), User.id)
    )
    return [
        RosterRow(uid, name, email, joined, _latest(seen, _aware(reviewed), _aware(started)))
        for uid, name, email, joined, seen, reviewed, started in rows
    ]


def _aware(value: datetime | None) -> datetime | None:
    # Belt and braces: an aggregate may come back naive (or as text on SQLite) on some drivers.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _latest(*values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def remove_learner(cohort: Cohort, user_id: int) -> None:
    """Take a learner out of the cohort; their access to its assignments ends with this commit.

    Their attempts and reviews stay (they are the learner's own record). 404 if not a learner here.
    """
    membership = _membership(cohort.id, user_id)
    if membership is None or membership.role != "learner":
        raise NotFound()
    db.session.delete(membership)


def co_trainers(cohort_id: int) -> list[User]:
    """The cohort's co-trainers, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.cohort_id == cohort_id, Membership.role == "trainer")
            .order_by(sa.func.lower(User.display_name), User.id)
        )
    )


#: The one answer for an email that has no account and for one whose account is not a trainer's.
NO_SUCH_TRAINER = (
    "No trainer account has that email address. Check the address; if they have an account, an "
    "administrator can make them a trainer first."
)


def add_co_trainer(cohort: Cohort, email: str) -> User:
    """Give the trainer with ``email`` a hand in running the cohort.

    A learner member who is a trainer becomes a co-trainer (one membership row per person).

    Raises:
        CohortError: no trainer has that email (one answer whether or not an account has it),
            already the owner or a co-trainer.
    """
    user = find_user_by_email(email)
    if user is None or not user.has_role(Role.TRAINER):
        # One answer for "no account" and "not a trainer": the form must not tell a trainer who
        # has an account here, let alone their display name.
        raise CohortError(NO_SUCH_TRAINER)
    if user.id == cohort.owner_id:
        raise CohortError(f"{user.display_name} owns this cohort already.")
    membership = _membership(cohort.id, user.id)
    if membership is not None and membership.role == "trainer":
        raise CohortError(f"{user.display_name} is already a co-trainer.")
    if membership is None:
        db.session.add(Membership(cohort_id=cohort.id, user_id=user.id, role="trainer"))
    else:
        membership.role = "trainer"
    db.session.flush()
    return user


def remove_co_trainer(cohort: Cohort, user_id: int) -> None:
    """End a co-trainer's access to the cohort. 404 if they are not a co-trainer here."""
    membership = _membership(cohort.id, user_id)
    if membership is None or membership.role != "trainer":
        raise NotFound()
    db.session.delete(membership)


def set_archived(cohort: Cohort, archived: bool) -> None:
    """Archive (no joins, hidden from learners, data kept) or restore the cohort."""
    cohort.archived = archived
