"""Fixtures for the import pages: an author with a course of their own, and helpers to post an
upload through preview and save."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quizapp.enums import CourseRole
from quizapp.extensions import db
from quizapp.models import Course, CourseAuthor, User
from tests import factories
from tests.conftest import AuthActions

AUTHOR = "author@example.org"


@dataclass
class Setup:
    """The author and their course."""

    author: User
    course: Course


def make_course(owner: User, slug: str = "seasonal") -> Course:
    """A private course owned by ``owner``."""
    course = Course(slug=slug, title="Seasonal workers", created_by_id=owner.id)
    db.session.add(course)
    db.session.flush()
    db.session.add(CourseAuthor(course_id=course.id, user_id=owner.id, role=CourseRole.OWNER))
    db.session.flush()
    return course


@pytest.fixture
def authored(app: Flask, auth: AuthActions) -> Setup:
    """An author (a trainer) signed in, owning course ``seasonal``."""
    author = factories.make_user(AUTHOR, role="trainer")
    course = make_course(author)
    db.session.commit()
    auth.login(AUTHOR)
    return Setup(author, course)


def upload(
    client: FlaskClient,
    url: str,
    *,
    filename: str | None = None,
    data: bytes = b"",
    text: str = "",
    title: str | None = "Seasonal Workers Protocol",
    glossary: str = "",
) -> TestResponse:
    """Post step 1 (a file or pasted text)."""
    form: dict[str, object] = {"text": text, "glossary": glossary}
    if title is not None:
        form["title"] = title
    if filename is not None:
        form["file"] = (io.BytesIO(data), filename)
    return client.post(url, data=form, content_type="multipart/form-data")


TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


def token_of(response: TestResponse) -> str:
    """The signed token a preview page carries."""
    found = TOKEN.search(response.get_data(as_text=True))
    assert found, response.get_data(as_text=True)[:2000]
    return found.group(1)
