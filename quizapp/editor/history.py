"""An item's history: every revision with its author and time, and what changed since the
revision before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quizapp.core.people import person_label
from quizapp.editor.diffs import FieldDiff, field_diffs
from quizapp.extensions import db
from quizapp.models import Item, ItemRevision, Passage, Topic, User

__all__ = ["RevisionView", "item_history"]


@dataclass(frozen=True)
class RevisionView:
    """One revision on the history page (newest first)."""

    version: int
    author: str
    created_at: datetime
    status: str
    changes: list[FieldDiff]
    first: bool


def _source(revision: ItemRevision, anchors: dict[int, str]) -> str:
    if revision.passage_id is not None:
        return f"passage {anchors.get(revision.passage_id, revision.passage_id)}"
    if revision.instrument:
        return f"{revision.instrument}, {revision.provision or ''}".strip(", ")
    return ""


def item_history(item: Item) -> list[RevisionView]:
    """Every revision of ``item``, newest first, each with its diff against the one before."""
    rows = list(
        db.session.execute(
            sa.select(ItemRevision, User)
            .outerjoin(User, User.id == ItemRevision.author_id)
            .where(ItemRevision.item_id == item.id)
            .order_by(ItemRevision.version)
        ).tuples()
    )
    revisions = [revision for revision, _ in rows]
    passage_ids = {r.passage_id for r in revisions if r.passage_id is not None}
    topic_ids = {r.topic_id for r in revisions if r.topic_id is not None}
    anchors = dict(
        db.session.execute(sa.select(Passage.id, Passage.anchor).where(Passage.id.in_(passage_ids)))
        .tuples()
        .all()
    )
    topics = dict(
        db.session.execute(sa.select(Topic.id, Topic.title).where(Topic.id.in_(topic_ids)))
        .tuples()
        .all()
    )

    def fields(revision: ItemRevision) -> dict[str, Any]:
        return {
            "prompt": revision.prompt,
            "body": revision.body,
            "explanation": revision.explanation,
            "quote": revision.quote,
            "source": _source(revision, anchors),
            "topic": topics.get(revision.topic_id or 0, ""),
            "status": (revision.status or "").replace("_", " "),
            "skill": revision.skill or "",
        }

    views = []
    previous: dict[str, Any] | None = None
    for revision, author in rows:
        current = fields(revision)
        views.append(
            RevisionView(
                version=revision.version,
                author=person_label(author.display_name, author.email)
                if author is not None
                else "Content sync (CLI)",
                created_at=revision.created_at,
                status=current["status"],
                changes=field_diffs(item.kind, previous or {}, current),
                first=previous is None,
            )
        )
        previous = current
    return list(reversed(views))
