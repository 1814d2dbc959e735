"""Who may run or read a live session, and who may take part in one: each rule stated once.

Running and reading (presenter, controls, state, report, CSV, the lists at ``/live`` and
``/reports``, the item analysis across cohorts) follow one rule: the trainer who started the
session, the owner and co-trainers of its cohort, and administrators. Taking part follows the
session's settings: anyone when guests are allowed or the session has no cohort; otherwise only the
cohort's members (learners, co-trainers and its owner), signed in.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from quizapp.cohorts.access import managed_cohort_ids
from quizapp.extensions import db
from quizapp.models.accounts import Role, User
from quizapp.models.cohorts import Cohort, Membership
from quizapp.models.live import LiveSession

__all__ = ["participation_refusal", "session_for", "sessions_visible_to"]


def sessions_visible_to(user: User) -> sa.ColumnElement[bool]:
    """A WHERE term on ``LiveSession``: the sessions ``user`` may run and read."""
    if user.has_role(Role.ADMIN):
        return sa.true()
    return sa.or_(
        LiveSession.trainer_id == user.id, LiveSession.cohort_id.in_(managed_cohort_ids(user))
    )


def session_for(user: User, session_id: int) -> LiveSession:
    """The session if ``user`` may run and read it; otherwise 404, never a hint that it exists."""
    session = db.session.scalar(
        sa.select(LiveSession).where(LiveSession.id == session_id, sessions_visible_to(user))
    )
    if session is None:
        abort(404)
    return session


def participation_refusal(session: LiveSession, user_id: int | None) -> str | None:
    """Why this person may not take part in ``session`` (a sentence to show), or None if they may.

    Checked when joining and again with every answer, so leaving the cohort ends taking part.
    """
    if session.cohort_id is None or session.allow_guests:
        return None
    if user_id is None:
        return "This session is for signed-in participants only. Please log in to join."
    member = db.session.scalar(
        sa.select(sa.literal(True)).where(
            sa.or_(
                sa.select(Membership.id)
                .where(Membership.cohort_id == session.cohort_id, Membership.user_id == user_id)
                .exists(),
                sa.select(Cohort.id)
                .where(Cohort.id == session.cohort_id, Cohort.owner_id == user_id)
                .exists(),
            )
        )
    )
    if member:
        return None
    return (
        "This session is only for members of its cohort. Ask your trainer for the cohort's "
        "join code, join the cohort, then come back with the PIN."
    )
