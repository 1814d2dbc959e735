"""Text normalisation and the block structure every extractor produces.

An extractor turns a file into :class:`Block` s: headings (when the format says so),
paragraphs and list items, each one normalised line of text. Formats without structure
(plain text, PDF) give lines, which :func:`blocks_from_lines` joins into paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..items.normalize import normalize_ws

__all__ = [
    "Block",
    "BlockKind",
    "blocks_from_lines",
    "dehyphenate",
    "join_blocks",
    "normalize_text",
    "starts_structure",
]

# Ligatures and invisible characters PDFs and word processors leave behind. NFC keeps
# ligatures (only NFKC would split them), so they are mapped explicitly.
_CHAR_MAP = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,  # stray byte-order mark
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\f": "\n",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[a-z])")
_TERMINAL = (".", ":", ";", "!", "?")

# Lines that always start a new block: headings of articles and parts, numbered
# paragraphs, lettered and roman sub-paragraphs, bullets.
STRUCTURE = re.compile(
    r"^(?:"
    r"(?:Article|ARTICLE|Art\.)\s+(?:\d+|[IVXLC]+)\b"
    r"|(?:Chapter|CHAPTER|Part|PART|Section|SECTION|Title|TITLE|Annex|ANNEX|Schedule|SCHEDULE)"
    r"\s+(?:\d+|[IVXLC]+|[A-Z])\b"
    r"|(?:Preamble|PREAMBLE)$"
    r"|\d{1,3}\.\s"
    r"|\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\)\s"
    r"|[a-z]\)\s"
    r"|[-*\u2022\u00b7\u2013\u25aa\u25cf]\s"
    r")"
)


class BlockKind(StrEnum):
    """What a block of extracted text is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item; ``level`` is the heading level when known."""

    kind: BlockKind
    text: str
    level: int = 0


def normalize_text(text: str) -> str:
    """Unicode NFC, ligatures split, invisible characters dropped, line ends unified.

    Line breaks are kept (they carry structure); spaces inside a line are collapsed.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_CHAR_MAP))
    text = _CONTROL.sub("", text)
    return "\n".join(normalize_ws(line) for line in text.split("\n"))


def dehyphenate(text: str) -> str:
    """Join words split by a hyphen at a line end ("exploi-\\ntation" -> "exploitation")."""
    return _HYPHEN_BREAK.sub("", text)


def starts_structure(line: str) -> bool:
    """Whether *line* opens a heading, a numbered paragraph or a list item."""
    return bool(STRUCTURE.match(line))


_HEADING_WORD = re.compile(
    r"^(?:Article|ARTICLE|Art\.|Chapter|CHAPTER|Part|PART|Section|SECTION|Title|TITLE|"
    r"Annex|ANNEX|Schedule|SCHEDULE|Preamble|PREAMBLE)\b"
)


def _is_heading_line(line: str) -> bool:
    """A heading-shaped line: an article/part heading, or short, unpunctuated upper case."""
    if _HEADING_WORD.match(line):
        return len(line.split()) <= 14 and not line.endswith(".")
    return line.isupper() and len(line.split()) <= 10 and not line.endswith(_TERMINAL)


def _opens_block(line: str) -> bool:
    """Structure that starts a block; "Article 5 of ..." inside wrapped prose does not."""
    if not starts_structure(line):
        return False
    return not _HEADING_WORD.match(line) or _is_heading_line(line)


def blocks_from_lines(lines: Sequence[str], *, wrap_width: int | None = None) -> list[Block]:
    """Join wrapped lines into paragraph blocks.

    A new block starts after a blank line, at a line that opens structure (an article
    heading, ``1.``, ``(a)``, a bullet), after a heading-shaped line, and after a line
    that ends a sentence while being clearly shorter than the text width (the last
    line of a paragraph), and after a short unpunctuated line followed by a capital
    (a title). ``wrap_width`` is that width; by default the 90th percentile
    of the line lengths.

    Args:
        lines: normalised lines, blank lines allowed.
        wrap_width: typical full-line length, or None to estimate it.

    Returns:
        Paragraph blocks (headings are recognised later, by the passage splitter).
    """
    filled = sorted(len(line) for line in lines if line)
    if not filled:
        return []
    width = wrap_width or filled[min(len(filled) - 1, int(len(filled) * 0.9))]
    blocks: list[Block] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(Block(BlockKind.PARAGRAPH, " ".join(current)))
            current.clear()

    for line in lines:
        if not line:
            close()
            continue
        if current:
            previous = current[-1]
            short = len(previous) < 0.8 * width
            ends_short = short and previous.endswith(_TERMINAL)
            # a short unpunctuated line before a capital is a title ("Article 3" / "Use of terms")
            title = short and not previous.endswith((*_TERMINAL, ",")) and line[:1].isupper()
            if _opens_block(line) or _is_heading_line(previous) or ends_short or title:
                close()
        current.append(line)
    close()
    return blocks


def join_blocks(blocks: Iterable[Block]) -> str:
    """The plain text of *blocks*, one per paragraph."""
    return "\n\n".join(b.text for b in blocks)
