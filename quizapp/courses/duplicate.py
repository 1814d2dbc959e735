"""Duplicate a course: an editable copy of its documents, passages, topics and items.

One bulk pass (a handful of SELECTs and batched INSERTs, whatever the number of items), fast
enough for the built-in course. Copies start as drafts, so nothing reaches learners until the
new course's author publishes it; item keys are kept, so a pack exported from either course
names the same items.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quizapp.content.services import record_revisions
from quizapp.courses.services import create_course
from quizapp.enums import CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.models import (
    Course,
    DocumentVersion,
    Item,
    Passage,
    SourceDocument,
    Topic,
    User,
)
from quizapp.models.base import utcnow

__all__ = ["duplicate_course"]

#: Item columns copied as they are (the rest are set for the copy).
_ITEM_COPIED = (
    "key",
    "kind",
    "origin",
    "prompt",
    "body",
    "explanation",
    "difficulty",
    "quote",
    "instrument",
    "provision",
    "content_hash",
)


def _bulk_insert(model: type[Any], rows: list[dict[str, Any]]) -> None:
    """One executemany INSERT of ``rows`` (no RETURNING: the caller reads back what it needs)."""
    if rows:
        # render_nulls: rows with None in different columns stay one batch, not one per pattern
        db.session.execute(sa.insert(model).execution_options(render_nulls=True), rows)


def _copy_documents(source: Course, copy: Course, user: User) -> dict[tuple[int, str], int]:
    """Each document's current version and its passages; returns the new passage ids by
    (old document id, anchor), so items of any old version find their passage in the copy."""
    documents = list(
        db.session.scalars(sa.select(SourceDocument).where(SourceDocument.course_id == source.id))
    )
    versions = {
        v.document_id: v
        for v in db.session.scalars(
            sa.select(DocumentVersion).where(
                DocumentVersion.id.in_(
                    [d.current_version_id for d in documents if d.current_version_id]
                )
            )
        )
    }
    new_documents = {
        d.id: SourceDocument(course_id=copy.id, slug=d.slug, title=d.title, position=d.position)
        for d in documents
    }
    db.session.add_all(new_documents.values())
    db.session.flush()
    new_versions = {
        document_id: DocumentVersion(
            document_id=new_documents[document_id].id,
            version=1,
            filename=old.filename,
            media_type=old.media_type,
            sha256=old.sha256,
            size_bytes=old.size_bytes,
            text=old.text,
            uploaded_by_id=user.id,
        )
        for document_id, old in versions.items()
    }
    db.session.add_all(new_versions.values())
    db.session.flush()
    for document_id, version in new_versions.items():
        new_documents[document_id].current_version_id = version.id
    old_document = {v.id: v.document_id for v in versions.values()}
    passages = db.session.scalars(
        sa.select(Passage).where(Passage.document_version_id.in_(list(old_document)))
    )
    _bulk_insert(
        Passage,
        [
            {
                "document_version_id": new_versions[old_document[p.document_version_id]].id,
                "anchor": p.anchor,
                "area": p.area,
                "position": p.position,
                "heading": p.heading,
                "text": p.text,
            }
            for p in passages
        ],
    )
    new_document = {v.id: document_id for document_id, v in new_versions.items()}
    copied = db.session.execute(
        sa.select(Passage.id, Passage.document_version_id, Passage.anchor).where(
            Passage.document_version_id.in_(list(new_document))
        )
    ).tuples()
    return {(new_document[version_id], anchor): pid for pid, version_id, anchor in copied}


def _copy_topics(source: Course, copy: Course) -> dict[int, int]:
    """The course's topics; returns the new topic ids by old topic id."""
    topics = list(db.session.scalars(sa.select(Topic).where(Topic.course_id == source.id)))
    columns = ("slug", "title", "description", "position", "area")
    _bulk_insert(
        Topic,
        [{"course_id": copy.id, **{name: getattr(t, name) for name in columns}} for t in topics],
    )
    new_ids = dict(
        db.session.execute(sa.select(Topic.slug, Topic.id).where(Topic.course_id == copy.id))
        .tuples()
        .all()
    )
    return {t.id: new_ids[t.slug] for t in topics}


def duplicate_course(user: User, source: Course) -> Course:
    """A new private course owned by ``user`` holding a draft copy of everything ``source``
    teaches from. The caller commits."""
    copy = create_course(
        user,
        title=f"{source.title} (copy)"[:200],
        description=source.description,
        language=source.language,
        visibility=CourseVisibility.PRIVATE,
    )
    copy.copied_from_id = source.id
    passages = _copy_documents(source, copy, user)
    topics = _copy_topics(source, copy)
    # Where each old passage lives: items may cite a passage of an older version.
    old_passages = db.session.execute(
        sa.select(Passage.id, DocumentVersion.document_id, Passage.anchor)
        .join(DocumentVersion, DocumentVersion.id == Passage.document_version_id)
        .join(Item, Item.passage_id == Passage.id)
        .where(Item.course_id == source.id)
        .distinct()
    ).tuples()
    passage_for = {pid: passages.get((doc_id, anchor)) for pid, doc_id, anchor in old_passages}
    rows: list[dict[str, Any]] = []
    now = utcnow()
    for old in db.session.scalars(
        sa.select(Item).where(Item.course_id == source.id).order_by(Item.id)
    ):
        passage_id = passage_for.get(old.passage_id) if old.passage_id else None
        rows.append(
            {
                "course_id": copy.id,
                "topic_id": topics[old.topic_id],
                "passage_id": passage_id,
                "status": ItemStatus.DRAFT.value,
                # an old passage whose anchor the current version lost: the author must look
                "needs_review": old.needs_review or (old.passage_id is not None and not passage_id),
                "version": 1,
                "created_by_id": user.id,
                "created_at": now,
                "updated_at": now,
                **{name: getattr(old, name) for name in _ITEM_COPIED},
            }
        )
    _bulk_insert(Item, rows)
    items = list(db.session.scalars(sa.select(Item).where(Item.course_id == copy.id)))
    record_revisions(items, author_id=user.id)
    return copy
