"""What drafting produces: drafts, rejections and the per-passage report.

Also the small helpers every draft family shares (citation, source fields, segments).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from ..content.generators.common import split_sentences
from ..content.spec import ItemSpec
from .keyterms import KeyTerm
from .passages import PassageKind, SourcePassage

__all__ = [
    "DRAFT_TOPIC",
    "Collector",
    "Draft",
    "DraftFamily",
    "DraftReport",
    "PassageReport",
    "Rejection",
    "cap",
    "cite",
    "segments",
    "source_fields",
]

DRAFT_TOPIC = "unsorted"  # drafts get their topic when an author files them


class DraftFamily(StrEnum):
    """Which pattern produced a draft."""

    DEFINITION = "definition"
    ENUMERATION = "enumeration"
    OBLIGATION = "obligation"
    CLOZE = "cloze"


@dataclass(frozen=True)
class Draft:
    """A generated item awaiting review; ``item`` is a plain ItemSpec with origin document."""

    item: ItemSpec
    family: DraftFamily

    @property
    def id(self) -> str:
        """The item id (deterministic)."""
        return self.item.id

    @property
    def quote(self) -> str | None:
        """The verbatim quote."""
        return self.item.quote

    @property
    def passage(self) -> str | None:
        """The anchor of the cited passage."""
        return self.item.passage


@dataclass(frozen=True)
class Rejection:
    """A candidate that was not drafted, and why."""

    family: DraftFamily
    target: str
    reason: str


@dataclass(frozen=True)
class PassageReport:
    """What was drafted from one passage and what was refused."""

    anchor: str
    label: str
    drafted: tuple[str, ...]
    rejected: tuple[Rejection, ...]


@dataclass(frozen=True)
class DraftReport:
    """The drafts, the key terms used and a report per passage (document order)."""

    drafts: tuple[Draft, ...]
    key_terms: tuple[KeyTerm, ...]
    passages: tuple[PassageReport, ...]
    notes: tuple[str, ...] = ()  # problems of the set as a whole (e.g. the longest-key cue)

    def summary(self) -> str:
        """Counts by family and kind, then rejections by reason."""
        by_family: dict[str, int] = defaultdict(int)
        for d in self.drafts:
            by_family[f"{d.family.value}/{d.item.kind}"] += 1
        reasons: dict[str, int] = defaultdict(int)
        for p in self.passages:
            for r in p.rejected:
                reasons[f"{r.family.value}: {r.reason}"] += 1
        lines = [f"Drafts: {len(self.drafts)}", *(f"Note: {n}" for n in self.notes)]
        lines.extend(f"  {n:4}  {key}" for key, n in sorted(by_family.items()))
        lines.append("Rejected candidates:")
        lines.extend(f"  {n:4}  {key}" for key, n in sorted(reasons.items()))
        return "\n".join(lines)


class Collector:
    """Collects drafts and rejections (by passage anchor) while the families run."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.rejected: dict[str, list[Rejection]] = defaultdict(list)

    def draft(self, item: ItemSpec, family: DraftFamily) -> None:
        """Keep a candidate draft (the gates run later, over all of them)."""
        self.drafts.append(Draft(item, family))

    def reject(self, anchor: str, family: DraftFamily, target: str, reason: str) -> None:
        """Record why a candidate of passage *anchor* was not drafted."""
        self.rejected[anchor].append(Rejection(family, target, reason))


def cap(text: str) -> str:
    """*text* with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def cite(passage: SourcePassage, title: str) -> str:
    """How a prompt cites the passage: "Article 3 (a) of the Protocol"."""
    where = passage.label or passage.heading
    if where == "Preamble":
        where = "the Preamble"
    return f"{where} of {title}" if where else title


def source_fields(passage: SourcePassage, quote: str) -> dict[str, str | None]:
    """The origin and source fields of a document item quoting *passage*."""
    return {
        "origin": "document",
        "passage": passage.anchor,
        "quote": quote,
        "instrument": None,
        "provision": None,
    }


def segments(passage: SourcePassage) -> list[str]:
    """Sentences of a passage (a list item is one segment, its terminal ';' kept)."""
    if passage.kind is PassageKind.LIST_ITEM:
        return [passage.text]
    return split_sentences(passage.text)
