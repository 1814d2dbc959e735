"""Who may see and who may author a course: the one home of those rules.

* A learner may study from a course that is public, one that a cohort of theirs draws from, or
  one they author. Archived courses are shown to their authors only.
* A user may author in a course when they are one of its authors (owner or co-author) or an
  admin; nobody authors in the built-in course in the browser (it is the CLI's: "Duplicate
  course" gives an editable copy).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from quizapp.courses.content_cache import ItemView
from quizapp.enums import CourseRole, CourseVisibility
from quizapp.extensions import db
from quizapp.models import Cohort, Course, CourseAuthor, Item, Membership, User
from quizapp.models.accounts import Role

__all__ = [
    "authored_course_ids",
    "can_author",
    "can_manage_authors",
    "can_view",
    "course_for_author_or_404",
    "course_for_reader_or_404",
    "course_for_viewer_or_404",
    "may_study_item",
    "visible_course_ids",
    "visible_courses_query",
]


def authored_course_ids(user: User) -> sa.Select[tuple[int]]:
    """The ids of the courses ``user`` is an author of (owner or co-author)."""
    return sa.select(CourseAuthor.course_id).where(CourseAuthor.user_id == user.id)


def _cohort_course_ids(user: User) -> sa.Select[tuple[int]]:
    """The ids of the courses the cohorts ``user`` belongs to draw from."""
    return (
        sa.select(Cohort.course_id)
        .join(Membership, Membership.cohort_id == Cohort.id)
        .where(Membership.user_id == user.id)
    )


def visible_courses_query(user: User) -> sa.Select[tuple[Course]]:
    """Every course ``user`` may study from (see the module docstring), by title."""
    query = sa.select(Course).order_by(Course.builtin.desc(), Course.title, Course.id)
    if user.has_role(Role.ADMIN):
        return query
    open_to_all = sa.and_(Course.visibility == CourseVisibility.PUBLIC, Course.archived.is_(False))
    return query.where(
        sa.or_(
            open_to_all,
            sa.and_(Course.archived.is_(False), Course.id.in_(_cohort_course_ids(user))),
            Course.id.in_(authored_course_ids(user)),
        )
    )


def can_view(user: User, course: Course) -> bool:
    """True when ``user`` may study from ``course``."""
    query = visible_courses_query(user).where(Course.id == course.id)
    return db.session.scalar(query.with_only_columns(Course.id)) is not None


def may_study_item(user: User, item: Item | ItemView) -> bool:
    """True when ``user`` may be served ``item``: it is published, in a course they may view."""
    if not item.published:
        return False
    if isinstance(item, ItemView) and item.course_open:
        return True  # the common case, from the snapshot (course changes renew snapshots)
    course = db.session.get(Course, item.course_id)
    if course is None:
        return False
    if course.visibility == CourseVisibility.PUBLIC and not course.archived:
        return True  # the common case, without a query
    return can_view(user, course)


def visible_course_ids(user: User) -> sa.Select[tuple[int]]:
    """The ids of :func:`visible_courses_query`, for ``IN`` clauses."""
    return visible_courses_query(user).with_only_columns(Course.id).order_by(None)


def _author_role(user: User, course: Course) -> str | None:
    return db.session.scalar(
        sa.select(CourseAuthor.role).where(
            CourseAuthor.course_id == course.id, CourseAuthor.user_id == user.id
        )
    )


def can_author(user: User, course: Course) -> bool:
    """True when ``user`` may change ``course``'s documents and items."""
    if course.builtin:
        return False
    return user.has_role(Role.ADMIN) or _author_role(user, course) is not None


def can_manage_authors(user: User, course: Course) -> bool:
    """True when ``user`` may invite and remove co-authors and change the course's settings."""
    if course.builtin:
        return False
    return user.has_role(Role.ADMIN) or _author_role(user, course) == CourseRole.OWNER


def course_for_viewer_or_404(user: User, slug: str) -> Course:
    """The course ``slug`` if ``user`` may study from it; 404 otherwise (no existence leak)."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is None or not can_view(user, course):
        abort(404)
    return course


def course_for_author_or_404(user: User, slug: str) -> Course:
    """The course ``slug`` if ``user`` may author in it; 404 when they may not even see it,
    403 when they may see it but not author (the built-in course, a learner's view)."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is None or not (can_view(user, course) or can_author(user, course)):
        abort(404)
    if not can_author(user, course):
        abort(403)
    return course


def course_for_reader_or_404(user: User | None, slug: str) -> Course:
    """The course ``slug`` if its documents may be read by ``user`` (``None``: a visitor who is
    not signed in, who may read public courses that are not archived); 404 otherwise."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is None:
        abort(404)
    if user is None:
        if course.visibility != CourseVisibility.PUBLIC or course.archived:
            abort(404)
    elif not can_view(user, course):
        abort(404)
    return course
