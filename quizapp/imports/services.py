"""Saving an import: the document, its version, its passages, the glossary and the drafts, in
the caller's one transaction; and what the document pages list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from quizapp.authoring.passages import SourcePassage
from quizapp.content.generators.common import slug as make_slug
from quizapp.extensions import db
from quizapp.imports.drafting import create_drafts
from quizapp.imports.pending import PendingImport
from quizapp.imports.versions import reconcile_items
from quizapp.models import Course, DocumentVersion, Item, Passage, SourceDocument, Topic, User
from quizapp.models.imports import CourseTerm, GenerationReport

__all__ = [
    "RESERVED_SLUGS",
    "DocumentRow",
    "SavedImport",
    "course_documents",
    "course_topics",
    "save_document",
    "save_version",
    "set_course_terms",
    "unique_slug",
]

#: document slugs that would shadow this package's own pages under /courses/<slug>/documents/
RESERVED_SLUGS = frozenset({"new", "needs-review", "glossary"})
NEW_TOPIC = 0  # the topic choice "a new topic named after the document"


@dataclass(frozen=True)
class SavedImport:
    """What a save made."""

    document: SourceDocument
    version: DocumentVersion
    report: GenerationReport
    relocated: int = 0
    needs_review: int = 0


@dataclass(frozen=True)
class DocumentRow:
    """One line of the documents page."""

    document: SourceDocument
    version: DocumentVersion | None
    passages: int
    items: int


def unique_slug(text: str, taken: Iterable[str], *, reserved: Iterable[str] = ()) -> str:
    """A slug of ``text`` (at most 40 characters) not in ``taken`` nor ``reserved``."""
    base = make_slug(text) or "document"
    used = set(taken) | set(reserved)
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base[:36]}-{n}"
        n += 1
    return candidate


def set_course_terms(course: Course, terms: Iterable[str], user: User) -> None:
    """Make ``course``'s glossary exactly ``terms`` (blank lines and repeats ignored)."""
    wanted: dict[str, str] = {}
    for term in terms:
        cleaned = " ".join(term.split())[:200]
        if cleaned:
            wanted.setdefault(cleaned.casefold(), cleaned)
    rows = db.session.scalars(sa.select(CourseTerm).where(CourseTerm.course_id == course.id))
    for row in rows:
        if wanted.pop(row.term.casefold(), None) is None:
            db.session.delete(row)
    db.session.add_all(
        CourseTerm(course_id=course.id, term=term, added_by_id=user.id) for term in wanted.values()
    )
    db.session.flush()


def course_topics(course: Course) -> list[Topic]:
    """The topics of ``course`` in their order."""
    query = sa.select(Topic).where(Topic.course_id == course.id)
    return list(db.session.scalars(query.order_by(Topic.position, Topic.id)))


def _topic(course: Course, topic_id: int, title: str, slug: str) -> Topic:
    """The chosen topic of ``course``, or a new one named after the document."""
    if topic_id != NEW_TOPIC:
        chosen = db.session.get(Topic, topic_id)
        if chosen is not None and chosen.course_id == course.id:
            return chosen
    taken = db.session.scalars(sa.select(Topic.slug).where(Topic.course_id == course.id))
    position = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(Topic.position), 0)).where(
            Topic.course_id == course.id
        )
    )
    topic = Topic(
        course_id=course.id,
        slug=unique_slug(slug, taken),
        title=title[:200],
        description=f"Items drafted from {title}."[:2000],
        position=(position or 0) + 1,
    )
    db.session.add(topic)
    db.session.flush()
    return topic


def _version(
    document: SourceDocument, pending: PendingImport, number: int, user: User
) -> tuple[DocumentVersion, tuple[SourcePassage, ...], dict[str, Passage]]:
    """A new version of ``document`` with its passages; it becomes the current version."""
    imported = pending.document
    version = DocumentVersion(
        document_id=document.id,
        version=number,
        filename=pending.filename[:255],
        media_type=pending.media_type,
        sha256=pending.sha256,
        size_bytes=pending.size_bytes,
        text=imported.source.text,
        uploaded_by_id=user.id,
    )
    db.session.add(version)
    db.session.flush()
    rows = {
        p.anchor: Passage(
            document_version_id=version.id,
            anchor=p.anchor,
            area=None,
            position=p.position,
            heading=p.heading or None,
            text=p.text,
        )
        for p in imported.passages
    }
    db.session.add_all(rows.values())
    db.session.flush()
    document.current_version_id = version.id
    return version, imported.passages, rows


