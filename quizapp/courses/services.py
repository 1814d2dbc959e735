"""Courses: the catalogue, creating and editing a course, its co-authors, enrolment and reading.

Every function that changes something leaves the commit to the caller. Who may see or change a
course is decided in :mod:`quizapp.courses.access`; these functions trust that the caller asked.
Duplicating a course lives in :mod:`quizapp.courses.duplicate`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for
from werkzeug.exceptions import NotFound

from quizapp.courses.access import authored_course_ids, visible_courses_query
from quizapp.enums import CourseRole, ItemStatus
from quizapp.extensions import db
from quizapp.models import (
    Cohort,
    Course,
    CourseAuthor,
    CourseEnrolment,
    DocumentVersion,
    Item,
    Membership,
    Passage,
    SourceDocument,
    Topic,
    User,
)
from quizapp.models.base import utcnow

SLUG_MAX = 80
#: Slugs a course may not take: they name pages under ``/courses/``.
#: course slugs that would shadow a page under /courses/
RESERVED_SLUGS = frozenset({"new", "import-pack"})

#: Pages of the authoring packages a course page links to when they exist: (endpoint, label).
#: An endpoint not registered in the running app is left out (see :func:`authoring_links`).
AUTHORING_ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("editor.index", "Items"),
    ("imports.index", "Documents"),
    ("imports.new", "Add a document"),
    ("imports.needs_review", "Items to review after a new version"),
    ("imports.export_pack", "Export content pack"),
)


class CourseError(ValueError):
    """A request about a course that cannot be granted; the message is for the user."""


@dataclass(frozen=True)
class CourseCard:
    """One course as the catalogue and dashboard show it."""

    course: Course
    documents: int
    published: int
    drafts: int
    enrolled: bool
    authoring: bool


@dataclass(frozen=True)
class TopicRow:
    """A topic of a course with its published item count (and all its items, for authors)."""

    topic: Topic
    published: int
    total: int


@dataclass(frozen=True)
class AuthorRow:
    """One author of a course."""

    user_id: int
    name: str
    email: str
    role: str


# --- slugs ------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (``"Núcleo 1: Intro"`` → ``"nucleo-1-intro"``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[: SLUG_MAX - 4].strip("-") or "course"


def unique_slug(title: str) -> str:
    """A course slug from ``title`` no course has yet (``-2``, ``-3``… added when needed)."""
    base = slugify(title)
    taken = set(
        db.session.scalars(
            sa.select(Course.slug).where(sa.or_(Course.slug == base, Course.slug.like(f"{base}-%")))
        )
    )
    if base not in taken and base not in RESERVED_SLUGS:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# --- enrolment --------------------------------------------------------------------------------


def _enrolled_ids(user: User) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(CourseEnrolment.course_id).where(CourseEnrolment.user_id == user.id)
        )
    )


def _builtin_id() -> int | None:
    return db.session.scalar(sa.select(Course.id).where(Course.builtin.is_(True)))


def my_course_ids(user: User) -> set[int]:
    """The courses that are ``user``'s own: those they enrolled in and those their cohorts draw
    from, among the courses they may view. A learner enrolled in nothing has the built-in
    course (everyone studied it before courses existed)."""
    chosen = _enrolled_ids(user)
    if not chosen:
        builtin = _builtin_id()
        chosen = {builtin} if builtin is not None else set()
    cohort_courses = sa.select(Cohort.course_id).join(Membership, Membership.cohort_id == Cohort.id)
    chosen |= set(
        db.session.scalars(
            cohort_courses.where(Membership.user_id == user.id, Cohort.archived.is_(False))
        )
    )
    visible = visible_courses_query(user).with_only_columns(Course.id)
    return set(db.session.scalars(visible.where(Course.id.in_(chosen)))) if chosen else set()


def enrol(user: User, course: Course) -> bool:
    """Enrol ``user`` in ``course``; False when they already were. A learner's first choice
    also keeps the built-in course they had until then (they may leave it)."""
    enrolled = _enrolled_ids(user)
    if course.id in enrolled:
        return False
    builtin = _builtin_id()
    if not enrolled and builtin is not None and builtin != course.id:
        db.session.add(CourseEnrolment(course_id=builtin, user_id=user.id))
    db.session.add(CourseEnrolment(course_id=course.id, user_id=user.id))
    return True


def leave(user: User, course: Course) -> bool:
    """Take ``user`` out of ``course``; False when they were not enrolled. Their history stays."""
    result = db.session.execute(
        sa.delete(CourseEnrolment).where(
            CourseEnrolment.user_id == user.id, CourseEnrolment.course_id == course.id
        )
    )
    return bool(getattr(result, "rowcount", 0))


# --- the catalogue ----------------------------------------------------------------------------


def _counts_by_course(query: sa.Select[tuple[int, int]]) -> dict[int, int]:
    return dict(db.session.execute(query).tuples().all())


def course_cards(user: User, courses: Iterable[Course]) -> list[CourseCard]:
    """``courses`` with their counts for ``user`` (three grouped queries, whatever the number)."""
    courses = list(courses)
    ids = [c.id for c in courses]
    if not ids:
        return []
    documents = _counts_by_course(
        sa.select(SourceDocument.course_id, sa.func.count(SourceDocument.id))
        .where(SourceDocument.course_id.in_(ids))
        .group_by(SourceDocument.course_id)
    )
    status_counts = db.session.execute(
        sa.select(Item.course_id, Item.status, sa.func.count(Item.id))
        .where(Item.course_id.in_(ids))
        .group_by(Item.course_id, Item.status)
    ).tuples()
    published: dict[int, int] = {}
    drafts: dict[int, int] = {}
    for course_id, status, count in status_counts:
        if status == ItemStatus.PUBLISHED:
            published[course_id] = count
        elif status in (ItemStatus.DRAFT, ItemStatus.IN_REVIEW):
            drafts[course_id] = drafts.get(course_id, 0) + count
    mine = my_course_ids(user)
    authored = set(db.session.scalars(authored_course_ids(user)))
    return [
        CourseCard(
            course=c,
            documents=documents.get(c.id, 0),
            published=published.get(c.id, 0),
            drafts=drafts.get(c.id, 0),
            enrolled=c.id in mine,
            authoring=c.id in authored,
        )
        for c in courses
    ]


def catalogue(user: User) -> list[CourseCard]:
    """Every course ``user`` may study from (authors: their own too, archived included)."""
    return course_cards(user, db.session.scalars(visible_courses_query(user)))


def my_courses(user: User) -> list[Course]:
    """``user``'s own courses (see :func:`my_course_ids`), built-in first, then by title."""
    ids = my_course_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(visible_courses_query(user).where(Course.id.in_(ids))))


