"""Parts of an item that cite their own passage (a matching item's rows), with passage ids to
link, for the one source rendering (``templates/items/_source.html``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from flask import g

from quizapp.extensions import db
from quizapp.items.kinds import get_kind
from quizapp.models import Passage

__all__ = ["CitedPart", "cited_parts"]


class _Cites(Protocol):
    """An item, or an item as it was asked (``quiz.services.AsAsked``)."""

    kind: str
    body: dict[str, Any]
    passage: Passage | None


@dataclass(frozen=True)
class CitedPart:
    """One part of an item (``label``) and its source passage; ``passage_id`` is None when the
    anchor is not in the item's document version."""

    label: str
    anchor: str
    quote: str
    passage_id: int | None


def cited_parts(item: _Cites) -> list[CitedPart]:
    """Each part of *item* that cites its own passage, in the item's order (empty for most
    items; one query per document version and request for the rest)."""
    try:
        parts = get_kind(item.kind).cited_parts(item.body)
    except KeyError:
        return []
    if not parts:
        return []
    ids = _passage_ids(item.passage.document_version_id) if item.passage is not None else {}
    return [CitedPart(label, anchor, quote, ids.get(anchor)) for label, anchor, quote in parts]


def _passage_ids(version_id: int) -> dict[str, int]:
    """``{anchor: passage id}`` of one document version, looked up once per request."""
    cache: dict[int, dict[str, int]] = g.setdefault("passage_ids_by_version", {})
    if version_id not in cache:
        rows = db.session.execute(
            sa.select(Passage.anchor, Passage.id).where(Passage.document_version_id == version_id)
        )
        cache[version_id] = dict(rows.tuples().all())
    return cache[version_id]
