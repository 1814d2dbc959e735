"""Problem reports: stored once per learner, item and open report; reviewed by the authors of
the item's course, and by admins (the only reviewers of the built-in course, which has no
authors in the browser)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum

import sqlalchemy as sa
from flask import abort
from sqlalchemy.exc import IntegrityError

from quizapp.courses.access import authored_course_ids, visible_courses_query
from quizapp.enums import ItemStatus, ProblemStatus
from quizapp.extensions import db
from quizapp.models import Course, Item, ProblemReport, User
from quizapp.models.accounts import Role
from quizapp.models.base import utcnow

__all__ = [
    "Filed",
    "QueueRow",
    "close_report",
    "item_for_reporter_or_404",
    "may_review_any",
    "open_counts",
    "report_problem",
    "review_queue",
]


class Filed(Enum):
    """What happened to a report."""

    SAVED = "saved"
    ALREADY_OPEN = "already_open"  # the learner has an open report on this item


@dataclass(frozen=True)
class QueueRow:
    """One report in the review queue, with its item and reporter."""

    report: ProblemReport
    item: Item
    reporter: User


def item_for_reporter_or_404(user: User, item_id: int) -> Item:
    """The published item ``item_id`` if ``user`` may study from its course; 404 otherwise."""
    course_ids = visible_courses_query(user).with_only_columns(Course.id).order_by(None)
    item = db.session.scalar(
        sa.select(Item).where(
            Item.id == item_id,
            Item.status == ItemStatus.PUBLISHED,
            Item.course_id.in_(course_ids),
        )
    )
    if item is None:
        abort(404)
    return item


def report_problem(user: User, item: Item, *, reason: str, comment: str) -> Filed:
    """File a report; a second open report by the same learner on the same item is refused by
    UNIQUE (user, item, is_open) and answered ALREADY_OPEN."""
    report = ProblemReport(
        item_id=item.id,
        item_version=item.version,
        user_id=user.id,
        reason=reason,
        comment=comment.strip(),
        status=ProblemStatus.OPEN.value,
        is_open=True,
    )
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        return Filed.ALREADY_OPEN
    return Filed.SAVED


def _reviewable_course_ids(user: User) -> sa.Select[tuple[int]]:
    """Courses whose reports ``user`` reviews: every course for an admin, else the non-built-in
    courses they author."""
    if user.has_role(Role.ADMIN):
        return sa.select(Course.id)
    return sa.select(Course.id).where(
        Course.builtin.is_(False), Course.id.in_(authored_course_ids(user))
    )


def may_review_any(user: User) -> bool:
    """True when ``user`` reviews the reports of at least one course."""
    return db.session.scalar(_reviewable_course_ids(user).limit(1)) is not None


def review_queue(user: User, *, status: str = ProblemStatus.OPEN) -> list[QueueRow]:
    """Reports with ``status`` on items of the courses ``user`` reviews, oldest first (one
    query)."""
    rows = db.session.execute(
        sa.select(ProblemReport, Item, User)
        .join(Item, Item.id == ProblemReport.item_id)
        .join(User, User.id == ProblemReport.user_id)
        .where(
            ProblemReport.status == status,
            Item.course_id.in_(_reviewable_course_ids(user)),
        )
        .order_by(ProblemReport.created_at, ProblemReport.id)
        .limit(500)
    ).all()
    return [QueueRow(report, item, reporter) for report, item, reporter in rows]


def close_report(user: User, report_id: int, *, status: str, note: str) -> bool:
    """Resolve or dismiss an open report of a course ``user`` reviews (404 otherwise).

    Returns:
        False when the report was already closed (a second click, or another reviewer).
    """
    report = db.session.scalar(
        sa.select(ProblemReport)
        .join(Item, Item.id == ProblemReport.item_id)
        .where(ProblemReport.id == report_id, Item.course_id.in_(_reviewable_course_ids(user)))
    )
    if report is None:
        abort(404)
    closed = db.session.execute(
        sa.update(ProblemReport)
        .where(ProblemReport.id == report.id, ProblemReport.status == ProblemStatus.OPEN)
        .values(
            status=status,
            is_open=None,
            note=note.strip(),
            resolved_by_id=user.id,
            resolved_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(closed, "rowcount", 0))


def open_counts(item_ids: Collection[int]) -> dict[int, int]:
    """{item id: open reports} for the items asked for (one grouped query; none when empty)."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        sa.select(ProblemReport.item_id, sa.func.count())
        .where(ProblemReport.status == ProblemStatus.OPEN, ProblemReport.item_id.in_(item_ids))
        .group_by(ProblemReport.item_id)
    )
    return {item_id: int(count) for item_id, count in rows}
