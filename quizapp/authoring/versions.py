"""A new version of a document: pair its passages with the old ones, find stale quotes.

``match_versions`` pairs passages by anchor first (when the text is still similar),
then by text similarity (a renumbered or moved passage); ``stale_quotes`` lists the
items whose quote no longer occurs verbatim, so they are marked *needs review* rather
than silently broken or deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Protocol

from ..items.normalize import normalize_answer, normalize_ws
from .passages import SourcePassage

__all__ = [
    "MatchKind",
    "PassageMatch",
    "Quoted",
    "StaleQuote",
    "VersionMatch",
    "match_versions",
    "relocated_quotes",
    "similarity",
    "stale_quotes",
]

SAME_ANCHOR_MIN = 0.5
MOVED_MIN = 0.6


class MatchKind(StrEnum):
    """How an old passage was paired with a new one."""

    UNCHANGED = "unchanged"  # same anchor, same text
    EDITED = "edited"  # same anchor, similar text
    MOVED = "moved"  # another anchor, same or similar text


@dataclass(frozen=True)
class PassageMatch:
    """An old passage and its counterpart in the new version."""

    old: str
    new: str
    kind: MatchKind
    similarity: float


@dataclass(frozen=True)
class VersionMatch:
    """Pairs, plus the old passages that disappeared and the new ones that appeared."""

    pairs: tuple[PassageMatch, ...]
    removed: tuple[str, ...]
    added: tuple[str, ...]

    def new_anchor(self, old: str) -> str | None:
        """The new anchor of the old passage *old*, or None when it was removed."""
        return next((p.new for p in self.pairs if p.old == old), None)


class Quoted(Protocol):
    """Anything with an id that may quote a passage (an ItemSpec, an Item row, a draft)."""

    @property
    def id(self) -> str: ...

    @property
    def quote(self) -> str | None: ...

    @property
    def passage(self) -> str | None: ...


@dataclass(frozen=True)
class StaleQuote:
    """An item whose quote is gone from the new version: it needs review."""

    item_id: str
    passage: str | None
    quote: str
    reason: str


def _words(text: str) -> list[str]:
    return normalize_answer(text).split()


def similarity(a: str, b: str) -> float:
    """Word-level similarity of two texts in 0..1 (difflib ratio over normalised words)."""
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def match_versions(
    old_passages: Sequence[SourcePassage], new_passages: Sequence[SourcePassage]
) -> VersionMatch:
    """Pair the passages of two versions of a document.

    1. Same anchor, same text -> unchanged.
    2. Identical text under another anchor -> moved (renumbered, or moved).
    3. Same anchor and similarity >= 0.5 -> edited.
    4. The remaining pairs by decreasing similarity >= 0.6 -> moved. Candidates share
       at least one of the old passage's rarest words, so this stays near-linear.

    Returns:
        A VersionMatch; every passage is in exactly one pair, or in removed/added.
    """
    new_left = {p.anchor: p for p in new_passages}
    old_left = {p.anchor: p for p in old_passages}
    pairs: list[PassageMatch] = []

    def pair(old: str, new: str, kind: MatchKind, score: float) -> None:
        pairs.append(PassageMatch(old, new, kind, round(score, 3)))
        del old_left[old], new_left[new]

    for anchor, old in list(old_left.items()):
        new = new_left.get(anchor)
        if new is not None and new.text == old.text:
            pair(anchor, anchor, MatchKind.UNCHANGED, 1.0)
    by_text: dict[str, list[str]] = {}
    for anchor, p in new_left.items():
        by_text.setdefault(normalize_ws(p.text), []).append(anchor)
    for anchor, old in list(old_left.items()):
        same = [a for a in by_text.get(normalize_ws(old.text), []) if a in new_left]
        if same:
            pair(anchor, same[0], MatchKind.MOVED, 1.0)
    for anchor, old in list(old_left.items()):
        new = new_left.get(anchor)
        score = similarity(old.text, new.text) if new is not None else 0.0
        if score >= SAME_ANCHOR_MIN:
            pair(anchor, anchor, MatchKind.EDITED, score)
    pairs.extend(_similar_pairs(old_left, new_left))
    matched_old = {p.old for p in pairs}
    matched_new = {p.new for p in pairs}
    order = {p.anchor: i for i, p in enumerate(old_passages)}
    return VersionMatch(
        pairs=tuple(sorted(pairs, key=lambda p: order[p.old])),
        removed=tuple(p.anchor for p in old_passages if p.anchor not in matched_old),
        added=tuple(p.anchor for p in new_passages if p.anchor not in matched_new),
    )


def _similar_pairs(
    old_left: dict[str, SourcePassage], new_left: dict[str, SourcePassage]
) -> list[PassageMatch]:
    """Greedy best-first pairing of the leftovers by similarity (MOVED_MIN and up)."""
    frequency: Counter[str] = Counter()
    for p in (*old_left.values(), *new_left.values()):
        frequency.update(set(_words(p.text)))
    index: dict[str, set[str]] = {}
    for anchor, p in new_left.items():
        for word in set(_words(p.text)):
            index.setdefault(word, set()).add(anchor)
    scored: list[tuple[float, str, str]] = []
    for anchor, old in old_left.items():
        rare = sorted(set(_words(old.text)), key=lambda w: (frequency[w], w))[:5]
        candidates = set().union(*(index.get(w, set()) for w in rare)) if rare else set()
        for new_anchor in sorted(candidates):
            new = new_left[new_anchor]
            matcher = SequenceMatcher(None, _words(old.text), _words(new.text), autojunk=False)
            if matcher.quick_ratio() < MOVED_MIN:
                continue
            score = matcher.ratio()
            if score >= MOVED_MIN:
                scored.append((score, anchor, new_anchor))
    pairs: list[PassageMatch] = []
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    for score, old_anchor, new_anchor in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if old_anchor in taken_old or new_anchor in taken_new:
            continue
        taken_old.add(old_anchor)
        taken_new.add(new_anchor)
        pairs.append(PassageMatch(old_anchor, new_anchor, MatchKind.MOVED, round(score, 3)))
    return pairs


def _texts(new: str | Sequence[SourcePassage]) -> tuple[str, dict[str, str]]:
    if isinstance(new, str):
        return normalize_ws(new), {}
    by_anchor = {p.anchor: p.text for p in new}
    return "\n".join(by_anchor.values()), by_anchor


def stale_quotes(
    items: Iterable[Quoted], new_text: str | Sequence[SourcePassage]
) -> tuple[StaleQuote, ...]:
    """Items whose quote no longer appears verbatim in the new version.

    Args:
        items: the course's items (anything with ``id``, ``quote``, ``passage``).
        new_text: the new version, as its text or its passages. Quotes are compared
            whitespace-normalised, as the bank's quote gate does.

    Returns:
        One StaleQuote per item that needs review, in the given order. Items without a
        quote (background items) are never stale.
    """
    whole, _ = _texts(new_text)
    stale: list[StaleQuote] = []
    for item in items:
        quote = normalize_ws(item.quote or "")
        if quote and quote not in whole:
            stale.append(
                StaleQuote(
                    item_id=item.id,
                    passage=item.passage,
                    quote=quote,
                    reason="quote no longer appears verbatim in the new version",
                )
            )
    return tuple(stale)


def relocated_quotes(
    items: Iterable[Quoted], new_passages: Sequence[SourcePassage], match: VersionMatch
) -> dict[str, str]:
    """New anchors for items whose quote survives: {item id: new passage anchor}.

    The matched passage is preferred; otherwise the first passage holding the quote.
    Items whose quote is gone are left out (see :func:`stale_quotes`).
    """
    _, by_anchor = _texts(new_passages)
    moved: dict[str, str] = {}
    for item in items:
        quote = normalize_ws(item.quote or "")
        if not quote:
            continue
        target = match.new_anchor(item.passage) if item.passage else None
        if target is not None and quote in by_anchor.get(target, ""):
            moved[item.id] = target
            continue
        found = next((a for a, text in by_anchor.items() if quote in text), None)
        if found is not None:
            moved[item.id] = found
    return moved