# --- one course -------------------------------------------------------------------------------


def documents(course: Course) -> list[SourceDocument]:
    """The course's documents in their order."""
    return list(
        db.session.scalars(
            sa.select(SourceDocument)
            .where(SourceDocument.course_id == course.id)
            .order_by(SourceDocument.position, SourceDocument.id)
        )
    )


def topic_rows(course: Course) -> list[TopicRow]:
    """The course's topics in order with their item counts (one grouped query)."""
    published = sa.func.count(Item.id).filter(Item.status == ItemStatus.PUBLISHED)
    query = (
        sa.select(Topic, published, sa.func.count(Item.id))
        .outerjoin(Item, Item.topic_id == Topic.id)
        .where(Topic.course_id == course.id)
        .group_by(Topic.id)
        .order_by(Topic.position, Topic.id)
    )
    return [TopicRow(topic, pub, total) for topic, pub, total in db.session.execute(query).tuples()]


def authoring_links(course: Course) -> list[tuple[str, str]]:
    """(label, url) of the authoring pages for ``course`` that this app has (c2's and c3's
    packages add them; an endpoint not registered is left out so each branch works alone)."""
    views = current_app.view_functions
    return [
        (label, url_for(endpoint, slug=course.slug))
        for endpoint, label in AUTHORING_ENDPOINTS
        if endpoint in views
    ]


def document_or_404(course: Course, doc_slug: str) -> SourceDocument:
    """The document ``doc_slug`` of ``course``; 404 when it has none by that slug."""
    document = db.session.scalar(
        sa.select(SourceDocument).where(
            SourceDocument.course_id == course.id, SourceDocument.slug == doc_slug
        )
    )
    if document is None:
        raise NotFound()
    return document


def reader_passages(document: SourceDocument) -> list[Passage]:
    """The passages of the document's current version in reading order."""
    if document.current_version_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Passage)
            .where(Passage.document_version_id == document.current_version_id)
            .order_by(Passage.area, Passage.position, Passage.id)
        )
    )


def published_counts_by_passage(passages: Iterable[Passage]) -> dict[int, int]:
    """How many published items each of ``passages`` has (one grouped query)."""
    ids = [p.id for p in passages]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Item.passage_id, sa.func.count(Item.id))
        .where(Item.passage_id.in_(ids), Item.status == ItemStatus.PUBLISHED)
        .group_by(Item.passage_id)
    ).tuples()
    return {passage_id: count for passage_id, count in rows if passage_id is not None}


