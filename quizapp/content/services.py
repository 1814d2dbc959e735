"""Loading the generated bank into the database, and reading the document back out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from quizapp.content.bank import bank_fingerprint
from quizapp.enums import CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.models.base import utcnow
from quizapp.models.content import ContentRelease, Item, ItemRevision, Passage, Topic
from quizapp.models.courses import (
    BUILTIN_COURSE_SLUG,
    Course,
    DocumentVersion,
    SourceDocument,
)

if TYPE_CHECKING:
    from quizapp.content.bank import Bank
    from quizapp.content.spec import ItemSpec


@dataclass(frozen=True)
class SyncResult:
    """What a sync changed."""

    added: int
    updated: int
    retired: int
    unchanged: int
    bank_sha256: str

    @property
    def changed(self) -> bool:
        """True when the sync wrote anything."""
        return bool(self.added or self.updated or self.retired)


BUILTIN_COURSE_TITLE = "Protecting migrants' human rights: the U.S. response of 31 August 2017"
BUILTIN_DOCUMENT_SLUG = "us-response-2017"


def _upsert_by(
    model: type[Any],
    key: str,
    specs: Iterable[object],
    fields: tuple[str, ...],
    scope: dict[str, int],
) -> dict[str, Any]:
    """Rows of ``model`` within ``scope`` (column → value) matching ``specs`` on ``key``: created
    when missing, ``fields`` updated when they differ (so an unchanged spec writes nothing)."""
    query = sa.select(model).filter_by(**scope)
    existing: dict[Any, Any] = {getattr(row, key): row for row in db.session.scalars(query)}
    for spec in specs:
        row = existing.get(getattr(spec, key))
        if row is None:
            row = existing[getattr(spec, key)] = model(**{key: getattr(spec, key)}, **scope)
            db.session.add(row)
        for name in fields:
            if getattr(row, name) != getattr(spec, name):
                setattr(row, name, getattr(spec, name))
    return existing


def item_values(spec: ItemSpec) -> dict[str, Any]:
    """The columns of an ``Item`` an item spec decides (all but course, key, topic, passage and
    workflow): the one mapping every writer of items from specs uses (sync, import, packs)."""
    return {
        "kind": spec.kind,
        "origin": spec.origin,
        "prompt": spec.prompt,
        "body": spec.body,
        "explanation": spec.explanation,
        "difficulty": spec.difficulty,
        "quote": spec.quote,
        "instrument": spec.instrument,
        "provision": spec.provision,
        "skill": spec.skill or None,
        "content_hash": spec.content_hash,
    }


def builtin_course() -> Course:
    """The built-in course (created, not committed, when missing)."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == BUILTIN_COURSE_SLUG))
    if course is None:
        course = Course(
            slug=BUILTIN_COURSE_SLUG,
            title=BUILTIN_COURSE_TITLE,
            builtin=True,
            visibility=CourseVisibility.PUBLIC.value,
        )
        db.session.add(course)
        db.session.flush()
    return course


def _builtin_document_version(course: Course, bank: Bank) -> DocumentVersion:
    """The one version of the built-in document, kept in step with ``seeds/`` (the CLI edits
    the built-in course in place: its passages are upserted by anchor, as before courses)."""
    document = db.session.scalar(
        sa.select(SourceDocument).filter_by(course_id=course.id, slug=BUILTIN_DOCUMENT_SLUG)
    )
    if document is None:
        document = SourceDocument(
            course_id=course.id, slug=BUILTIN_DOCUMENT_SLUG, title=BUILTIN_COURSE_TITLE
        )
        db.session.add(document)
        db.session.flush()
    version = (
        db.session.get(DocumentVersion, document.current_version_id)
        if document.current_version_id
        else None
    )
    text = Path(bank.document.path).read_text(encoding="utf-8")
    if version is None:
        version = DocumentVersion(
            document_id=document.id,
            version=1,
            filename=Path(bank.document.path).name,
            media_type="text/markdown",
            sha256=bank.document.sha256,
            size_bytes=len(text.encode("utf-8")),
            text=text,
        )
        db.session.add(version)
        db.session.flush()
        document.current_version_id = version.id
    elif version.text != text or version.sha256 != bank.document.sha256:
        version.sha256 = bank.document.sha256
        version.text = text
        version.size_bytes = len(text.encode("utf-8"))
    return version


