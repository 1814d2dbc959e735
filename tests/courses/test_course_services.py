"""Course services: slugs, enrolment, the catalogue's counts, co-authors and duplicating."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import sqlalchemy as sa

from quizapp.content.bank import Bank, build_bank
from quizapp.content.services import builtin_course, sync_bank
from quizapp.courses import services
from quizapp.courses.duplicate import duplicate_course
from quizapp.enums import CourseRole, CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.models import (
    Course,
    CourseAuthor,
    CourseEnrolment,
    DocumentVersion,
    Item,
    ItemRevision,
    Passage,
    SourceDocument,
    Topic,
)
from tests.courses.helpers import make_course, make_document
from tests.factories import make_cohort, make_item, make_topic, make_user
from tests.querycount import count_queries

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bank() -> Bank:
    return build_bank(ROOT)


def test_slugs_are_ascii_unique_and_never_a_page_name(app):
    assert services.slugify("Núcleo 1: Intro — Ä") == "nucleo-1-intro-a"
    assert services.slugify("!!!") == "course"
    make_course(slug="smuggling")
    make_course(slug="smuggling-2")
    assert services.unique_slug("Smuggling") == "smuggling-3"
    assert services.unique_slug("New") == "new-2"


def test_create_makes_the_creator_owner(app):
    trainer = make_user("t@example.org", role="trainer")
    course = services.create_course(
        trainer, title=" Smuggling ", description="", language="fr", visibility="private"
    )
    db.session.flush()
    assert (course.slug, course.title, course.language) == ("smuggling", "Smuggling", "fr")
    role = db.session.scalar(sa.select(CourseAuthor.role).filter_by(course_id=course.id))
    assert role == CourseRole.OWNER


def test_builtin_course_is_everyones_until_they_choose(app):
    learner = make_user()
    builtin = builtin_course()
    other = make_course()
    assert services.my_course_ids(learner) == {builtin.id}
    assert services.enrol(learner, other) is True
    assert services.enrol(learner, other) is False  # once
    db.session.flush()
    # the first choice keeps the built-in course they had; leaving it then removes it
    assert services.my_course_ids(learner) == {builtin.id, other.id}
    assert services.leave(learner, builtin) is True
    db.session.flush()
    assert services.my_course_ids(learner) == {other.id}
    assert services.leave(learner, builtin) is False


def test_my_courses_include_cohort_courses_but_not_hidden_ones(app):
    trainer = make_user("t@example.org", role="trainer")
    learner = make_user()
    private = make_course(trainer, "private", visibility=CourseVisibility.PRIVATE)
    hidden = make_course(trainer, "hidden", visibility=CourseVisibility.PRIVATE)
    make_cohort(trainer, learners=(learner,), course_id=private.id)
    db.session.add(CourseEnrolment(course_id=hidden.id, user_id=learner.id))  # stale enrolment
    db.session.flush()
    assert services.my_course_ids(learner) == {private.id}


def test_catalogue_counts_in_constant_queries(app):
    trainer = make_user("t@example.org", role="trainer")
    for n in range(3):
        course = make_course(trainer, f"course-{n}")
        make_document(course)
        topic = make_topic(course=course)
        make_item(topic=topic)
        make_item(topic=topic, status=ItemStatus.DRAFT)
    with count_queries() as few:
        cards = services.catalogue(trainer)
    make_course(trainer, "course-more")
    with count_queries() as more:
        services.catalogue(trainer)
    assert len(more) == len(few) <= 8
    by_slug = {card.course.slug: card for card in cards}
    assert (by_slug["course-1"].documents, by_slug["course-1"].published) == (1, 1)
    assert by_slug["course-1"].drafts == 1 and by_slug["course-1"].authoring


def test_co_authors_must_exist_and_may_author(app):
    owner = make_user("o@example.org", role="trainer")
    course = make_course(owner)
    make_user("learner@example.org")
    with pytest.raises(services.CourseError, match="No account"):
        services.add_co_author(course, "nobody@example.org")
    with pytest.raises(services.CourseError, match="not an author"):
        services.add_co_author(course, "learner@example.org")
    make_user("author@example.org", is_author=True)
    user = services.add_co_author(course, " Author@Example.org ")
    db.session.flush()
    with pytest.raises(services.CourseError, match="already"):
        services.add_co_author(course, "author@example.org")
    assert [(a.email, a.role) for a in services.authors(course)] == [
        ("o@example.org", "owner"),
        ("author@example.org", "co_author"),
    ]
    services.remove_co_author(course, user.id)
    with pytest.raises(Exception, match="404"):
        services.remove_co_author(course, owner.id)  # the owner stays


def test_duplicate_copies_everything_as_drafts(app):
    owner = make_user("o@example.org", role="trainer")
    copier = make_user("c@example.org", role="trainer")
    source = make_course(owner)
    _, (_p1, p2) = make_document(source, texts=("First passage.", "Second passage."))
    topic = make_topic("smuggling", course=source)
    cited = make_item("flashcard", topic=topic, passage=p2, key="s.cited")
    make_item(topic=topic, key="s.background", status=ItemStatus.RETIRED)
    copy = duplicate_course(copier, source)
    db.session.commit()
    assert copy.copied_from_id == source.id and copy.visibility == CourseVisibility.PRIVATE
    assert copy.slug != source.slug
    items = {i.key: i for i in db.session.scalars(sa.select(Item).filter_by(course_id=copy.id))}
    assert set(items) == {"s.cited", "s.background"}
    assert {i.status for i in items.values()} == {ItemStatus.DRAFT}
    copied = items["s.cited"]
    assert copied.prompt == cited.prompt and copied.quote == cited.quote
    passage = db.session.get(Passage, copied.passage_id)
    assert passage is not None and passage.id != p2.id and passage.text == "Second passage."
    document = db.session.scalar(sa.select(SourceDocument).filter_by(course_id=copy.id))
    assert document is not None
    assert db.session.get(DocumentVersion, passage.document_version_id).document_id == document.id
    assert document.current_version_id == passage.document_version_id
    topic_copy = db.session.get(Topic, copied.topic_id)
    assert topic_copy.course_id == copy.id and topic_copy.slug == "smuggling"
    revisions = db.session.scalars(
        sa.select(ItemRevision).where(ItemRevision.item_id.in_([i.id for i in items.values()]))
    ).all()
    assert {(r.author_id, r.status, r.version) for r in revisions} == {
        (copier.id, ItemStatus.DRAFT, 1)
    }
    # the source is untouched, and the copier owns the copy
    assert db.session.get(Item, cited.id).status == ItemStatus.PUBLISHED
    owner_row = db.session.scalar(sa.select(CourseAuthor).filter_by(course_id=copy.id))
    assert (owner_row.user_id, owner_row.role) == (copier.id, CourseRole.OWNER)


def test_duplicating_the_builtin_course_is_one_bulk_pass(app, bank):
    sync_bank(bank)
    db.session.commit()
    trainer = make_user("t@example.org", role="trainer")
    builtin = builtin_course()
    with count_queries() as statements:
        copy = duplicate_course(trainer, builtin)
        db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count(Item.id)).filter_by(course_id=copy.id))
    assert count == len(bank.items) > 300
    # executemany INSERTs: a fixed number of statements, not one (or more) per item
    assert len(statements) < 30, collections.Counter(s[:40] for s in statements).most_common(4)
    passages = db.session.scalar(
        sa.select(sa.func.count(Passage.id))
        .join(SourceDocument, SourceDocument.current_version_id == Passage.document_version_id)
        .where(SourceDocument.course_id == copy.id)
    )
    assert passages == len(bank.document.passages)
    linked = db.session.scalar(
        sa.select(sa.func.count(Item.id)).where(
            Item.course_id == copy.id, Item.passage_id.is_not(None)
        )
    )
    assert linked == sum(1 for spec in bank.items if spec.passage)
    assert db.session.scalar(sa.select(Course.copied_from_id).filter_by(id=copy.id)) == builtin.id
