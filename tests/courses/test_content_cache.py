"""The per-process content cache: every change to content, from any worker, is seen at once."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.courses import content_cache
from quizapp.enums import CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.models import ContentVersion, Course, Item
from quizapp.models import content_version as version_module
from tests import factories
from tests.conftest import make_app
from tests.querycount import count_queries


def _item() -> Item:
    item = factories.make_item("single_choice", prompt="Pick Beta?", status="published")
    db.session.commit()
    return item


def test_a_cached_item_costs_one_version_read_per_transaction(app):
    item_id = _item().id
    assert content_cache.item(item_id).prompt == "Pick Beta?"  # loads and caches
    db.session.commit()
    with count_queries() as statements:
        assert content_cache.item(item_id).prompt == "Pick Beta?"
        assert content_cache.item(item_id).topic.title
    assert len(statements) == 1 and "content_version" in statements[0]


def test_every_kind_of_content_change_bumps_the_version(app):
    item = _item()
    seen = [version_module.read(db.session)]
    item.prompt = "Pick Gamma?"  # an ORM change
    db.session.commit()
    seen.append(version_module.read(db.session))
    db.session.execute(sa.update(Item).where(Item.id == item.id).values(explanation="Why."))
    db.session.commit()  # a bulk ORM statement
    seen.append(version_module.read(db.session))
    course = db.session.get_one(Course, item.course_id)
    course.visibility = CourseVisibility.PRIVATE  # a course setting
    db.session.commit()
    seen.append(version_module.read(db.session))
    factories.make_user("someone@example.org")  # not content
    db.session.commit()
    seen.append(version_module.read(db.session))
    assert seen[0] < seen[1] < seen[2] < seen[3] == seen[4]


def test_an_edit_committed_by_another_worker_is_served_at_once(app, database_url, tmp_path):
    item_id = _item().id
    assert content_cache.item(item_id).prompt == "Pick Beta?"
    db.session.commit()
    other = make_app(database_url, str(tmp_path / "instance-b"))  # a second worker
    try:
        with other.app_context():
            edited = db.session.get_one(Item, item_id)
            edited.prompt = "Pick Delta?"
            edited.status = ItemStatus.RETIRED
            db.session.commit()
            db.session.remove()
        view = content_cache.item(item_id)
        assert view.prompt == "Pick Delta?" and not view.published
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_an_uncommitted_change_is_never_cached(app):
    item = _item()
    assert content_cache.item(item.id).prompt == "Pick Beta?"
    db.session.commit()
    item.prompt = "Draft prompt"
    db.session.flush()
    assert content_cache.item(item.id).prompt == "Draft prompt"  # read around the cache
    db.session.rollback()
    assert content_cache.item(item.id).prompt == "Pick Beta?"


def test_a_missing_version_row_is_recreated_by_the_next_change(app):
    db.session.execute(sa.delete(ContentVersion))
    db.session.commit()
    assert version_module.read(db.session) == 0
    _item()
    assert version_module.read(db.session) > 0


def test_topics_are_cached_and_a_new_topic_is_seen_after_its_commit(app):
    topic = factories.make_topic(title="First")
    db.session.commit()
    course_id = topic.course_id
    assert [t.title for t in content_cache.topics([course_id])] == ["First"]
    db.session.commit()
    with count_queries() as statements:
        assert [t.title for t in content_cache.topics([course_id])] == ["First"]
    assert len(statements) == 1  # the version only
    factories.make_topic(title="Second", course=db.session.get_one(Course, course_id))
    db.session.commit()
    assert [t.title for t in content_cache.topics([course_id])] == ["First", "Second"]
