"""Course pages: the catalogue, enrolment, creating, settings, co-authors, duplicating, the
reader and who may do what (404 for courses one may not see, 403 for pages one may not use)."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.content.services import builtin_course
from quizapp.enums import CourseRole, CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.models import Course, CourseAuthor, CourseEnrolment, Item
from tests.courses.helpers import make_course, make_document
from tests.factories import make_cohort, make_item, make_topic, make_user


def _login(client, auth, email: str) -> None:
    db.session.commit()
    auth.login(email)


def test_catalogue_lists_visible_courses_and_enrol_is_stored_once(app, client, auth):
    learner = make_user()
    course = make_course(title="Smuggling protocol", description="Article by article.")
    make_course(slug="secret", visibility=CourseVisibility.PRIVATE)
    make_document(course)
    make_item(topic=make_topic(course=course))
    _login(client, auth, "learner@example.org")
    page = client.get("/courses").get_data(as_text=True)
    assert "Smuggling protocol" in page and "Article by article." in page
    assert "1 document" in page and "1 published item" in page
    assert "Secret" not in page and "New course" not in page
    for _ in range(2):
        response = client.post("/courses/smuggling/enrol")
        assert response.status_code == 302
    rows = db.session.scalars(
        sa.select(CourseEnrolment.course_id).filter_by(user_id=learner.id)
    ).all()
    assert sorted(rows) == sorted([course.id])  # no built-in course in this database
    assert "Leave" in client.get("/courses/smuggling").get_data(as_text=True)
    client.post("/courses/smuggling/leave")
    assert db.session.scalar(sa.select(CourseEnrolment.id).filter_by(user_id=learner.id)) is None


def test_private_course_is_404_for_a_learner_not_in_it(app, client, auth):
    owner = make_user("o@example.org", role="trainer")
    course = make_course(owner, "secret", visibility=CourseVisibility.PRIVATE)
    make_document(course)
    make_user()
    _login(client, auth, "learner@example.org")
    for path in (
        "/courses/secret",
        "/courses/secret/documents/protocol",
        "/courses/secret/settings",
    ):
        assert client.get(path).status_code == 404, path
    for path in ("/courses/secret/enrol", "/courses/secret/duplicate", "/courses/secret/archive"):
        assert client.post(path).status_code == 404, path


def test_private_course_opens_to_its_cohort(app, client, auth):
    owner = make_user("o@example.org", role="trainer")
    learner = make_user()
    course = make_course(owner, "secret", visibility=CourseVisibility.PRIVATE)
    make_cohort(owner, learners=(learner,), course_id=course.id)
    _login(client, auth, "learner@example.org")
    assert client.get("/courses/secret").status_code == 200
    assert "Secret" in client.get("/courses").get_data(as_text=True)


def test_learner_cannot_create_or_duplicate(app, client, auth):
    make_course()
    make_user()
    _login(client, auth, "learner@example.org")
    assert client.get("/courses/new").status_code == 403
    assert client.post("/courses/new", data={"title": "Mine"}).status_code == 403
    assert client.post("/courses/smuggling/duplicate").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Course.id))) == 1


def test_trainer_creates_a_course_and_owns_it(app, client, auth):
    trainer = make_user("t@example.org", role="trainer")
    _login(client, auth, "t@example.org")
    assert "New course" in client.get("/courses").get_data(as_text=True)
    bad = client.post("/courses/new", data={"title": "", "language": "en", "visibility": "public"})
    assert bad.status_code == 200 and "Give the course a title." in bad.get_data(as_text=True)
    bad = client.post("/courses/new", data={"title": "X\x07", "language": "en"})
    assert bad.status_code == 200 and db.session.scalar(sa.select(Course.id)) is None
    response = client.post(
        "/courses/new",
        data={"title": "Smuggling Protocol", "language": "fr", "visibility": "private"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/courses/smuggling-protocol"
    )
    course = db.session.scalar(sa.select(Course))
    assert (course.language, course.visibility) == ("fr", "private")
    author = db.session.scalar(sa.select(CourseAuthor))
    assert (author.user_id, author.role) == (trainer.id, CourseRole.OWNER)
    page = client.get("/courses/smuggling-protocol").get_data(as_text=True)
    assert "Settings" in page and "Duplicate course" in page


def test_settings_edit_archive_and_co_authors(app, client, auth):
    owner = make_user("o@example.org", role="trainer")
    course = make_course(owner)
    make_user("learner@example.org")
    co = make_user("co@example.org", is_author=True)
    _login(client, auth, "o@example.org")
    response = client.post(
        "/courses/smuggling/settings",
        data={"title": "Renamed", "description": "New.", "language": "es", "visibility": "private"},
    )
    assert response.status_code == 302
    db.session.refresh(course)
    assert (course.title, course.language, course.visibility) == ("Renamed", "es", "private")
    refused = client.post("/courses/smuggling/authors", data={"email": "learner@example.org"})
    assert refused.status_code == 422 and "is not an author" in refused.get_data(as_text=True)
    missing = client.post("/courses/smuggling/authors", data={"email": "who@example.org"})
    assert "No account has that email" in missing.get_data(as_text=True)
    assert client.post("/courses/smuggling/authors", data={"email": "co@example.org"}).status_code
    assert "co@example.org" in client.get("/courses/smuggling/settings").get_data(as_text=True)
    client.post("/courses/smuggling/archive")
    db.session.refresh(course)
    assert course.archived
    client.post(f"/courses/smuggling/authors/{co.id}/remove")
    assert db.session.scalar(sa.select(CourseAuthor.id).filter_by(user_id=co.id)) is None
    assert client.post(f"/courses/smuggling/authors/{owner.id}/remove").status_code == 404


def test_co_author_cannot_manage_authors_or_settings(app, client, auth):
    owner = make_user("o@example.org", role="trainer")
    course = make_course(owner, visibility=CourseVisibility.PRIVATE)
    co = make_user("co@example.org", is_author=True)
    db.session.add(CourseAuthor(course_id=course.id, user_id=co.id, role=CourseRole.CO_AUTHOR))
    _login(client, auth, "co@example.org")
    assert client.get("/courses/smuggling").status_code == 200
    assert client.get("/courses/smuggling/settings").status_code == 403
    assert (
        client.post("/courses/smuggling/authors", data={"email": "o@example.org"}).status_code
        == 403
    )
    assert client.post(f"/courses/smuggling/authors/{owner.id}/remove").status_code == 403
    assert client.post("/courses/smuggling/archive").status_code == 403


def test_builtin_course_has_no_settings_but_can_be_duplicated(app, client, auth):
    builtin = builtin_course()
    make_item(topic=make_topic(course=builtin))
    make_user("admin@example.org", role="admin")
    _login(client, auth, "admin@example.org")
    assert client.get(f"/courses/{builtin.slug}/settings").status_code == 403
    response = client.post(f"/courses/{builtin.slug}/duplicate")
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Course).where(Course.copied_from_id == builtin.id))
    assert copy is not None and response.headers["Location"].endswith(f"/courses/{copy.slug}")
    statuses = db.session.scalars(sa.select(Item.status).filter_by(course_id=copy.id)).all()
    assert statuses == [ItemStatus.DRAFT]


def test_reader_shows_passages_with_published_counts(app, client):
    course = make_course()
    _, (first, second) = make_document(course, texts=("First words.", "Second words."))
    topic = make_topic(course=course)
    make_item(topic=topic, passage=first)
    make_item(topic=topic, passage=first, status=ItemStatus.DRAFT)
    db.session.commit()
    page = client.get("/courses/smuggling/documents/protocol").get_data(as_text=True)
    assert 'id="p1"' in page and 'id="p2"' in page and "Second words." in page
    assert "1 item from this passage" in page  # the draft is not counted
    assert client.get("/courses/smuggling/documents/nothing").status_code == 404
    moved = client.get(f"/passages/{second.id}")
    assert moved.headers["Location"].endswith("/courses/smuggling/documents/protocol#p2")


def test_reader_and_passage_links_hide_private_courses(app, client):
    course = make_course(slug="secret", visibility=CourseVisibility.PRIVATE)
    _, (passage,) = make_document(course)
    db.session.commit()
    assert client.get("/courses/secret/documents/protocol").status_code == 404
    assert client.get(f"/passages/{passage.id}").status_code == 404
    assert client.get("/passages/999999").status_code == 404


def test_old_document_address_redirects_to_the_builtin_reader(app, client):
    assert client.get("/document").status_code == 404  # nothing loaded yet
    make_document(builtin_course(), "us-response-2017")
    db.session.commit()
    response = client.get("/document")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/courses/us-response-2017/documents/us-response-2017"
    )  # browsers carry the #anchor of /document#area-5-p3 over to this address


def test_an_authored_course_page_does_not_claim_the_2017_document(client, auth):
    owner = make_user("owner@example.org", role="trainer")
    make_course(owner, "seasonal", title="Seasonal workers")
    db.session.commit()
    _login(client, auth, "owner@example.org")
    page = client.get("/courses/seasonal").text
    assert "Seasonal workers" in page and "31 August 2017" not in page
    assert "drawn from its course's documents" in page
