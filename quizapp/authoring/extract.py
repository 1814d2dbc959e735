"""Extract normalised text blocks from an uploaded file or pasted text.

``extract(filename, data)`` checks the size, that the bytes are what the extension
says (magic bytes, decoding), reads the format, normalises the text and returns an
:class:`ExtractedText`; any problem raises a typed
:class:`~quizapp.authoring.errors.ExtractionError` and nothing is returned.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import PurePath

from .errors import (
    ContentMismatch,
    CorruptFile,
    EmptyDocument,
    FileTooLarge,
    NoTextLayer,
    ProtectedFile,
    UnsupportedFileType,
)
from .text import Block, BlockKind, blocks_from_lines, dehyphenate, join_blocks, normalize_text

__all__ = ["MAX_BYTES", "ExtractedText", "SourceFormat", "extract", "extract_pasted"]

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a .docx is a zip: what it may expand to


class SourceFormat(StrEnum):
    """Formats we import, by file extension (``pasted`` for text typed into a form)."""

    TXT = "txt"
    MD = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    PASTED = "pasted"


_EXTENSIONS = {
    ".txt": SourceFormat.TXT,
    ".text": SourceFormat.TXT,
    ".md": SourceFormat.MD,
    ".markdown": SourceFormat.MD,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".pdf": SourceFormat.PDF,
    ".docx": SourceFormat.DOCX,
}
_ACCEPTED = ".txt, .md, .html, .pdf or .docx"


@dataclass(frozen=True)
class ExtractedText:
    """The text of one imported file, as blocks, with the file's sha256."""

    filename: str
    source_format: SourceFormat
    sha256: str
    size: int
    blocks: tuple[Block, ...]
    pages: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The normalised plain text, one block per paragraph."""
        return join_blocks(self.blocks)


def extract(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> ExtractedText:
    """Read an uploaded file.

    Args:
        filename: the uploaded name; its extension selects the reader.
        data: the file's bytes.
        max_bytes: the upload limit (10 MB).

    Returns:
        The extracted, normalised text.

    Raises:
        ExtractionError: a subclass naming the problem, with a message for the author.
    """
    suffix = PurePath(filename).suffix.lower()
    fmt = _EXTENSIONS.get(suffix)
    if fmt is None:
        shown = suffix or "a file without an extension"
        raise UnsupportedFileType(
            f"{shown} files are not supported; upload a {_ACCEPTED} file or paste the text."
        )
    if len(data) > max_bytes:
        raise FileTooLarge(
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.0f} MB."
        )
    _check_signature(fmt, data)
    pages: int | None = None
    notes: tuple[str, ...] = ()
    if fmt is SourceFormat.PDF:
        blocks, pages, notes = _read_pdf(data)
    elif fmt is SourceFormat.DOCX:
        blocks = _read_docx(data)
    elif fmt is SourceFormat.HTML:
        blocks = _read_html(_decode(data, fmt))
    elif fmt is SourceFormat.MD:
        blocks = _read_markdown(_decode(data, fmt))
    else:
        blocks = _read_plain(_decode(data, fmt))
    return _finish(filename, fmt, data, blocks, pages, notes)


def extract_pasted(text: str, *, max_bytes: int = MAX_BYTES) -> ExtractedText:
    """Read text pasted into a form (treated as plain text; its UTF-8 sha256 is kept)."""
    data = text.encode("utf-8")
    if len(data) > max_bytes:
        raise FileTooLarge(f"The pasted text is over {max_bytes / 1_048_576:.0f} MB.")
    return _finish("pasted text", SourceFormat.PASTED, data, _read_plain(text), None, ())


def _finish(
    filename: str,
    fmt: SourceFormat,
    data: bytes,
    blocks: list[Block],
    pages: int | None,
    notes: tuple[str, ...],
) -> ExtractedText:
    kept = tuple(b for b in blocks if b.text)
    if not kept:
        raise EmptyDocument("No text was found in the file; it is empty after extraction.")
    return ExtractedText(
        filename=PurePath(filename).name,
        source_format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        blocks=kept,
        pages=pages,
        notes=notes,
    )


# --- signatures -------------------------------------------------------------------

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|h[1-6]|article|section|main|table|ul|ol|li|br)\b",
    re.IGNORECASE,
)


def _sniff(data: bytes) -> str | None:
    """Name the binary format the bytes really are, if recognisable."""
    if _PDF_MAGIC in data[:1024]:
        return "a PDF"
    if data.startswith(_ZIP_MAGIC):
        return "a zip archive"
    if data.startswith(_OLE_MAGIC):
        return "an old Office file (.doc)"
    return None


def _check_signature(fmt: SourceFormat, data: bytes) -> None:
    """Raise ContentMismatch when the bytes do not match the extension."""
    real = _sniff(data)
    name = f".{fmt.value}"
    if fmt is SourceFormat.PDF:
        if real != "a PDF":
            raise ContentMismatch(
                f"The file is named {name} but is not a PDF"
                + (f" (it looks like {real})." if real else ".")
            )
        return
    if fmt is SourceFormat.DOCX:
        if real == "an old Office file (.doc)":
            raise ContentMismatch(
                "The file is an old Word .doc, not a .docx; save it as .docx and upload again."
            )
        if real != "a zip archive":
            raise ContentMismatch(f"The file is named {name} but is not a Word document.")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise CorruptFile("The Word document is damaged and cannot be opened.") from exc
        if unpacked > MAX_UNPACKED_BYTES:  # a zip bomb, or a document of mostly images
            raise FileTooLarge(
                f"The Word document unpacks to {unpacked / 1_048_576:.0f} MB; the limit is "
                f"{MAX_UNPACKED_BYTES / 1_048_576:.0f} MB."
            )
        if "word/document.xml" not in names:
            raise ContentMismatch(
                f"The file is named {name} but is a zip archive, not a Word document."
            )
        return
    if real is not None:
        raise ContentMismatch(f"The file is named {name} but is {real}, not text.")


def _decode(data: bytes, fmt: SourceFormat) -> str:
    """Decode text: UTF-8 or UTF-16 with a byte-order mark, else strict UTF-8."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentMismatch(
            f"The file is named .{fmt.value} but is not UTF-8 or UTF-16 text; "
            "save it as UTF-8 and upload again."
        ) from exc
    if "\x00" in text:
        raise ContentMismatch(f"The file is named .{fmt.value} but holds binary data, not text.")
    if fmt is SourceFormat.HTML and not _HTML_TAG.search(text[:65536]):
        raise ContentMismatch("The file is named .html but holds no HTML markup.")
    return text


