"""Items as learners are served them, kept in each process and checked against the content version.

A question page, a flashcard and a rating each need one item with its passage and topic. Content
changes rarely (a sync, a publish, an edit), so each worker keeps immutable snapshots of the items
it has served, under the content version they were read at (:mod:`quizapp.models.content_version`,
bumped in the same transaction as any content change). Every transaction that asks reads the
version once (one primary-key lookup); another value empties the cache. A transaction that has
changed content itself reads around the cache and stores nothing, so an uncommitted (maybe rolled
back) change never reaches other requests. The cache belongs to the app object: each app, and each
test, has its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from quizapp.enums import CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.models import Course, Item, Passage, Topic, content_version

__all__ = ["ContentCache", "ItemView", "PassageView", "TopicView", "item", "items", "topics"]

_EXTENSION = "quizapp_content_cache"
_VERSION_READ = "quizapp_content_version_read"


@dataclass(frozen=True, slots=True)
class PassageView:
    """The passage an item quotes."""

    id: int
    anchor: str
    heading: str | None
    text: str
    area: int | None
    #: the document version the passage belongs to (row sources of a matching item are looked
    #: up among its passages)
    document_version_id: int


@dataclass(frozen=True, slots=True)
class TopicView:
    """The topic an item belongs to."""

    id: int
    slug: str
    title: str
    position: int


@dataclass(frozen=True, slots=True)
class ItemView:
    """An item as learners see it, with its passage and topic: the attributes templates and grading
    read from :class:`~quizapp.models.Item`. ``body`` is shared between requests: read it only."""

    id: int
    course_id: int
    key: str
    kind: str
    topic_id: int
    passage_id: int | None
    origin: str
    prompt: str
    body: dict[str, Any]
    explanation: str
    difficulty: float
    quote: str | None
    instrument: str | None
    provision: str | None
    status: str
    version: int
    passage: PassageView | None
    topic: TopicView
    #: the item's course is public and not archived (anyone signed in may study it)
    course_open: bool

    @property
    def published(self) -> bool:
        """True when learners are served the item."""
        return self.status == ItemStatus.PUBLISHED


class ContentCache:
    """One process's snapshots, all read at ``version``."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.items: dict[int, ItemView] = {}
        self.topics: dict[tuple[int, ...], list[TopicView]] = {}


_LOAD = (
    sa.select(
        Item,
        Passage.id,
        Passage.anchor,
        Passage.heading,
        Passage.text,
        Passage.area,
        Passage.document_version_id,
        Topic.slug,
        Topic.title,
        Topic.position,
        Course.visibility,
        Course.archived,
    )
    .join(Topic, Topic.id == Item.topic_id)
    .join(Course, Course.id == Item.course_id)
    .outerjoin(Passage, Passage.id == Item.passage_id)
    .where(Item.id.in_(sa.bindparam("ids", expanding=True)))
)


def _load(ids: Iterable[int]) -> dict[int, ItemView]:
    """Snapshots of the items ``ids`` (missing ids are left out), in one query."""
    views = {}
    for row in db.session.execute(_LOAD, {"ids": list(ids)}):
        (i, p_id, anchor, heading, text, area, version_id, slug, title, position) = row[:10]
        visibility, archived = row[10:]
        views[i.id] = ItemView(
            id=i.id,
            course_id=i.course_id,
            key=i.key,
            kind=i.kind,
            topic_id=i.topic_id,
            passage_id=i.passage_id,
            origin=i.origin,
            prompt=i.prompt,
            body=i.body,
            explanation=i.explanation,
            difficulty=i.difficulty,
            quote=i.quote,
            instrument=i.instrument,
            provision=i.provision,
            status=i.status,
            version=i.version,
            passage=PassageView(p_id, anchor, heading, text, area, version_id)
            if p_id is not None
            else None,
            topic=TopicView(i.topic_id, slug, title, position),
            course_open=visibility == CourseVisibility.PUBLIC and not archived,
        )
    return views


def _current_cache() -> ContentCache | None:
    """This app's cache, made current for this transaction; None when this transaction has
    changed content (it must read around the cache)."""
    session = db.session()
    if content_version.changed_in_transaction(session):
        return None
    transaction = session.get_transaction()
    seen = session.info.get(_VERSION_READ)
    if seen is not None and transaction is not None and seen[0] is transaction:
        version = seen[1]
    else:
        version = content_version.read(session)
        session.info[_VERSION_READ] = (session.get_transaction(), version)
    cache: ContentCache = current_app.extensions.setdefault(_EXTENSION, ContentCache())
    if cache.version != version:
        cache.items = {}  # new dicts: another thread may still read the old ones
        cache.topics = {}
        cache.version = version
    return cache


def items(ids: Iterable[int]) -> dict[int, ItemView]:
    """Snapshots of the items ``ids`` (of any status; missing ids left out): at most one version
    read and one query for those not cached yet."""
    wanted = list(dict.fromkeys(ids))
    cache = _current_cache()
    if cache is None:
        return _load(wanted)
    found = cache.items
    missing = [i for i in wanted if i not in found]
    if missing:
        found.update(_load(missing))
    return {i: found[i] for i in wanted if i in found}


def item(item_id: int) -> ItemView | None:
    """The snapshot of one item, or None when it does not exist."""
    return items((item_id,)).get(item_id)


def _load_topics(course_ids: tuple[int, ...]) -> list[TopicView]:
    rows = db.session.execute(
        sa.select(Topic.id, Topic.slug, Topic.title, Topic.position)
        .where(Topic.course_id.in_(course_ids))
        .order_by(Topic.course_id, Topic.position, Topic.id)
    )
    return [TopicView(*row) for row in rows]


def topics(course_ids: Iterable[int]) -> list[TopicView]:
    """The topics of the given courses, course by course in their order (as
    :func:`quizapp.courses.services.topics_of`, as snapshots)."""
    key = tuple(sorted(set(course_ids)))
    if not key:
        return []
    cache = _current_cache()
    if cache is None:
        return _load_topics(key)
    if key not in cache.topics:
        cache.topics[key] = _load_topics(key)
    return list(cache.topics[key])
