"""A user's own data: everything we hold about them as an export, and deleting the account.

What deleting keeps is stated on the account page from :data:`DELETION_SUMMARY`; keep the two in
step.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from quizapp.accounts.services import AccountError
from quizapp.core.database import outside_write_lock
from quizapp.core.spreadsheets import csv_text
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    CardState,
    CaseDecision,
    CaseRun,
    Cohort,
    Item,
    LearnerItemDay,
    LiveAnswer,
    LiveParticipant,
    LiveSession,
    Membership,
    ProblemReport,
    Response,
    ReviewLog,
    Role,
    User,
)

__all__ = [
    "DELETION_SUMMARY",
    "EXPORT_SECTIONS",
    "delete_account",
    "export_csv",
    "export_data",
    "export_json",
]

EXPORT_SECTIONS = (
    "reviews",
    "cards",
    "attempts",
    "responses",
    "memberships",
    "live_answers",
    "case_decisions",
    "problem_reports",
)

DELETION_SUMMARY = {
    "deleted": [
        "your account: name, email, password hash, role and study preferences",
        "every flashcard review and the scheduling state of every card",
        "every quiz attempt and every answer in it, including assignment submissions",
        "your membership of every cohort",
        "every case study you played and every decision in it",
        "every problem you reported about an item",
        "the list of browsers and devices where you are signed in (with their addresses)",
    ],
    "kept": [
        (
            "your answers in live classroom sessions stay in that session's results so the "
            'trainer\'s totals stay correct, but under the name "Removed participant" and with no '
            "link to you"
        ),
    ],
}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _section_queries(user_id: int) -> dict[str, tuple[sa.Select, tuple[str | None, ...]]]:
    """Per export section: the query of ``user_id``'s rows, and clearer names for leading
    columns."""
    return {
        "reviews": (
            sa.select(
                Item.key,
                ReviewLog.seq,
                ReviewLog.rating,
                ReviewLog.reviewed_at,
                ReviewLog.duration_ms,
                ReviewLog.state_before,
                ReviewLog.due_after,
            )
            .join(Item, Item.id == ReviewLog.item_id)
            .where(ReviewLog.user_id == user_id)
            .order_by(ReviewLog.reviewed_at, ReviewLog.id),
            ("item_key",),
        ),
        "cards": (
            sa.select(
                Item.key,
                CardState.state,
                CardState.step,
                CardState.stability,
                CardState.difficulty,
                CardState.due,
                CardState.last_review,
                CardState.retained_until,
                CardState.reps,
                CardState.lapses,
            )
            .join(Item, Item.id == CardState.item_id)
            .where(CardState.user_id == user_id)
            .order_by(CardState.id),
            ("item_key",),
        ),
        "attempts": (
            sa.select(
                Attempt.id,
                Attempt.mode,
                Attempt.assignment_id,
                Attempt.started_at,
                Attempt.finished_at,
                Attempt.score,
                Attempt.max_score,
            )
            .where(Attempt.user_id == user_id)
            .order_by(Attempt.id),
            ("attempt_id",),
        ),
        "responses": (
            sa.select(
                Response.attempt_id,
                Item.key,
                Response.position,
                Response.answer,
                Response.score,
                Response.correct,
                Response.answered_at,
                Response.duration_ms,
            )
            .join(Attempt, Attempt.id == Response.attempt_id)
            .join(Item, Item.id == Response.item_id)
            .where(Attempt.user_id == user_id)
            .order_by(Response.attempt_id, Response.position),
            (None, "item_key"),
        ),
        "memberships": (
            sa.select(Cohort.name, Membership.role, Membership.joined_at)
            .join(Cohort, Cohort.id == Membership.cohort_id)
            .where(Membership.user_id == user_id)
            .order_by(Membership.joined_at),
            ("cohort",),
        ),
        "live_answers": (
            sa.select(
                LiveSession.title,
                LiveParticipant.nickname,
                LiveAnswer.question_index,
                Item.key,
                LiveAnswer.answer,
                LiveAnswer.correct,
                LiveAnswer.points,
                LiveAnswer.answered_at,
            )
            .join(LiveParticipant, LiveParticipant.id == LiveAnswer.participant_id)
            .join(LiveSession, LiveSession.id == LiveAnswer.session_id)
            .join(Item, Item.id == LiveAnswer.item_id)
            .where(LiveParticipant.user_id == user_id)
            .order_by(LiveAnswer.answered_at),
            ("session", None, None, "item_key"),
        ),
        "case_decisions": (
            sa.select(
                Item.key,
                CaseRun.number,
                CaseRun.started_at,
                CaseRun.finished_at,
                CaseRun.score,
                CaseDecision.step_key,
                CaseDecision.option,
                CaseDecision.correct,
                CaseDecision.decided_at,
            )
            .join(CaseRun, CaseRun.id == CaseDecision.run_id)
            .join(Item, Item.id == CaseRun.item_id)
            .where(CaseRun.user_id == user_id)
            .order_by(CaseRun.id, CaseDecision.position),
            ("case", "run"),
        ),
        "problem_reports": (
            sa.select(
                Item.key,
                ProblemReport.reason,
                ProblemReport.comment,
                ProblemReport.status,
                ProblemReport.note,
                ProblemReport.created_at,
                ProblemReport.resolved_at,
            )
            .join(Item, Item.id == ProblemReport.item_id)
            .where(ProblemReport.user_id == user_id)
            .order_by(ProblemReport.id),
            ("item_key",),
        ),
    }


def _section(user_id: int, name: str) -> list[dict[str, Any]]:
    """One section's rows (one query)."""
    query, renames = _section_queries(user_id)[name]
    return [_row(r, *renames) for r in db.session.execute(query)]