# --- plain text and Markdown ----------------------------------------------------------


def _read_plain(text: str) -> list[Block]:
    return blocks_from_lines(dehyphenate(normalize_text(text)).split("\n"))


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _md_inline(text: str) -> str:
    """Drop links' targets, emphasis and code marks, keeping their text."""
    return _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", text))


def _read_markdown(text: str) -> list[Block]:
    blocks: list[Block] = []
    pending: list[str] = []
    in_fence = False

    def flush() -> None:
        blocks.extend(blocks_from_lines(pending))
        pending.clear()

    for raw in normalize_text(text).split("\n"):
        if raw.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        heading = None if in_fence else _MD_HEADING.match(raw)
        if heading:
            flush()
            blocks.append(
                Block(BlockKind.HEADING, _md_inline(heading.group(2)), len(heading.group(1)))
            )
        elif re.fullmatch(r"(?:-{3,}|\*{3,}|_{3,}|={3,})", raw):
            flush()
        else:
            line = _MD_BULLET.sub("- ", raw.lstrip(">").strip() if raw.startswith(">") else raw)
            pending.append(_md_inline(line))
    flush()
    return blocks


# --- HTML ------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "li", "dt", "dd", "td", "th", "blockquote", "pre", "section", "article",
    "header", "footer", "main", "tr", "table", "ul", "ol", "dl", "figcaption", "caption",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "template", "noscript", "svg", "nav"}


