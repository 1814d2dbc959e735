"""A trainer's course to edit: two topics, a document with two passages, and its author."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from quizapp.enums import CourseRole
from quizapp.extensions import db
from quizapp.models import (
    Course,
    CourseAuthor,
    DocumentVersion,
    Passage,
    SourceDocument,
    Topic,
    User,
)
from tests import factories

PASSAGE_TEXTS = (
    (
        "Article 3 (a). Trafficking in persons shall mean the recruitment, transportation, "
        "transfer, harbouring or receipt of persons by means of the threat or use of force."
    ),
    (
        "Article 6. Each State Party shall consider implementing measures to provide for the "
        "physical, psychological and social recovery of victims of trafficking in persons."
    ),
)


@dataclass
class CourseWorld:
    """The course, its author, its topics and passages."""

    course: Course
    author: User
    topics: list[Topic]
    passages: list[Passage]


def make_course(
    owner: User, slug: str = "palermo", *, texts: tuple[str, ...] = PASSAGE_TEXTS
) -> CourseWorld:
    """A private course owned by ``owner`` with two topics and one document of ``texts``."""
    course = Course(slug=slug, title=f"Course {slug}", created_by_id=owner.id)
    db.session.add(course)
    db.session.flush()
    db.session.add(CourseAuthor(course_id=course.id, user_id=owner.id, role=CourseRole.OWNER.value))
    topics = [
        factories.make_topic(f"{slug}-definitions", course=course, title="Definitions"),
        factories.make_topic(f"{slug}-protection", course=course, title="Protection"),
    ]
    document = SourceDocument(course_id=course.id, slug="protocol", title="Trafficking Protocol")
    db.session.add(document)
    db.session.flush()
    version = DocumentVersion(
        document_id=document.id, version=1, sha256="1" * 64, text="\n\n".join(texts)
    )
    db.session.add(version)
    db.session.flush()
    document.current_version_id = version.id
    passages = []
    for n, text in enumerate(texts, start=1):
        passage = Passage(
            document_version_id=version.id, anchor=f"art-{n}", position=n, heading="", text=text
        )
        db.session.add(passage)
        passages.append(passage)
    db.session.flush()
    return CourseWorld(course, owner, topics, passages)


@pytest.fixture
def world(app: Flask) -> CourseWorld:
    """A trainer's course (committed); log in as ``trainer@example.org``."""
    owner = factories.make_user("trainer@example.org", role="trainer")
    built = make_course(owner)
    db.session.commit()
    return built