def save_document(course: Course, user: User, pending: PendingImport, topic_id: int) -> SavedImport:
    """Store a previewed document as a new document of ``course`` and draft items from it.

    Nothing is committed: the caller commits once (or rolls back on an error)."""
    set_course_terms(course, pending.glossary, user)
    taken = db.session.scalars(
        sa.select(SourceDocument.slug).where(SourceDocument.course_id == course.id)
    )
    slug = unique_slug(pending.title, taken, reserved=RESERVED_SLUGS)
    position = db.session.scalar(
        sa.select(sa.func.count(SourceDocument.id)).where(SourceDocument.course_id == course.id)
    )
    document = SourceDocument(
        course_id=course.id, slug=slug, title=pending.title[:300], position=position or 0
    )
    db.session.add(document)
    db.session.flush()
    version, passages, rows = _version(document, pending, 1, user)
    topic = _topic(course, topic_id, document.title, slug)
    report = create_drafts(
        course=course,
        document_slug=slug,
        document_title=document.title,
        version=version,
        passages=passages,
        rows=rows,
        topic=topic,
        user=user,
    )
    return SavedImport(document, version, report)


def save_version(
    course: Course, document: SourceDocument, user: User, pending: PendingImport, topic_id: int
) -> SavedImport:
    """Store a new version of ``document``: re-point items whose quote survives, mark the others
    *needs review*, and draft only from new and changed passages. The caller commits."""
    set_course_terms(course, pending.glossary, user)
    old = db.session.get(DocumentVersion, document.current_version_id)
    number = (old.version if old else 0) + 1
    version, passages, rows = _version(document, pending, number, user)
    outcome = reconcile_items(course, document, version, passages, rows, user)
    topic = _topic(course, topic_id, document.title, document.slug) if topic_id else None
    if topic is None:
        topic = db.session.scalar(
            sa.select(Topic).where(Topic.course_id == course.id, Topic.slug == document.slug)
        ) or _topic(course, NEW_TOPIC, document.title, document.slug)
    report = create_drafts(
        course=course,
        document_slug=document.slug,
        document_title=document.title,
        version=version,
        passages=passages,
        rows=rows,
        topic=topic,
        user=user,
        only=outcome.changed,
    )
    return SavedImport(document, version, report, outcome.relocated, outcome.needs_review)


def course_documents(course: Course) -> list[DocumentRow]:
    """Every document of ``course`` with its current version and counts (grouped queries)."""
    documents = list(
        db.session.scalars(
            sa.select(SourceDocument)
            .where(SourceDocument.course_id == course.id)
            .order_by(SourceDocument.position, SourceDocument.id)
        )
    )
    version_ids = [d.current_version_id for d in documents if d.current_version_id]
    versions = {
        v.id: v
        for v in db.session.scalars(
            sa.select(DocumentVersion).where(DocumentVersion.id.in_(version_ids))
        )
    }
    passage_counts: dict[int, int] = dict(
        db.session.execute(
            sa.select(Passage.document_version_id, sa.func.count(Passage.id))
            .where(Passage.document_version_id.in_(version_ids))
            .group_by(Passage.document_version_id)
        )
        .tuples()
        .all()
    )
    item_counts: dict[int, int] = dict(
        db.session.execute(
            sa.select(Passage.document_version_id, sa.func.count(Item.id))
            .join(Passage, Passage.id == Item.passage_id)
            .where(Passage.document_version_id.in_(version_ids))
            .group_by(Passage.document_version_id)
        )
        .tuples()
        .all()
    )
    return [
        DocumentRow(
            document=d,
            version=versions.get(d.current_version_id or 0),
            passages=passage_counts.get(d.current_version_id or 0, 0),
            items=item_counts.get(d.current_version_id or 0, 0),
        )
        for d in documents
    ]


def document_versions(document: SourceDocument) -> list[tuple[DocumentVersion, int, int]]:
    """Each version of ``document``, newest first, with its drafted and refused counts."""
    rows = db.session.execute(
        sa.select(DocumentVersion, GenerationReport.drafted, GenerationReport.rejected)
        .outerjoin(GenerationReport, GenerationReport.document_version_id == DocumentVersion.id)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.version.desc())
    ).tuples()
    return [(v, drafted or 0, rejected or 0) for v, drafted, rejected in rows]


def version_of(document: SourceDocument, number: int) -> DocumentVersion | None:
    """Version ``number`` of ``document``, or None."""
    return db.session.scalar(
        sa.select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.version == number
        )
    )
