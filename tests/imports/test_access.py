"""Who may open the import pages: the course's authors and admins; nobody in the built-in
course; learners never (404 for a course they cannot see, 403 when they can see it)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.content.services import builtin_course
from quizapp.enums import CourseRole, CourseVisibility
from quizapp.extensions import db
from quizapp.models import CourseAuthor
from tests import factories
from tests.authoring.conftest import TREATY_TEXT
from tests.conftest import AuthActions
from tests.imports.conftest import make_course, token_of, upload

DOC = "seasonal-workers-protocol"
COURSE_PAGES = [
    ("GET", "/courses/{c}/documents"),
    ("GET", "/courses/{c}/documents/new"),
    ("POST", "/courses/{c}/documents/new"),
    ("POST", "/courses/{c}/documents/new/save"),
    ("GET", "/courses/{c}/documents/{d}/versions"),
    ("GET", "/courses/{c}/documents/{d}/versions/new"),
    ("POST", "/courses/{c}/documents/{d}/versions/new"),
    ("POST", "/courses/{c}/documents/{d}/versions/new/save"),
    ("GET", "/courses/{c}/documents/{d}/versions/1/report"),
    ("GET", "/courses/{c}/documents/needs-review"),
    ("GET", "/courses/{c}/pack.zip"),
]


@pytest.fixture
def course_with_document(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    """Course ``seasonal`` (owner ``owner@``) with one imported document; nobody signed in."""
    owner = factories.make_user("owner@example.org", role="trainer")
    make_course(owner)
    factories.make_user("other@example.org", role="trainer")
    factories.make_user("learner@example.org")
    factories.make_user("admin@example.org", role="admin")
    co = factories.make_user("co@example.org", is_author=True)
    db.session.flush()
    from quizapp.models import Course

    course = db.session.query(Course).filter_by(slug="seasonal").one()
    db.session.add(CourseAuthor(course_id=course.id, user_id=co.id, role=CourseRole.CO_AUTHOR))
    builtin_course()
    db.session.commit()
    auth.login("owner@example.org")
    page = upload(client, "/courses/seasonal/documents/new", text=TREATY_TEXT)
    client.post("/courses/seasonal/documents/new/save", data={"token": token_of(page), "topic": 0})
    auth.logout()


def _open(client: FlaskClient, method: str, url: str) -> int:
    return client.open(url, method=method).status_code


def _statuses(client: FlaskClient, slug: str, pages: list[tuple[str, str]]) -> set[int]:
    return {_open(client, method, path.format(c=slug, d=DOC)) for method, path in pages}


@pytest.mark.parametrize("email", ["other@example.org", "learner@example.org"])
def test_people_outside_a_private_course_get_404(
    client: FlaskClient, auth: AuthActions, course_with_document: None, email: str
) -> None:
    auth.login(email)
    assert _statuses(client, "seasonal", COURSE_PAGES) == {404}


def test_learner_who_can_see_a_public_course_gets_403(
    client: FlaskClient, auth: AuthActions, course_with_document: None
) -> None:
    from quizapp.models import Course

    course = db.session.query(Course).filter_by(slug="seasonal").one()
    course.visibility = CourseVisibility.PUBLIC.value
    db.session.commit()
    auth.login("learner@example.org")
    assert _statuses(client, "seasonal", COURSE_PAGES) == {403}


def test_nobody_authors_in_the_builtin_course(
    client: FlaskClient, auth: AuthActions, course_with_document: None
) -> None:
    auth.login("admin@example.org")
    assert _statuses(client, "us-response-2017", COURSE_PAGES) == {403}


@pytest.mark.parametrize("email", ["owner@example.org", "co@example.org", "admin@example.org"])
def test_authors_and_admins_open_every_page(
    client: FlaskClient, auth: AuthActions, course_with_document: None, email: str
) -> None:
    auth.login(email)
    gets = [p for p in COURSE_PAGES if p[0] == "GET"]
    assert _statuses(client, "seasonal", gets) == {200}


def test_unknown_document_and_version_are_404(
    client: FlaskClient, auth: AuthActions, course_with_document: None
) -> None:
    auth.login("owner@example.org")
    assert _open(client, "GET", "/courses/seasonal/documents/nope/versions") == 404
    assert _open(client, "GET", f"/courses/seasonal/documents/{DOC}/versions/9/report") == 404


def test_a_token_from_one_course_does_not_save_into_another(
    client: FlaskClient, auth: AuthActions, course_with_document: None
) -> None:
    from quizapp.models import SourceDocument, User

    owner = db.session.query(User).filter_by(email="owner@example.org").one()
    make_course(owner, slug="second")
    db.session.commit()
    auth.login("owner@example.org")
    page = upload(client, "/courses/seasonal/documents/new", text=TREATY_TEXT, title="Again")
    response = client.post(
        "/courses/second/documents/new/save", data={"token": token_of(page), "topic": 0}
    )
    assert response.status_code == 302
    assert db.session.query(SourceDocument).count() == 1


def test_import_pack_is_for_authors_only(
    client: FlaskClient, auth: AuthActions, course_with_document: None
) -> None:
    auth.login("learner@example.org")
    assert _open(client, "GET", "/courses/import-pack") == 403
    assert _open(client, "POST", "/courses/import-pack") == 403
    auth.login("co@example.org")  # is_author without the trainer role
    assert _open(client, "GET", "/courses/import-pack") == 200