def builtin_reader_slugs() -> tuple[str, str] | None:
    """(course slug, document slug) of the built-in course's first document, if loaded."""
    row = db.session.execute(
        sa.select(Course.slug, SourceDocument.slug)
        .join(SourceDocument, SourceDocument.course_id == Course.id)
        .where(Course.builtin.is_(True))
        .order_by(SourceDocument.position, SourceDocument.id)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


# --- creating and changing --------------------------------------------------------------------


def create_course(
    user: User, *, title: str, description: str, language: str, visibility: str
) -> Course:
    """A new course owned by ``user`` (slug from the title, made unique)."""
    course = Course(
        slug=unique_slug(title),
        title=title.strip(),
        description=description.strip(),
        language=language,
        visibility=visibility,
        created_by_id=user.id,
    )
    db.session.add(course)
    db.session.flush()
    db.session.add(CourseAuthor(course_id=course.id, user_id=user.id, role=CourseRole.OWNER))
    return course


def update_course(
    course: Course, *, title: str, description: str, language: str, visibility: str
) -> None:
    """Change the course's settings (its slug, and so its links, stay)."""
    course.title = title.strip()
    course.description = description.strip()
    course.language = language
    course.visibility = visibility
    course.updated_at = utcnow()


def set_archived(course: Course, archived: bool) -> None:
    """Archive (hidden from learners, kept with all data) or bring back a course."""
    course.archived = archived
    course.updated_at = utcnow()


def authors(course: Course) -> list[AuthorRow]:
    """The course's owner(s) then co-authors, by name."""
    rows = db.session.execute(
        sa.select(User.id, User.display_name, User.email, CourseAuthor.role)
        .join(CourseAuthor, CourseAuthor.user_id == User.id)
        .where(CourseAuthor.course_id == course.id)
        .order_by(CourseAuthor.role.desc(), sa.func.lower(User.display_name), User.id)
    ).tuples()
    return [AuthorRow(uid, name, email, role) for uid, name, email, role in rows]


def add_co_author(course: Course, email: str) -> User:
    """Make the user with ``email`` a co-author of ``course``.

    Raises:
        CourseError: no such user, they may not author, or they are an author already.
    """
    # (accounts sits above courses in the layers: the lookup is repeated, not imported)
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise CourseError("No account has that email address. Ask them to register first.")
    if not user.may_author:
        raise CourseError(
            f"{user.display_name} is not an author. An admin can make them one at Admin → Users."
        )
    exists = db.session.scalar(
        sa.select(CourseAuthor.id).where(
            CourseAuthor.course_id == course.id, CourseAuthor.user_id == user.id
        )
    )
    if exists is not None:
        raise CourseError(f"{user.display_name} is already an author of this course.")
    db.session.add(CourseAuthor(course_id=course.id, user_id=user.id, role=CourseRole.CO_AUTHOR))
    return user


def remove_co_author(course: Course, user_id: int) -> None:
    """Take a co-author off ``course`` (the owner cannot be removed).

    Raises:
        NotFound: ``user_id`` is not a co-author of the course.
    """
    row = db.session.scalar(
        sa.select(CourseAuthor).where(
            CourseAuthor.course_id == course.id,
            CourseAuthor.user_id == user_id,
            CourseAuthor.role == CourseRole.CO_AUTHOR,
        )
    )
    if row is None:
        raise NotFound()
    db.session.delete(row)


def passage_location(passage_id: int) -> tuple[str, str, str]:
    """(course slug, document slug, anchor) of a passage, for a link that lands on it.

    Raises:
        NotFound: no such passage.
    """
    row = db.session.execute(
        sa.select(Course.slug, SourceDocument.slug, Passage.anchor)
        .join(DocumentVersion, DocumentVersion.id == Passage.document_version_id)
        .join(SourceDocument, SourceDocument.id == DocumentVersion.document_id)
        .join(Course, Course.id == SourceDocument.course_id)
        .where(Passage.id == passage_id)
    ).first()
    if row is None:
        raise NotFound()
    return row[0], row[1], row[2]


# --- course filters for the learner and trainer pages ------------------------------------------


@dataclass(frozen=True)
class CourseScope:
    """Which courses a page draws from: the one chosen (``course``), or every course the user
    may study from (``course`` None). ``choices`` are the courses a filter offers."""

    course: Course | None
    course_ids: tuple[int, ...]
    choices: tuple[Course, ...]

    @property
    def slug(self) -> str:
        """The chosen course's slug ('' for all), for links and the filter's value."""
        return self.course.slug if self.course else ""


def course_scope(user: User, slug: str | None) -> CourseScope:
    """The courses ``user``'s page draws from given ``?course=<slug>``: that course when they may
    study from it; otherwise (no slug, or one they may not see) all of theirs. One query."""
    choices = tuple(db.session.scalars(visible_courses_query(user)))
    chosen = next((c for c in choices if slug and c.slug == slug), None)
    ids = (chosen.id,) if chosen else tuple(c.id for c in choices)
    return CourseScope(course=chosen, course_ids=ids, choices=choices)


def course_select_choices(scope: CourseScope, all_label: str) -> list[tuple[str, str]]:
    """(value, label) pairs for a course ``<select>``: ``all_label`` first, then each course."""
    return [("", all_label), *((c.slug, c.title) for c in scope.choices)]


def topics_of(course_ids: Iterable[int]) -> list[Topic]:
    """The topics of the given courses, course by course in their order."""
    ids = list(course_ids)
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Topic)
            .where(Topic.course_id.in_(ids))
            .order_by(Topic.course_id, Topic.position, Topic.id)
        )
    )
