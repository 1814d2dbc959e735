"""Workflow buttons, bulk actions on the list, deleting drafts, needs-review, the history."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import Item, ItemRevision
from tests import factories
from tests.editor.conftest import CourseWorld
from tests.editor.test_round_trip import form_data


def _draft(world: CourseWorld, prompt: str, **fields) -> Item:
    item = factories.make_item(
        "flashcard",
        topic=world.topics[0],
        passage=world.passages[0],
        prompt=prompt,
        body={"front": prompt, "back": "An answer."},
        quote=fields.pop("quote", "Trafficking in persons shall mean"),
        status=fields.pop("status", ItemStatus.DRAFT.value),
        **fields,
    )
    return item


def test_status_moves_follow_the_workflow(client, auth, world):
    item = _draft(world, "What does Article 3 define?")
    db.session.commit()
    auth.login("trainer@example.org")
    url = f"/courses/palermo/items/{item.id}/status"
    for target in ("in_review", "draft", "in_review", "published", "retired", "published"):
        assert client.post(url, data={"target": target}).status_code == 302
        db.session.expire_all()
        assert item.status == target
    # published → draft is not a move the workflow has
    client.post(url, data={"target": "draft"})
    db.session.expire_all()
    assert item.status == ItemStatus.PUBLISHED
    page = client.get(f"/courses/palermo/items/{item.id}/edit").get_data(as_text=True)
    assert "cannot be moved to draft" in page
    assert client.post(url, data={"target": "bogus"}).status_code == 302
    assert client.post(url, data={}).status_code == 400


def test_publishing_runs_the_gates(client, auth, world):
    item = _draft(world, "What does Article 3 define?", quote="Words not in the passage")
    db.session.commit()
    auth.login("trainer@example.org")
    client.post(f"/courses/palermo/items/{item.id}/status", data={"target": "published"})
    db.session.expire_all()
    assert item.status == ItemStatus.DRAFT
    page = client.get(f"/courses/palermo/items/{item.id}/edit").get_data(as_text=True)
    assert "Not published" in page and "quote not found verbatim" in page


def test_bulk_publish_lists_the_items_that_fail(client, auth, world):
    good = _draft(world, "What does Article 3 define?")
    other = _draft(world, "Which article covers the recovery of victims?")
    bad = _draft(world, "What is harbouring?", quote="Not in the passage at all")
    db.session.commit()
    auth.login("trainer@example.org")
    response = client.post(
        "/courses/palermo/items/bulk?status=draft",
        data={"item_ids": [good.id, other.id, bad.id], "action": "publish", "topic_id": "0"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/courses/palermo/items?status=draft")
    db.session.expire_all()
    assert (good.status, other.status, bad.status) == ("published", "published", "draft")
    page = client.get("/courses/palermo/items").get_data(as_text=True)
    assert f"{bad.key}: Not published" in page and "quote not found verbatim" in page


def test_bulk_assign_topic_review_retire(client, auth, world):
    a = _draft(world, "What does Article 3 define?")
    b = _draft(world, "Which article covers the recovery of victims?")
    foreign = factories.make_item("flashcard")  # the built-in course's: ignored
    db.session.commit()
    auth.login("trainer@example.org")
    ids = [a.id, b.id, foreign.id]
    topic = world.topics[1]
    client.post(
        "/courses/palermo/items/bulk",
        data={"item_ids": ids, "action": "assign_topic", "topic_id": str(topic.id)},
    )
    client.post("/courses/palermo/items/bulk", data={"item_ids": ids, "action": "send_to_review"})
    db.session.expire_all()
    assert {a.topic_id, b.topic_id} == {topic.id}
    assert (a.status, b.status) == ("in_review", "in_review")
    assert foreign.topic_id != topic.id and foreign.status == "published"
    client.post("/courses/palermo/items/bulk", data={"item_ids": ids, "action": "back_to_draft"})
    client.post("/courses/palermo/items/bulk", data={"item_ids": [a.id], "action": "retire"})
    db.session.expire_all()
    assert (a.status, b.status) == ("retired", "draft")
    # every change is a revision by the author
    versions = db.session.scalars(
        sa.select(ItemRevision.version).where(ItemRevision.item_id == a.id)
    ).all()
    assert sorted(versions) == [2, 3, 4, 5]
    # a topic of another course cannot be assigned; no ticks is a message
    other_topic = factories.make_topic()
    db.session.commit()
    response = client.post(
        "/courses/palermo/items/bulk",
        data={"item_ids": [b.id], "action": "assign_topic", "topic_id": str(other_topic.id)},
    )
    assert response.status_code == 302
    assert client.post("/courses/palermo/items/bulk", data={"action": "retire"}).status_code == 302
    page = client.get("/courses/palermo/items").get_data(as_text=True)
    assert "Tick at least one item" in page


def test_only_a_never_answered_draft_is_deleted(client, auth, world):
    fresh = _draft(world, "What does Article 3 define?")
    answered = _draft(world, "Which article covers the recovery of victims?")
    learner = factories.make_user("learner@example.org")
    factories.make_review(learner, answered)
    published = _draft(world, "What is harbouring?", status="published")
    db.session.commit()
    auth.login("trainer@example.org")
    page = client.get(f"/courses/palermo/items/{fresh.id}/edit").get_data(as_text=True)
    assert "Delete this draft" in page
    assert client.post(f"/courses/palermo/items/{fresh.id}/delete").status_code == 302
    for item in (answered, published):
        assert "Delete this draft" not in client.get(
            f"/courses/palermo/items/{item.id}/edit"
        ).get_data(as_text=True)
        client.post(f"/courses/palermo/items/{item.id}/delete")
    db.session.expire_all()
    remaining = db.session.scalars(sa.select(Item.id).where(Item.course_id == world.course.id))
    assert set(remaining) == {answered.id, published.id}


def test_needs_review_banner_and_clearing_the_flag(client, auth, world):
    item = _draft(world, "What does Article 3 define?", needs_review=True, status="published")
    db.session.commit()
    auth.login("trainer@example.org")
    page = client.get(f"/courses/palermo/items/{item.id}/edit").get_data(as_text=True)
    assert "Needs review" in page and "Trafficking in persons shall mean" in page
    data = form_data(world, "flashcard", clear_review="y", quote="Trafficking in persons")
    data.update(b_front=item.prompt, b_back="An answer.")
    assert client.post(f"/courses/palermo/items/{item.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert item.needs_review is False and item.quote == "Trafficking in persons"


def test_needs_review_blocks_publishing(client, auth, world):
    item = _draft(world, "What does Article 3 define?", needs_review=True, status="retired")
    db.session.commit()
    auth.login("trainer@example.org")
    client.post(f"/courses/palermo/items/{item.id}/status", data={"target": "published"})
    db.session.expire_all()
    assert item.status == "retired"


def test_history_shows_author_time_and_an_escaped_diff(client, auth, world):
    auth.login("trainer@example.org")
    data = form_data(world, "single_choice")
    client.post("/courses/palermo/items/new?kind=single_choice", data=data)
    item = db.session.scalar(sa.select(Item).where(Item.course_id == world.course.id))
    data.update(
        prompt="Which <b>act</b> is named in the definition of trafficking in persons?",
        b_options_2="Tourism abroad",
    )
    assert client.post(f"/courses/palermo/items/{item.id}/edit", data=data).status_code == 302
    page = client.get(f"/courses/palermo/items/{item.id}/history")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Version 2" in html and "Version 1" in html and "Trainer (trainer@example.org)" in html
    assert "&lt;b&gt;act&lt;/b&gt;" in html and "<b>act</b>" not in html
    assert '<del><span class="visually-hidden">removed: </span>act</del>' in html
    assert 'Tourism<ins><span class="visually-hidden">added: </span> abroad</ins>' in html
    assert "Answer and options" in html