class _HTMLBlocks(HTMLParser):
    """Collect headings, paragraphs and list items from HTML, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._lines: list[str] = [""]
        self._heading = 0
        self._list_item = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self._heading = int(tag[1])
        elif tag in _BLOCK_TAGS:
            self.flush()
            self._list_item = tag == "li"
        elif tag == "br":
            self._lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._lines[-1] += data.replace("\n", " ")

    def flush(self) -> None:
        """Close the block being collected."""
        lines = normalize_text("\n".join(self._lines)).split("\n")
        self._lines = [""]
        if self._heading:
            text = " ".join(line for line in lines if line)
            if text:
                self.blocks.append(Block(BlockKind.HEADING, text, self._heading))
        elif self._list_item:
            text = " ".join(line for line in lines if line)
            if text:
                self.blocks.append(Block(BlockKind.LIST_ITEM, text))
        else:
            self.blocks.extend(blocks_from_lines(lines))
        self._heading = 0
        self._list_item = False


def _read_html(text: str) -> list[Block]:
    parser = _HTMLBlocks()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.blocks


# --- DOCX --------------------------------------------------------------------------


def _read_docx(data: bytes) -> list[Block]:
    """Paragraphs and table cells in body order; Word heading and list styles kept."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, lxml errors, zip errors...
        raise CorruptFile("The Word document is damaged and cannot be opened.") from exc
    blocks: list[Block] = []
    # Paragraph.style looks the default style up on every call (quadratic on long
    # documents); the names are read once and paragraphs give only their style id.
    style_names = {style.style_id: style.name or "" for style in document.styles}

    def paragraph(p: Paragraph) -> None:
        properties = p._p.pPr
        style = style_names.get(p._p.style or "", "")
        lines = normalize_text(p.text).split("\n")
        text = " ".join(line for line in lines if line)
        if not text:
            return
        level = re.fullmatch(r"Heading (\d)", style)
        if level or style == "Title":
            blocks.append(Block(BlockKind.HEADING, text, int(level.group(1)) if level else 1))
        elif style.startswith("List") or (properties is not None and properties.numPr is not None):
            blocks.append(Block(BlockKind.LIST_ITEM, text))
        else:
            blocks.extend(blocks_from_lines(lines))

    def walk(items: Iterator[Paragraph | Table]) -> None:
        for item in items:
            if isinstance(item, Paragraph):
                paragraph(item)
            else:
                for row in item.rows:
                    for cell in row.cells:
                        walk(cell.iter_inner_content())

    walk(document.iter_inner_content())
    return blocks


# --- PDF ---------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013(\[]?\s*\d+\s*[-\u2013)\]]?(?:\s*(?:of|/)\s*\d+)?$", re.I
)
_EDGE = 2  # lines at the top and at the bottom of a page that may be a running header/footer


def _read_pdf(data: bytes) -> tuple[list[Block], int, tuple[str, ...]]:
    import pypdf
    from pypdf.errors import FileNotDecryptedError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about recoverable damage
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ProtectedFile(
                    "The PDF is protected by a password; remove the protection and upload again."
                )
            pages = [page.extract_text() or "" for page in reader.pages]
    except ProtectedFile:
        raise
    except (FileNotDecryptedError, NotImplementedError) as exc:
        raise ProtectedFile(
            "The PDF is protected by a password; remove the protection and upload again."
        ) from exc
    except Exception as exc:  # pypdf raises PdfReadError and, on odd damage, almost anything
        raise CorruptFile("The PDF is damaged and cannot be read.") from exc
    page_lines = [[line for line in normalize_text(p).split("\n") if line] for p in pages]
    if not pages or not any(page_lines):
        raise NoTextLayer(
            "This looks like a scanned document; text recognition is not supported. "
            "Upload a PDF with a text layer, a Word file, or paste the text."
        )
    empty = [str(i) for i, lines in enumerate(page_lines, start=1) if not lines]
    notes = (f"Pages without text (scanned?): {', '.join(empty)}.",) if empty else ()
    running = _running_lines(page_lines)
    kept: list[str] = []
    for lines in page_lines:
        n = len(lines)
        kept.extend(
            line
            for i, line in enumerate(lines)
            if not ((i < _EDGE or i >= n - _EDGE) and _edge_key(line) in running)
        )
    text = dehyphenate("\n".join(kept))
    return blocks_from_lines(text.split("\n")), len(pages), notes


def _edge_key(line: str) -> str:
    """Compare header/footer lines with their numbers blanked ("Page 3" ~ "Page 4")."""
    return re.sub(r"\d+", "#", line.casefold())


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Keys of lines repeated at a page edge on most pages (running headers and footers).

    A bare page number counts on any number of pages; other lines need at least two
    pages and three fifths of them, and lines with numbers must count up with the
    page (so "Article 5" at the top of one page and "Article 9" on another stay).
    """
    seen: Counter[str] = Counter()
    offsets: dict[str, set[int]] = {}
    for index, lines in enumerate(page_lines):
        n = len(lines)
        for key, line in {
            _edge_key(line): line for i, line in enumerate(lines) if i < _EDGE or i >= n - _EDGE
        }.items():
            seen[key] += 1
            numbers = re.findall(r"\d+", line)
            if numbers:
                offsets.setdefault(key, set()).add(int(numbers[0]) - index)
    total = len(page_lines)
    page_number = {key for key in seen if _PAGE_NUMBER.match(key.replace("#", "1"))}
    repeated = {
        key
        for key, count in seen.items()
        if total >= 2 and count >= max(2, 0.6 * total) and len(offsets.get(key, {0})) == 1
    }
    return page_number | repeated
