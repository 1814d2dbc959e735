"""Loading the generated bank into the database, and reading the document back out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from quizapp.content.bank import bank_fingerprint
from quizapp.extensions import db
from quizapp.models.base import utcnow
from quizapp.models.content import ContentRelease, Item, ItemRevision, Passage, Topic

if TYPE_CHECKING:
    from quizapp.content.bank import Bank


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


def _upsert_by(
    model: type[Any], key: str, specs: Iterable[object], fields: tuple[str, ...]
) -> dict[str, Any]:
    """Rows of ``model`` matching ``specs`` on ``key``: created when missing, ``fields`` updated
    when they differ (so an unchanged spec writes nothing)."""
    existing: dict[Any, Any] = {
        getattr(row, key): row for row in db.session.scalars(sa.select(model))
    }
    for spec in specs:
        row = existing.get(getattr(spec, key))
        if row is None:
            row = existing[getattr(spec, key)] = model(**{key: getattr(spec, key)})
            db.session.add(row)
        for name in fields:
            if getattr(row, name) != getattr(spec, name):
                setattr(row, name, getattr(spec, name))
    return existing


def sync_bank(bank: Bank) -> SyncResult:
    """Make the database hold exactly the bank: add new items, update changed ones (bumping
    their version), retire vanished ones (kept, never deleted). Idempotent; the caller commits."""
    topics = _upsert_by(Topic, "slug", bank.topics, ("title", "description", "position", "area"))
    passages = _upsert_by(
        Passage, "anchor", bank.document.passages, ("area", "position", "heading", "text")
    )
    db.session.flush()
    existing = {item.key: item for item in db.session.scalars(sa.select(Item))}
    added = updated = unchanged = 0
    now = utcnow()
    revised: list[Item] = []
    for spec in bank.items:
        values = {
            "kind": spec.kind,
            "topic_id": topics[spec.topic].id,
            "passage_id": passages[spec.passage].id if spec.passage else None,
            "origin": spec.origin,
            "prompt": spec.prompt,
            "body": spec.body,
            "explanation": spec.explanation,
            "difficulty": spec.difficulty,
            "quote": spec.quote,
            "instrument": spec.instrument,
            "provision": spec.provision,
            "content_hash": spec.content_hash,
        }
        row = existing.pop(spec.id, None)
        if row is None:
            row = Item(key=spec.id, **values)
            db.session.add(row)
            revised.append(row)
            added += 1
        elif row.content_hash != spec.content_hash or row.retired:
            for name, value in values.items():
                setattr(row, name, value)
            row.retired = False
            row.version += 1
            row.updated_at = now
            revised.append(row)
            updated += 1
        else:
            unchanged += 1
    retired = 0
    for row in existing.values():
        if not row.retired:
            row.retired = True
            row.updated_at = now
            retired += 1
    _record_revisions(revised)
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


def _record_revisions(items: list[Item]) -> None:
    """Keep what each new or changed item says at its new version (a revived item may reach a
    version that already has its words: one row per item and version)."""
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
    db.session.add_all(
        ItemRevision(
            item_id=item.id,
            version=item.version,
            prompt=item.prompt,
            body=item.body,
            explanation=item.explanation,
        )
        for item in items
        if (item.id, item.version) not in known
    )


def all_topics() -> list[Topic]:
    """Every topic in the order the content pack gives them."""
    return list(db.session.scalars(sa.select(Topic).order_by(Topic.position, Topic.id)))


def document_passages() -> list[Passage]:
    """Every passage in reading order."""
    return list(db.session.scalars(sa.select(Passage).order_by(Passage.area, Passage.position)))


def item_counts_by_passage() -> dict[int, int]:
    """How many live items each passage has (one GROUP BY)."""
    rows = db.session.execute(
        sa.select(Item.passage_id, sa.func.count(Item.id))
        .where(Item.passage_id.is_not(None), Item.retired.is_(False))
        .group_by(Item.passage_id)
    )
    return {passage_id: count for passage_id, count in rows if passage_id is not None}