def export_data(user: User) -> dict[str, Any]:
    """Every record about ``user``, as JSON-able rows per section (one query per section)."""
    account = {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "desired_retention": user.desired_retention,
        "new_cards_per_day": user.new_cards_per_day,
        "include_background": user.include_background,
        "created_at": _iso(user.created_at),
    }
    return {"account": account, **{name: _section(user.id, name) for name in EXPORT_SECTIONS}}


def _row(row: sa.Row, *renames: str | None) -> dict[str, Any]:
    """A result row as a dict; ``renames`` give clearer names to the leading columns."""
    data: dict[str, Any] = {}
    for index, (name, value) in enumerate(row._asdict().items()):
        rename = renames[index] if index < len(renames) else None
        label = rename or name
        data[label] = _iso(value) if isinstance(value, datetime) else value
    return data


def export_json(user: User) -> str:
    """The whole export as one JSON document."""
    return json.dumps(export_data(user), indent=2, ensure_ascii=False, default=str)


def export_csv(user: User, section: str) -> str:
    """One section of the export as CSV (answers, being structured, are written as JSON text)."""
    if section not in EXPORT_SECTIONS:
        raise KeyError(section)
    rows = _section(user.id, section)
    if not rows:
        return ""
    return csv_text(
        list(rows[0]),
        (
            [
                json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                for v in row.values()
            ]
            for row in rows
        ),
    )


def delete_account(user: User, *, password: str) -> None:
    """Delete ``user`` and their personal data as :data:`DELETION_SUMMARY` says. The caller
    commits."""
    with outside_write_lock(db.session):  # the slow check never holds SQLite's write lock
        if not check_password_hash(user.password_hash, password):
            raise AccountError("That password is not correct; your account was not deleted.")
    _refuse_if_responsible(user)
    for participant in db.session.scalars(
        sa.select(LiveParticipant).where(LiveParticipant.user_id == user.id)
    ):
        participant.user_id = None
        participant.nickname = f"Removed participant {participant.id}"
    attempt_ids = sa.select(Attempt.id).where(Attempt.user_id == user.id).scalar_subquery()
    db.session.execute(sa.delete(Response).where(Response.attempt_id.in_(attempt_ids)))
    run_ids = sa.select(CaseRun.id).where(CaseRun.user_id == user.id).scalar_subquery()
    db.session.execute(sa.delete(CaseDecision).where(CaseDecision.run_id.in_(run_ids)))
    for model in (
        Attempt,
        ReviewLog,
        CardState,
        LearnerItemDay,
        Membership,
        CaseRun,
        ProblemReport,
    ):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    db.session.delete(user)
    db.session.flush()


def _refuse_if_responsible(user: User) -> None:
    owned = {
        "cohorts": sa.select(sa.func.count(Cohort.id)).where(Cohort.owner_id == user.id),
        "assignments": sa.select(sa.func.count(Assignment.id)).where(
            Assignment.created_by_id == user.id
        ),
        "live sessions": sa.select(sa.func.count(LiveSession.id)).where(
            LiveSession.trainer_id == user.id
        ),
    }
    held = [name for name, query in owned.items() if db.session.scalar(query)]
    if held:
        raise AccountError(
            f"You still run {', '.join(held)} that learners depend on. Hand them over or delete "
            "them first, or ask an administrator to remove your account."
        )
    if user.role == Role.ADMIN.value:
        admins = db.session.execute(
            sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN.value)
        ).scalar_one()
        if admins <= 1:
            raise AccountError(
                "You are the only administrator. Make someone else an administrator first."
            )
