"""Split extracted blocks into citable passages with stable, unique anchors.

Anchors follow the document's own numbering, so they survive reflowing and most edits:

* ``art-3`` for Article 3, ``ch-2`` / ``part-ii`` / ``sec-4`` / ``annex-1`` for containers,
  ``preamble``, and a slug of the title for unnumbered headings (``use-of-terms``);
* numbered paragraphs, lettered and roman sub-paragraphs append their markers:
  "Article 5, paragraph 2 (b) (i)" -> ``art-5-2-b-i``; "Article 3 (a)" -> ``art-3-a``;
* unnumbered paragraphs are counted within their context: ``art-3-p1``, ``front-p2``.

An anchor already used (two "Article 1" in different parts) gets its container's anchor in
front (``part-ii-art-1``), else a ``-2``, ``-3`` suffix. Everything is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ..content.generators.common import slug
from .text import Block, BlockKind

__all__ = ["PassageKind", "SourcePassage", "split_passages"]

TEACHABLE_WORDS = 6

_ARTICLE = re.compile(
    r"^(?:Article|ARTICLE|Art\.)\s+(?P<num>\d+|[IVXLC]+)(?:\s+(?P<suffix>bis|ter|quater))?"
    r"\b[.:\u2013\u2014-]?\s*(?P<title>.*)$"
)
_CONTAINER = re.compile(
    r"^(?P<word>Chapter|CHAPTER|Part|PART|Section|SECTION|Title|TITLE|Annex|ANNEX|"
    r"Schedule|SCHEDULE)\s+(?P<num>\d+|[IVXLC]+|[A-Z])\b[.:\u2013\u2014-]?\s*(?P<title>.*)$"
)
_CONTAINER_PREFIX = {
    "chapter": "ch",
    "part": "part",
    "section": "sec",
    "title": "title",
    "annex": "annex",
    "schedule": "sched",
}
_CONTAINER_ANCHOR = re.compile(
    rf"(?:{'|'.join(_CONTAINER_PREFIX.values())})-(?:\d+|[ivxlc]+|[a-z])"
)
_NUMBERED_HEADING = re.compile(r"^(?P<num>\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
_NUMBERED = re.compile(r"^(?P<num>\d{1,3})\.\s+(?P<rest>\S.*)$")
_PAREN = re.compile(r"^\((?P<m>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\)\s+(?P<rest>\S.*)$")
_HALF_PAREN = re.compile(r"^(?P<m>[a-z])\)\s+(?P<rest>\S.*)$")
_BULLET = re.compile(r"^[-*\u2022\u00b7\u2013\u25aa\u25cf]\s+(?P<rest>\S.*)$")
_ROMAN = re.compile(r"^[ivxlc]+$")
# "... as follows: (a) ...; (b) ..." written on one line: split before each inline marker
# that follows a colon or semicolon, so "Article 3 (a)" is a passage even when run in.
_INLINE_ITEM = re.compile(r"(?<=[:;])\s+(?=\((?:[a-z]{1,2}|[ivxlc]{1,6})\)\s)")
_TERMINAL = (".", ":", ";", "!", "?", ",")


class PassageKind(StrEnum):
    """A passage is body text or one item of a numbered, lettered or bulleted list."""

    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True)
class SourcePassage:
    """One citable unit of an imported document.

    ``label`` is how an author cites it ("Article 3 (a)"); ``marker`` the list marker
    that was stripped from the text ("a", "2", "ii", "•"); ``parent`` the anchor of the
    passage a list item hangs under (its lead-in), if any.
    """

    anchor: str
    position: int
    heading: str
    label: str
    text: str
    kind: PassageKind
    marker: str | None = None
    parent: str | None = None
    teachable: bool = True


@dataclass
class _Context:
    """Where the splitter is: the heading, and the markers open under it."""

    base: str = "front"
    container: str | None = None
    heading: str = ""
    label: str = ""
    numbered: str | None = None
    letter: str | None = None
    roman: str | None = None
    counters: dict[str, int] = field(default_factory=dict)
    last_lead: str | None = None
    letter_anchor: str | None = None


def _roman_or_letter(marker: str, ctx: _Context) -> str:
    """Is "(i)" the ninth letter or a roman one? Roman under an open letter, unless after (h)."""
    if not _ROMAN.match(marker):
        return "letter"
    if len(marker) > 1:
        return "roman"
    if ctx.letter is not None and ord(marker) == ord(ctx.letter[-1]) + 1:
        return "letter"
    return "roman" if ctx.letter is not None else "letter"


def _heading(block: Block) -> tuple[str, str, str] | None:
    """Return (anchor base, heading text, citation label) if *block* is a heading."""
    text = block.text
    article = _ARTICLE.match(text)
    if article and len(text.split()) <= 16 and not text.endswith("."):
        num = article.group("num").lower()
        suffix = f"-{article.group('suffix').lower()}" if article.group("suffix") else ""
        label = f"Article {article.group('num')}" + (
            f" {article.group('suffix')}" if article.group("suffix") else ""
        )
        return f"art-{num}{suffix}", text, label
    container = _CONTAINER.match(text)
    if container and len(text.split()) <= 16 and not text.endswith("."):
        word = container.group("word").lower()
        num = container.group("num").lower()
        return (
            f"{_CONTAINER_PREFIX[word]}-{num}",
            text,
            f"{word.capitalize()} {container.group('num')}",
        )
    if text.lower() == "preamble":
        return "preamble", text, "Preamble"
    shaped = block.kind is BlockKind.HEADING or (
        text.isupper() and len(text.split()) <= 10 and not text.endswith(_TERMINAL)
    )
    if not shaped:
        return None
    numbered = _NUMBERED_HEADING.match(text)
    if numbered and block.kind is BlockKind.HEADING:
        num = numbered.group("num").replace(".", "-")
        return f"s-{num}", text, f"Section {numbered.group('num')}"
    return slug(text) or "section", text, text


class _Splitter:
    """Walks blocks once, keeping the context and the anchors used so far."""

    def __init__(self) -> None:
        self.ctx = _Context()
        self.used: set[str] = set()
        self.passages: list[SourcePassage] = []
        self.pending_title = False

    def unique(self, anchor: str) -> str:
        """Make *anchor* unique: container prefix first, then a numeric suffix."""
        if anchor in self.used and self.ctx.container and not anchor.startswith(self.ctx.container):
            anchor = f"{self.ctx.container}-{anchor}"
        base, n = anchor, 2
        while anchor in self.used:
            anchor = f"{base}-{n}"
            n += 1
        self.used.add(anchor)
        return anchor

    def heading(self, base: str, text: str, label: str) -> None:
        is_container = bool(_CONTAINER_ANCHOR.fullmatch(base))
        container = self.ctx.container
        self.ctx = _Context(heading=text, label=label, container=container)
        self.ctx.base = self.unique(base)
        if is_container:
            self.ctx.container = self.ctx.base
        # "Article 3" alone on its line may be followed by its title on the next line.
        alone = text.casefold() == label.casefold()
        self.pending_title = alone and (base.startswith("art-") or is_container)

    def add(self, block: Block) -> None:
        text = block.text
        found = _heading(block)
        is_title = (
            self.pending_title
            and len(text.split()) <= 12
            and not text.endswith(_TERMINAL)
            and not _marker(text)
            # a title is plain text or an unnumbered heading, never another article or part
            and (found is None or found[0] == slug(text))
        )
        self.pending_title = False
        if is_title:
            self.ctx.heading = f"{self.ctx.heading} {text}"
            return
        if found:
            self.heading(*found)
            return
        for n, piece in enumerate(_INLINE_ITEM.split(text)):
            marked = _marker(piece)
            if marked is None and n == 0 and block.kind is BlockKind.LIST_ITEM:
                marked = ("\u2022", piece)
            if marked is None:
                self.paragraph(piece)
            else:
                self.item(*marked)

    def _emit(
        self,
        anchor: str,
        text: str,
        kind: PassageKind,
        marker: str | None,
        label: str,
        parent: str | None,
    ) -> str:
        anchor = self.unique(anchor)
        self.passages.append(
            SourcePassage(
                anchor=anchor,
                position=len(self.passages) + 1,
                heading=self.ctx.heading,
                label=label,
                text=text,
                kind=kind,
                marker=marker,
                parent=parent,
                teachable=len(text.split()) >= TEACHABLE_WORDS,
            )
        )
        return anchor

    def _path(self, *parts: str | None) -> str:
        return "-".join([self.ctx.base, *(p for p in parts if p)])

    def _label(self, *parts: str | None) -> str:
        marks = " ".join(f"({p})" for p in parts if p)
        head = self.ctx.label or self.ctx.heading
        return f"{head} {marks}".strip() if head else marks

    def paragraph(self, text: str) -> None:
        ctx = self.ctx
        ctx.letter = ctx.roman = None
        scope = self._path(ctx.numbered)
        ctx.counters[scope] = ctx.counters.get(scope, 0) + 1
        anchor = f"{scope}-p{ctx.counters[scope]}"
        anchor = self._emit(
            anchor, text, PassageKind.PARAGRAPH, None, self._label(ctx.numbered), None
        )
        ctx.last_lead = anchor

    def item(self, marker: str, text: str) -> None:
        ctx = self.ctx
        parent = ctx.last_lead
        if marker.isdigit():
            ctx.numbered, ctx.letter, ctx.roman = marker, None, None
            parts: tuple[str | None, ...] = (marker,)
            cited: tuple[str | None, ...] = parts
            kind = PassageKind.PARAGRAPH
        elif marker == "\u2022":
            ctx.counters["bullet"] = ctx.counters.get("bullet", 0) + 1
            parts = (ctx.numbered, ctx.letter, f"b{ctx.counters['bullet']}")
            cited = (ctx.numbered, ctx.letter)
            kind = PassageKind.LIST_ITEM
            parent = ctx.letter_anchor or parent
        elif _roman_or_letter(marker, ctx) == "roman":
            ctx.roman = marker
            parts = cited = (ctx.numbered, ctx.letter, marker)
            kind = PassageKind.LIST_ITEM
            parent = ctx.letter_anchor or parent
        else:
            ctx.letter, ctx.roman = marker, None
            parts = cited = (ctx.numbered, marker)
            kind = PassageKind.LIST_ITEM
        if marker != "\u2022":
            ctx.counters.pop("bullet", None)
        anchor = self._emit(
            self._path(*parts),
            text,
            kind,
            marker,
            self._label(*cited),
            parent if kind is PassageKind.LIST_ITEM else None,
        )
        if kind is PassageKind.PARAGRAPH:
            ctx.last_lead, ctx.letter_anchor = anchor, None
        elif parts[-1] == marker and marker == ctx.letter:
            ctx.letter_anchor = anchor


def _marker(text: str) -> tuple[str, str] | None:
    """Split a leading list marker from *text*: ("a", rest), ("2", rest), ("•", rest)."""
    for pattern in (_PAREN, _HALF_PAREN):
        m = pattern.match(text)
        if m:
            return m.group("m"), m.group("rest")
    m = _NUMBERED.match(text)
    if m:
        return m.group("num"), m.group("rest")
    m = _BULLET.match(text)
    if m:
        return "\u2022", m.group("rest")
    return None


def split_passages(blocks: Iterable[Block] | Sequence[Block]) -> tuple[SourcePassage, ...]:
    """Split blocks (from :func:`~quizapp.authoring.extract.extract`) into passages.

    Args:
        blocks: the extracted blocks in document order.

    Returns:
        Passages in document order with unique, deterministic anchors.
    """
    splitter = _Splitter()
    for block in blocks:
        if block.text:
            splitter.add(block)
    return tuple(splitter.passages)
