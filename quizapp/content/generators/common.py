"""Helpers shared by the generators: seeding, ids, sentence rules, distractors."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.enums import Skill
from quizapp.items.kinds import get_kind
from quizapp.items.normalize import normalize_answer, normalize_ws

from ..spec import ID_PATTERN, ItemSpec

ATTRIB = "According to the 2017 U.S. response"


@dataclass(frozen=True)
class Rejected:
    """A candidate the generator refused, with the reason (counted in the summary)."""

    reason: str
    target: str


@dataclass(frozen=True)
class Claim:
    """A typed true/false claim: does ``table[row]`` hold for ``column``?"""

    item_id: str
    table: str
    row: str
    column: str
    asserted: bool


def rng_for(item_id: str) -> random.Random:
    """A Random seeded from the item id, so output never depends on run order."""
    return random.Random(int(hashlib.sha256(item_id.encode()).hexdigest()[:16], 16))


def slug(text: str) -> str:
    """Lower-case dash slug of *text* for use inside ids."""
    return re.sub(r"[^a-z0-9]+", "-", normalize_answer(text)).strip("-")[:40]


def difficulty(
    kind: str, *, override: float | None = None, options: int = 0, answer_words: int = 0
) -> float:
    """Estimate difficulty in 0..1 from the kind, option count and answer length."""
    if override is not None:
        return round(float(override), 2)
    value = (
        get_kind(kind).base_difficulty + 0.05 * max(0, options - 3) + 0.02 * min(answer_words, 10)
    )
    return round(min(0.95, value), 2)


def make(**fields: Any) -> ItemSpec:
    """Build an ItemSpec, normalising whitespace in the texts and checking the id."""
    if not ID_PATTERN.match(fields["id"]):
        raise ValueError(f"bad item id {fields['id']!r}")
    if fields.get("skill") not in set(Skill):
        raise ValueError(f"item {fields['id']!r}: skill {fields.get('skill')!r} is not a Skill")
    for key in ("prompt", "explanation", "quote"):
        if fields.get(key):
            fields[key] = normalize_ws(fields[key])
    return ItemSpec(**fields)


def source_fields(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Origin and source/reference fields of an item, taken from a pack entry."""
    if entry.get("passage"):
        return {
            "origin": entry.get("origin", "document"),
            "passage": entry["passage"],
            "quote": normalize_ws(entry["quote"]),
            "instrument": None,
            "provision": None,
        }
    return {
        "origin": "background",
        "passage": None,
        "quote": None,
        "instrument": entry["instrument"],
        "provision": str(entry["provision"]),
    }


# --- sentence selection rules ---------------------------------------------------

_ANAPHORIC_OPENERS = re.compile(
    r"^(This|These|Those|Such|However|As such|In particular|Likewise|Furthermore|Therefore|"
    r"They|Their|Its|It(?! is important)|In support of that end|At the same time)\b"
)
_BARE_PROTOCOL = re.compile(r"\b([Tt]he|its) Protocol\b(?! to | against | on )")
_INNER_ANAPHOR = re.compile(r"\b(these|such) (instruments|types|factors|laws|victims|Guidelines)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def split_sentences(text: str) -> list[str]:
    """Split a passage into sentences (keeps 'U.S. response' intact)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def self_contained_problem(sentence: str) -> str | None:
    """Return why *sentence* cannot stand alone, or None if it can."""
    if _ANAPHORIC_OPENERS.match(sentence):
        return "sentence opens with a back-reference"
    if _BARE_PROTOCOL.search(sentence):
        return "sentence names a protocol without saying which"
    if _INNER_ANAPHOR.search(sentence):
        return "sentence refers back to earlier text"
    if sentence.rstrip().endswith(":"):
        return "sentence introduces a list"
    return None


def authored_distractors(entry: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Distractor texts of a pack entry and their authored "why not" texts (may be empty).

    ``distractors`` is a list of texts, or a mapping ``{text: why this option is wrong}``.
    """
    value = entry.get("distractors") or []
    if isinstance(value, Mapping):
        return [str(k) for k in value], {str(k): normalize_ws(str(v)) for k, v in value.items()}
    return [str(v) for v in value], {}


def pick_distractors(key: str, pool: Sequence[str], rng: random.Random, n: int) -> list[str]:
    """Choose *n* distractors from *pool*, preferring lengths close to the key's."""
    seen = {normalize_answer(key)}
    unique = []
    for text in pool:
        norm = normalize_answer(text)
        if norm not in seen:
            seen.add(norm)
            unique.append(text)
    # options stay within a length band (the content check's gate): at most 3x apart
    floor = max(len(key), 12)
    unique = [t for t in unique if max(len(t), 12) <= 3 * floor and floor <= 3 * max(len(t), 12)]
    unique.sort(key=lambda t: (abs(len(t) - len(key)), t))
    shortlist = unique[: max(n, n + 1)]
    rng.shuffle(shortlist)
    return shortlist[:n]
