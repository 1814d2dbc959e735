"""Parse the seed policy document into areas and passages with stable anchors.

Pure: no Flask, no database. Anchors number paragraphs within an area
(``front-p1``, ``area-5-p3``) so that reflowing text never changes them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quizapp.items.normalize import normalize_ws

__all__ = ["Area", "Document", "Passage", "load_document", "parse_document"]

DOCUMENT_PATH = "seeds/us-response-ohchr-migrants-2017-08-31.txt"

_HEADING = re.compile(r"^\*\*\*(\d+)\.\s*(.+?)\s*\*\*\*$")
_BOLD = re.compile(r"^\*\*(.+)\*\*$")
_BULLET = re.compile(r"^[-*]\s+")
_IMAGE_LINE = re.compile(r"^An? (handwritten )?signature|^\[?image", re.IGNORECASE)
_TERMINAL = (".", "!", "?", ":", ";")


@dataclass(frozen=True)
class Passage:
    """One paragraph or one list bullet of the document."""

    anchor: str
    area: int
    position: int
    heading: str
    text: str
    kind: str  # paragraph | bullet | letterhead | subject
    teachable: bool


@dataclass(frozen=True)
class Area:
    """Front matter (number 0) or one of the six thematic areas."""

    number: int
    title: str
    passages: tuple[Passage, ...]

    @property
    def slug_prefix(self) -> str:
        """Anchor prefix of the passages of this area."""
        return "front" if self.number == 0 else f"area-{self.number}"


@dataclass(frozen=True)
class Document:
    """The parsed source document."""

    path: str
    sha256: str
    areas: tuple[Area, ...]
    skipped: tuple[str, ...]

    @property
    def passages(self) -> tuple[Passage, ...]:
        """All passages in document order."""
        return tuple(p for a in self.areas for p in a.passages)

    def passage(self, anchor: str) -> Passage | None:
        """Return the passage with *anchor*, or None."""
        return self._index().get(anchor)

    def _index(self) -> dict[str, Passage]:
        idx = self.__dict__.get("_idx")
        if idx is None:
            idx = {p.anchor: p for p in self.passages}
            object.__setattr__(self, "_idx", idx)
        return idx

    def contains(self, quote: str, anchor: str | None = None) -> bool:
        """Whether *quote* occurs (whitespace-normalised) in a passage or anywhere."""
        if anchor is not None:
            p = self.passage(anchor)
            return p is not None and quote_found(quote, [p.text])
        return quote_found(quote, (p.text for p in self.passages))


def quote_found(quote: str, texts: Iterable[str]) -> bool:
    """Whether *quote*, whitespace-normalised and not empty, occurs in one of *texts*."""
    needle = normalize_ws(quote)
    return bool(needle) and any(needle in text for text in texts)


def _blocks(text: str) -> list[list[str]]:
    """Split text into blocks of stripped, non-empty lines separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _continues(previous: str, nxt: str) -> bool:
    """A paragraph with no terminal punctuation followed by a lowercase start continues."""
    return not previous.rstrip().endswith(_TERMINAL) and nxt[:1].islower()


def _teachable(text: str, kind: str) -> bool:
    if kind in ("letterhead", "subject"):
        return False
    return len(text.split()) >= 6


def parse_document(text: str, *, path: str = DOCUMENT_PATH) -> Document:
    """Parse the document text.

    Args:
        text: the file contents.
        path: repository-relative path recorded on the result.

    Returns:
        The parsed Document with its sha256.
    """
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    areas: list[tuple[int, str, list[tuple[str, str]]]] = [(0, "Covering letter", [])]
    skipped: list[str] = []
    for block in _blocks(text):
        first = block[0]
        heading = _HEADING.match(first) if len(block) == 1 else None
        if heading:
            areas.append((int(heading.group(1)), heading.group(2).rstrip(":").strip(), []))
            continue
        if len(block) == 1 and _IMAGE_LINE.match(first):
            skipped.append(first)
            continue
        entries = areas[-1][2]
        if all(_BULLET.match(line) for line in block):
            entries.extend(("bullet", _BULLET.sub("", line)) for line in block)
            continue
        joined = normalize_ws(" ".join(block))
        bold = _BOLD.match(joined)
        if bold:
            entries.append(("subject", bold.group(1).strip()))
            continue
        if entries and entries[-1][0] == "paragraph" and _continues(entries[-1][1], joined):
            entries[-1] = ("paragraph", entries[-1][1] + " " + joined)
            continue
        kind = "paragraph"
        if areas[-1][0] == 0 and len(block) > 1 and not joined.endswith(_TERMINAL):
            kind = "letterhead"
        if areas[-1][0] == 0 and len(joined.split()) < 6:
            kind = "letterhead"
        entries.append((kind, joined))
    built = []
    for number, title, entries in areas:
        prefix = "front" if number == 0 else f"area-{number}"
        passages = tuple(
            Passage(
                anchor=f"{prefix}-p{i}",
                area=number,
                position=i,
                heading=title,
                text=body,
                kind=kind,
                teachable=_teachable(body, kind),
            )
            for i, (kind, body) in enumerate(entries, start=1)
        )
        built.append(Area(number=number, title=title, passages=passages))
    return Document(path=path, sha256=sha, areas=tuple(built), skipped=tuple(skipped))


def load_document(root: Path) -> Document:
    """Read and parse the seed document under repository *root*."""
    text = (root / DOCUMENT_PATH).read_text(encoding="utf-8")
    return parse_document(text, path=DOCUMENT_PATH)
