"""A new version of a document and the items citing it: an item whose quote is still verbatim
in the new version follows its passage there (a new item revision); any other is marked *needs
review* and keeps citing the words it was written from: never deleted, never silently changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from quizapp.authoring.passages import PassageKind, SourcePassage
from quizapp.authoring.versions import MatchKind, match_versions, relocated_quotes, similarity
from quizapp.content.services import record_revisions
from quizapp.extensions import db
from quizapp.items.normalize import normalize_answer
from quizapp.models import Course, DocumentVersion, Item, Passage, SourceDocument, User
from quizapp.models.base import utcnow

__all__ = ["NeedsReview", "Reconciled", "needs_review_items", "reconcile_items"]


@dataclass(frozen=True)
class Reconciled:
    """What a new version did to the course's items, and which new passages are new or changed."""

    relocated: int
    needs_review: int
    changed: frozenset[str]


@dataclass(frozen=True)
class _Quoting:
    """An item as :mod:`quizapp.authoring.versions` sees it (id, quote, passage anchor)."""

    id: str
    quote: str | None
    passage: str | None


def _as_source(row: Passage) -> SourcePassage:
    return SourcePassage(
        anchor=row.anchor,
        position=row.position,
        heading=row.heading or "",
        label="",
        text=row.text,
        kind=PassageKind.PARAGRAPH,
    )


def reconcile_items(
    course: Course,
    document: SourceDocument,
    version: DocumentVersion,
    passages: Sequence[SourcePassage],
    rows: dict[str, Passage],
    user: User,
) -> Reconciled:
    """Move or flag every item of ``course`` citing an earlier version of ``document``."""
    old_version_ids = sa.select(DocumentVersion.id).where(
        DocumentVersion.document_id == document.id, DocumentVersion.id != version.id
    )
    previous = db.session.scalar(
        sa.select(DocumentVersion)
        .where(DocumentVersion.id.in_(old_version_ids))
        .order_by(DocumentVersion.version.desc())
        .limit(1)
    )
    old_rows = (
        list(db.session.scalars(sa.select(Passage).filter_by(document_version_id=previous.id)))
        if previous
        else []
    )
    match = match_versions([_as_source(r) for r in old_rows], passages)
    changed = set(match.added) | {
        p.new for p in match.pairs if p.kind is not MatchKind.UNCHANGED and p.similarity < 1.0
    }
    cited = db.session.execute(
        sa.select(Item, Passage.anchor)
        .join(Passage, Passage.id == Item.passage_id)
        .where(Item.course_id == course.id, Passage.document_version_id.in_(old_version_ids))
        .order_by(Item.id)
    ).tuples()
    items = {str(item.id): (item, anchor) for item, anchor in cited}
    moved = relocated_quotes(
        [_Quoting(key, item.quote, anchor) for key, (item, anchor) in items.items()],
        passages,
        match,
    )
    now = utcnow()
    revised: list[Item] = []
    flagged = 0
    for key, (item, _anchor) in items.items():
        target = moved.get(key)
        if target is not None:
            item.passage_id = rows[target].id
            item.version += 1
            item.updated_at = now
            revised.append(item)
        elif item.quote and not item.needs_review:
            item.needs_review = True
            item.updated_at = now
            flagged += 1
    record_revisions(revised, author_id=user.id)
    return Reconciled(len(revised), flagged, frozenset(changed))


@dataclass(frozen=True)
class NeedsReview:
    """An item whose quote is gone from its document's current version, and the closest text."""

    item: Item
    document: SourceDocument
    old_anchor: str
    best_anchor: str | None
    best_text: str | None


def _words(text: str) -> set[str]:
    return set(normalize_answer(text).split())


def _best_match(quote: str, old_anchor: str, current: list[Passage]) -> Passage | None:
    """The current passage most like the old quote: the same anchor when still similar, else the
    one sharing the most words with the quote."""
    same = next((p for p in current if p.anchor == old_anchor), None)
    if same is not None and similarity(quote, same.text) >= 0.3:
        return same
    words = _words(quote)
    if not words or not current:
        return same
    best = max(current, key=lambda p: (len(words & _words(p.text)), -p.position))
    return best if words & _words(best.text) else same


def needs_review_items(course: Course, limit: int = 500) -> list[NeedsReview]:
    """The items of ``course`` marked *needs review*, with their old quote and best match."""
    rows = db.session.execute(
        sa.select(Item, Passage.anchor, SourceDocument)
        .join(Passage, Passage.id == Item.passage_id)
        .join(DocumentVersion, DocumentVersion.id == Passage.document_version_id)
        .join(SourceDocument, SourceDocument.id == DocumentVersion.document_id)
        .where(Item.course_id == course.id, Item.needs_review.is_(True))
        .order_by(SourceDocument.position, Item.key)
        .limit(limit)
    ).tuples()
    current: dict[int, list[Passage]] = {}
    found: list[NeedsReview] = []
    for item, anchor, document in rows:
        if document.id not in current:
            current[document.id] = list(
                db.session.scalars(
                    sa.select(Passage)
                    .where(Passage.document_version_id == document.current_version_id)
                    .order_by(Passage.position)
                )
            )
        best = _best_match(item.quote or "", anchor, current[document.id])
        found.append(
            NeedsReview(
                item=item,
                document=document,
                old_anchor=anchor,
                best_anchor=best.anchor if best else None,
                best_text=best.text if best else None,
            )
        )
    return found
