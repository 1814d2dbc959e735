"""Build the item bank: document + content pack -> generated, placed items.

Pure: no Flask, no database. ``build_bank(root)`` is the one entry point.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizapp.items.kinds import get_kind

from .document import Document, load_document
from .generators import FAMILIES
from .generators.common import Claim, Rejected
from .pack import Entry, Pack, Topic, load_pack
from .spec import ItemSpec

__all__ = ["Bank", "ItemSpec", "bank_fingerprint", "build_bank", "place_keys"]


@dataclass(frozen=True)
class Bank:
    """Everything the checks, export and sync need."""

    root: Path
    document: Document
    pack: Pack
    items: tuple[ItemSpec, ...]
    rejected: Counter[str] = field(default_factory=Counter)
    claims: dict[str, Claim] = field(default_factory=dict)

    @property
    def topics(self) -> tuple[Topic, ...]:
        """Topics in pack order."""
        return tuple(self.pack.topics.values())

    @property
    def glossary(self) -> dict[str, Entry]:
        """Typed glossary entries by key."""
        return self.pack.glossary

    def item(self, item_id: str) -> ItemSpec | None:
        """Return the item with *item_id*, or None."""
        return next((i for i in self.items if i.id == item_id), None)


def place_keys(items: list[ItemSpec]) -> list[ItemSpec]:
    """Put the key of each single-key choice item at an evenly rotating position.

    Items are visited in id order and, per option count k, the key goes to position
    ``n % k`` for the n-th such item, so every position is used equally often and a
    rebuild gives the same order. The distractors keep their generated order.
    """
    counters: Counter[int] = Counter()
    placed = []
    for item in sorted(items, key=lambda i: i.id):
        if get_kind(item.kind).single_key and len(item.keys) == 1:
            k = len(item.options)
            key = item.keys[0]
            rest = [o for o in item.options if o != key]
            pos = counters[k] % k
            counters[k] += 1
            item = replace(item, body={**item.body, "options": [*rest[:pos], key, *rest[pos:]]})
        placed.append(item)
    return placed


def build_bank(root: Path) -> Bank:
    """Parse the document, load the pack and run every generator.

    Raises:
        PackError: when the pack is invalid (``content/file.yaml:LINE: reason``).
    """
    doc = load_document(root)
    pack = load_pack(root, doc)
    items: list[ItemSpec] = []
    rejected: Counter[str] = Counter()
    claims: dict[str, Claim] = {}
    for family in FAMILIES:
        for out in family.generate(doc, pack):
            if isinstance(out, Rejected):
                rejected[out.reason] += 1
            elif isinstance(out, Claim):
                claims[out.item_id] = out
            else:
                items.append(out)
    return Bank(
        root=root,
        document=doc,
        pack=pack,
        items=tuple(place_keys(items)),
        rejected=rejected,
        claims=claims,
    )


def bank_fingerprint(bank: Bank) -> str:
    """A sha256 over the document and every item's id and content hash."""
    digest = hashlib.sha256(bank.document.sha256.encode())
    for spec in sorted(bank.items, key=lambda s: s.id):
        digest.update(f"\n{spec.id}\t{spec.content_hash}".encode())
    return digest.hexdigest()
