"""Who may see or manage a cohort. Every service that loads a cohort checks through here."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models.accounts import Role, User
from quizapp.models.cohorts import Cohort, Membership


def managed_cohort_ids(user: User) -> sa.Select[tuple[int]]:
    """A subquery of the cohorts ``user`` may manage: owned or co-trained (admins: all)."""
    if user.has_role(Role.ADMIN):
        return sa.select(Cohort.id)
    co_trained = sa.select(Membership.cohort_id).where(
        Membership.user_id == user.id, Membership.role == "trainer"
    )
    return sa.select(Cohort.id).where(sa.or_(Cohort.owner_id == user.id, Cohort.id.in_(co_trained)))


def can_manage_cohort(user: User, cohort_id: int) -> bool:
    """True when ``user`` owns or co-trains the cohort, or is an admin."""
    return (
        db.session.scalar(
            sa.select(sa.literal(True)).where(
                managed_cohort_ids(user).where(Cohort.id == cohort_id).exists()
            )
        )
        is True
    )


def is_learner_in(user_id: int, cohort_id: int) -> bool:
    """True when the user is a current learner member of the cohort."""
    return (
        db.session.scalar(
            sa.select(Membership.id).where(
                Membership.user_id == user_id,
                Membership.cohort_id == cohort_id,
                Membership.role == "learner",
            )
        )
        is not None
    )


def trainer_sees_learner(trainer: User, learner_id: int) -> bool:
    """True when the learner is in a cohort the trainer manages (or the trainer is an admin)."""
    if trainer.has_role(Role.ADMIN):
        return True
    return (
        db.session.scalar(
            sa.select(Membership.id)
            .where(
                Membership.user_id == learner_id,
                Membership.role == "learner",
                Membership.cohort_id.in_(managed_cohort_ids(trainer)),
            )
            .limit(1)
        )
        is not None
    )
