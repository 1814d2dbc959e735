"""A course as a content pack and back: :func:`export_course` reads the database into
:class:`~quizapp.imports.packfile.PackData`; :func:`import_course` stores a read pack as a new
course. Exporting, importing and exporting again gives the same bytes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quizapp.content.services import item_values, record_revisions
from quizapp.courses.services import unique_slug as unique_course_slug
from quizapp.enums import CourseRole, CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.imports.drafting import course_terms
from quizapp.imports.packfile import PackData, PackDocument, PackPassage, PackTopic
from quizapp.models import (
    Course,
    CourseAuthor,
    DocumentVersion,
    Item,
    Passage,
    SourceDocument,
    Topic,
    User,
)
from quizapp.models.imports import CourseTerm

__all__ = ["export_course", "import_course"]


def _documents(course: Course) -> list[tuple[SourceDocument, DocumentVersion, list[Passage]]]:
    rows = db.session.execute(
        sa.select(SourceDocument, DocumentVersion)
        .join(DocumentVersion, DocumentVersion.id == SourceDocument.current_version_id)
        .where(SourceDocument.course_id == course.id)
        .order_by(SourceDocument.position, SourceDocument.id)
    ).tuples()
    found = []
    for document, version in rows:
        passages = db.session.scalars(
            sa.select(Passage).filter_by(document_version_id=version.id).order_by(Passage.position)
        )
        found.append((document, version, list(passages)))
    return found


def export_course(course: Course) -> PackData:
    """Everything of ``course`` a pack carries: current document texts, topics, glossary, items.

    An item still citing an older version (it *needs review*) is exported against the passage
    of the same anchor in the current version (else the document's first passage), flagged."""
    docs = _documents(course)
    current: dict[int, tuple[str, str]] = {}
    first: dict[int, tuple[str, str]] = {}
    for document, _version, passages in docs:
        for p in passages:
            current[p.id] = (document.slug, p.anchor)
        if passages:
            first[document.id] = (document.slug, passages[0].anchor)
    topics = list(
        db.session.scalars(
            sa.select(Topic).where(Topic.course_id == course.id).order_by(Topic.position, Topic.id)
        )
    )
    cited = {
        passage_id: (document_id, anchor)
        for passage_id, document_id, anchor in db.session.execute(
            sa.select(Passage.id, DocumentVersion.document_id, Passage.anchor)
            .join(DocumentVersion, DocumentVersion.id == Passage.document_version_id)
            .join(Item, Item.passage_id == Passage.id)
            .where(Item.course_id == course.id)
        ).tuples()
    }
    slug_of = {d.id: d.slug for d, _v, _p in docs}
    by_anchor = {(d.id, p.anchor): (d.slug, p.anchor) for d, _v, ps in docs for p in ps}
    topic_slug = {t.id: t.slug for t in topics}
    items = []
    for item in db.session.scalars(sa.select(Item).where(Item.course_id == course.id)):
        record: dict[str, Any] = {
            "id": item.key,
            "kind": item.kind,
            "topic": topic_slug[item.topic_id],
            "status": item.status,
            "origin": item.origin,
            "prompt": item.prompt,
            "body": item.body,
            "explanation": item.explanation,
            "difficulty": item.difficulty,
        }
        if item.skill:
            record["skill"] = item.skill
        needs_review = item.needs_review
        if item.passage_id is not None:
            where = current.get(item.passage_id)
            if where is None:
                document_id, anchor = cited[item.passage_id]
                where = by_anchor.get((document_id, anchor)) or first.get(document_id)
                needs_review = True
            if where is not None and where[0] in slug_of.values():
                record.update(document=where[0], passage=where[1], quote=item.quote)
        if item.instrument:
            record.update(instrument=item.instrument, provision=item.provision)
        if needs_review:
            record["needs_review"] = True
        items.append(record)
    return PackData(
        title=course.title,
        description=course.description,
        language=course.language,
        documents=[
            PackDocument(
                slug=document.slug,
                title=document.title,
                filename=version.filename,
                media_type=version.media_type,
                sha256=version.sha256,
                text=version.text,
                passages=tuple(PackPassage(p.anchor, p.position, p.heading, p.text) for p in ps),
            )
            for document, version, ps in docs
        ],
        topics=[PackTopic(t.slug, t.title, t.description, t.area) for t in topics],
        glossary=course_terms(course),
        items=items,
    )


def import_course(pack: PackData, owner: User | None) -> Course:
    """Store ``pack`` as a new private course owned by ``owner``; the caller commits."""
    course = Course(
        slug=unique_course_slug(pack.title),
        title=pack.title[:200],
        description=pack.description,
        language=pack.language[:16],
        visibility=CourseVisibility.PRIVATE.value,
        created_by_id=owner.id if owner else None,
    )
    db.session.add(course)
    db.session.flush()
    if owner is not None:
        db.session.add(
            CourseAuthor(course_id=course.id, user_id=owner.id, role=CourseRole.OWNER.value)
        )
    db.session.add_all(CourseTerm(course_id=course.id, term=t) for t in pack.glossary)
    passages: dict[tuple[str, str], Passage] = {}
    for position, doc in enumerate(pack.documents):
        document = SourceDocument(
            course_id=course.id, slug=doc.slug, title=doc.title, position=position
        )
        db.session.add(document)
        db.session.flush()
        version = DocumentVersion(
            document_id=document.id,
            version=1,
            filename=doc.filename,
            media_type=doc.media_type,
            sha256=doc.sha256,
            size_bytes=len(doc.text.encode("utf-8")),
            text=doc.text,
            uploaded_by_id=owner.id if owner else None,
        )
        db.session.add(version)
        db.session.flush()
        document.current_version_id = version.id
        for p in doc.passages:
            row = Passage(
                document_version_id=version.id,
                anchor=p.anchor,
                area=None,
                position=p.position,
                heading=p.heading,
                text=p.text,
            )
            passages[(doc.slug, p.anchor)] = row
            db.session.add(row)
    topics = {}
    for position, t in enumerate(pack.topics, start=1):
        topics[t.slug] = Topic(
            course_id=course.id,
            slug=t.slug,
            title=t.title,
            description=t.description,
            position=position,
            area=t.area,
        )
    db.session.add_all(topics.values())
    db.session.flush()
    items = [_item(course, record, topics, passages, owner) for record in pack.items]
    db.session.add_all(items)
    record_revisions(items, author_id=owner.id if owner else None)
    return course


def _item(
    course: Course,
    record: dict[str, Any],
    topics: dict[str, Topic],
    passages: dict[tuple[str, str], Passage],
    owner: User | None,
) -> Item:
    from quizapp.content.spec import ItemSpec

    passage = passages.get((str(record.get("document")), str(record.get("passage"))))
    spec = ItemSpec(
        id=record["id"],
        kind=record["kind"],
        topic=record["topic"],
        origin=record["origin"],
        prompt=record["prompt"],
        body=record["body"],
        explanation=str(record.get("explanation") or ""),
        difficulty=float(record.get("difficulty", 0.5)),
        passage=record.get("passage"),
        quote=record.get("quote"),
        instrument=record.get("instrument"),
        provision=record.get("provision"),
        skill=str(record.get("skill") or ""),
    )
    return Item(
        **item_values(spec),
        course_id=course.id,
        key=spec.id,
        topic_id=topics[spec.topic].id,
        passage_id=passage.id if passage else None,
        status=str(record.get("status") or ItemStatus.DRAFT.value),
        needs_review=bool(record.get("needs_review")),
        created_by_id=owner.id if owner else None,
    )
