"""Builders for course tests: a course with an owner, a document, topics and items."""

from __future__ import annotations

from quizapp.enums import CourseRole, CourseVisibility
from quizapp.extensions import db
from quizapp.models import (
    Course,
    CourseAuthor,
    DocumentVersion,
    Passage,
    SourceDocument,
    User,
)


def make_course(
    owner: User | None = None,
    slug: str = "smuggling",
    *,
    visibility: str = CourseVisibility.PUBLIC,
    **fields: object,
) -> Course:
    """A course (public unless told) owned by ``owner`` when given."""
    course = Course(
        slug=slug,
        title=str(fields.pop("title", slug.replace("-", " ").title())),
        visibility=visibility,
        created_by_id=owner.id if owner else None,
        **fields,
    )
    db.session.add(course)
    db.session.flush()
    if owner is not None:
        db.session.add(CourseAuthor(course_id=course.id, user_id=owner.id, role=CourseRole.OWNER))
        db.session.flush()
    return course


def make_document(
    course: Course, slug: str = "protocol", *, texts: tuple[str, ...] = ("Article 3.",)
) -> tuple[SourceDocument, list[Passage]]:
    """A document of ``course`` with one version whose passages say ``texts``."""
    document = SourceDocument(course_id=course.id, slug=slug, title=slug.title())
    db.session.add(document)
    db.session.flush()
    version = DocumentVersion(
        document_id=document.id, version=1, sha256="1" * 64, text="\n\n".join(texts)
    )
    db.session.add(version)
    db.session.flush()
    document.current_version_id = version.id
    passages = [
        Passage(
            document_version_id=version.id,
            anchor=f"p{n}",
            area=None,
            position=n,
            heading=None,
            text=text,
        )
        for n, text in enumerate(texts, start=1)
    ]
    db.session.add_all(passages)
    db.session.flush()
    return document, passages