def sync_bank(bank: Bank) -> SyncResult:
    """Make the built-in course hold exactly the bank: add new items, update changed ones
    (bumping their version), retire vanished ones (kept, never deleted). Idempotent; the caller
    commits. Other courses are never touched."""
    course = builtin_course()
    version = _builtin_document_version(course, bank)
    topics = _upsert_by(
        Topic,
        "slug",
        bank.topics,
        ("title", "description", "position", "area"),
        {"course_id": course.id},
    )
    passages = _upsert_by(
        Passage,
        "anchor",
        bank.document.passages,
        ("area", "position", "heading", "text"),
        {"document_version_id": version.id},
    )
    db.session.flush()
    existing = {
        item.key: item
        for item in db.session.scalars(sa.select(Item).filter_by(course_id=course.id))
    }
    added = updated = unchanged = 0
    now = utcnow()
    revised: list[Item] = []
    for spec in bank.items:
        values = {
            **item_values(spec),
            "topic_id": topics[spec.topic].id,
            "passage_id": passages[spec.passage].id if spec.passage else None,
        }
        row = existing.pop(spec.id, None)
        if row is None:
            row = Item(key=spec.id, course_id=course.id, **values)
            db.session.add(row)
            revised.append(row)
            added += 1
        elif row.content_hash != spec.content_hash or row.retired:
            for name, value in values.items():
                setattr(row, name, value)
            row.status = ItemStatus.PUBLISHED.value
            row.version += 1
            row.updated_at = now
            revised.append(row)
            updated += 1
        else:
            unchanged += 1
    retired = 0
    for row in existing.values():
        if not row.retired:
            row.status = ItemStatus.RETIRED.value
            row.updated_at = now
            retired += 1
    record_revisions(revised)
    fingerprint = bank_fingerprint(bank)
    result = SyncResult(added, updated, retired, unchanged, fingerprint)
    known = db.session.scalar(
        sa.select(ContentRelease).where(ContentRelease.bank_sha256 == fingerprint)
    )
    if known is not None and result.changed:
        known.synced_at = now  # back to an earlier bank: that release is the one served again
    elif known is None:
        db.session.add(
            ContentRelease(
                document_sha256=bank.document.sha256,
                bank_sha256=fingerprint,
                item_count=len(bank.items),
                added=added,
                updated=updated,
                retired=retired,
            )
        )
    return result


def record_revisions(items: list[Item], *, author_id: int | None = None) -> None:
    """Keep what each new or changed item says at its new version, and who wrote it (``None``:
    ``quizapp content sync``). A revived item may reach a version that already has its words:
    one row per item and version. Every writer of items (sync, import, editor) calls this."""
    if not items:
        return
    db.session.flush()
    known = set(
        db.session.execute(
            sa.select(ItemRevision.item_id, ItemRevision.version).where(
                ItemRevision.item_id.in_([i.id for i in items])
            )
        ).tuples()
    )
    rows = [
        {
            "item_id": item.id,
            "version": item.version,
            "prompt": item.prompt,
            "body": item.body,
            "explanation": item.explanation,
            "quote": item.quote,
            "instrument": item.instrument,
            "provision": item.provision,
            "topic_id": item.topic_id,
            "passage_id": item.passage_id,
            "status": item.status,
            "skill": item.skill,
            "author_id": author_id,
            "created_at": utcnow(),
        }
        for item in items
        if (item.id, item.version) not in known
    ]
    if rows:  # one executemany INSERT: a sync or a duplicated course writes hundreds at once
        db.session.execute(sa.insert(ItemRevision).execution_options(render_nulls=True), rows)


def all_topics() -> list[Topic]:
    """Every topic in the order the content pack gives them."""
    return list(db.session.scalars(sa.select(Topic).order_by(Topic.position, Topic.id)))


def document_passages() -> list[Passage]:
    """Every passage of the built-in document's current version, in reading order."""
    query = (
        sa.select(Passage)
        .join(SourceDocument, SourceDocument.current_version_id == Passage.document_version_id)
        .join(Course, Course.id == SourceDocument.course_id)
        .where(Course.slug == BUILTIN_COURSE_SLUG)
        .order_by(Passage.area, Passage.position)
    )
    return list(db.session.scalars(query))


def item_counts_by_passage() -> dict[int, int]:
    """How many live items each passage has (one GROUP BY)."""
    rows = db.session.execute(
        sa.select(Item.passage_id, sa.func.count(Item.id))
        .where(Item.passage_id.is_not(None), Item.status == ItemStatus.PUBLISHED)
        .group_by(Item.passage_id)
    )
    return {passage_id: count for passage_id, count in rows if passage_id is not None}
