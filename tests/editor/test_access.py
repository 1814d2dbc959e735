"""Who may open the editor: the course's authors and admins; another author's course is a 404,
the built-in course a 403 (it is the CLI's), a learner is refused; items are loaded within their
course. Every editor route is listed here, walked from url_map so none is forgotten."""

from __future__ import annotations

import pytest
from flask import Flask

from quizapp.enums import CourseVisibility
from quizapp.extensions import db
from tests import factories
from tests.editor.conftest import CourseWorld, make_course

ROUTES = (
    ("GET", "/courses/{slug}/items"),
    ("POST", "/courses/{slug}/items/bulk"),
    ("GET", "/courses/{slug}/items/new"),
    ("POST", "/courses/{slug}/items/new"),
    ("POST", "/courses/{slug}/items/preview"),
    ("GET", "/courses/{slug}/items/{item}/edit"),
    ("POST", "/courses/{slug}/items/{item}/edit"),
    ("POST", "/courses/{slug}/items/{item}/status"),
    ("POST", "/courses/{slug}/items/{item}/delete"),
    ("GET", "/courses/{slug}/items/{item}/history"),
)


def test_every_editor_route_is_in_this_matrix(app: Flask):
    rules = {
        (method, rule.rule.replace("<slug>", "{slug}").replace("<int:item_id>", "{item}"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("editor.")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert rules == set(ROUTES)


def _open(client, method: str, path: str, slug: str, item: int):
    return client.open(path.format(slug=slug, item=item), method=method, data={})


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_another_authors_course_is_404(client, auth, world: CourseWorld, method, path):
    other = factories.make_user("other@example.org", role="trainer")
    make_course(other, "theirs")
    db.session.commit()
    item = factories.make_item("flashcard", topic=world.topics[0])
    db.session.commit()
    auth.login("other@example.org")
    assert _open(client, method, path, "palermo", item.id).status_code == 404


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_builtin_course_is_refused(client, auth, world: CourseWorld, method, path):
    item = factories.make_item("flashcard")  # the built-in course
    db.session.commit()
    auth.login("trainer@example.org")
    assert _open(client, method, path, "us-response-2017", item.id).status_code in (403, 404)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_learner_is_refused_even_in_a_public_course(client, auth, world, method, path):
    world.course.visibility = CourseVisibility.PUBLIC.value
    factories.make_user("learner@example.org")
    item = factories.make_item("flashcard", topic=world.topics[0])
    db.session.commit()
    auth.login("learner@example.org")
    assert _open(client, method, path, "palermo", item.id).status_code == 403


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if "{item}" in r[1]])
def test_an_item_of_another_course_is_404_in_mine(client, auth, world, method, path):
    other = factories.make_user("other@example.org", role="trainer")
    theirs = make_course(other, "theirs")
    foreign = factories.make_item("flashcard", topic=theirs.topics[0])
    db.session.commit()
    auth.login("trainer@example.org")
    assert _open(client, method, path, "palermo", foreign.id).status_code == 404


def test_an_admin_and_a_co_author_may_edit(client, auth, world):
    from quizapp.models import CourseAuthor

    factories.make_user("admin@example.org", role="admin")
    co = factories.make_user("co@example.org", is_author=True)
    db.session.add(CourseAuthor(course_id=world.course.id, user_id=co.id, role="co_author"))
    db.session.commit()
    for email in ("admin@example.org", "co@example.org"):
        auth.login(email)
        assert client.get("/courses/palermo/items").status_code == 200
        auth.logout()


def test_the_list_filters_and_pages(client, auth, world):
    for n in range(30):
        factories.make_item(
            "flashcard",
            topic=world.topics[n % 2],
            prompt=f"Card number {n}?",
            body={"front": f"Card number {n}?", "back": "Back"},
            status="draft" if n % 3 else "published",
            needs_review=n == 7,
        )
    factories.make_item("single_choice", topic=world.topics[0], prompt="A 100% choice?")
    factories.make_item("flashcard", prompt="Built-in card number 99?")  # another course
    db.session.commit()
    auth.login("trainer@example.org")
    page = client.get("/courses/palermo/items").get_data(as_text=True)
    assert "31 items, page 1 of 2" in page and "Built-in card" not in page
    page2 = client.get("/courses/palermo/items?page=2").get_data(as_text=True)
    assert page2.count('name="item_ids"') == 6
    assert "Card number 3?" in client.get("/courses/palermo/items?q=number+3").get_data(
        as_text=True
    )
    assert "1 item" in client.get("/courses/palermo/items?q=100%25").get_data(as_text=True)
    assert "1 item" in client.get("/courses/palermo/items?kind=single_choice").get_data(
        as_text=True
    )
    assert "10 items" in client.get(
        "/courses/palermo/items?status=published&kind=flashcard"
    ).get_data(as_text=True)
    assert "1 item" in client.get("/courses/palermo/items?review=yes").get_data(as_text=True)
    topic = world.topics[1].id
    assert "15 items" in client.get(
        f"/courses/palermo/items?topic={topic}&kind=flashcard"
    ).get_data(as_text=True)
    bad = client.get("/courses/palermo/items?status=bogus&page=-3&topic=abc")
    assert bad.status_code == 400 and "not understood" in bad.get_data(as_text=True)
