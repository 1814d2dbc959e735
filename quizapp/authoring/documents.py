"""One imported document: the extracted text and its passages, ready for a preview."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.document import quote_found
from .extract import MAX_BYTES, ExtractedText, extract, extract_pasted
from .passages import SourcePassage, split_passages

__all__ = ["ImportedDocument", "import_document", "import_pasted"]


@dataclass(frozen=True)
class ImportedDocument:
    """What an author previews before saving: the file's facts and its passages."""

    source: ExtractedText
    passages: tuple[SourcePassage, ...]

    @property
    def sha256(self) -> str:
        """sha256 of the uploaded bytes (of the UTF-8 text when pasted)."""
        return self.source.sha256

    def passage(self, anchor: str) -> SourcePassage | None:
        """The passage with *anchor*, or None."""
        return next((p for p in self.passages if p.anchor == anchor), None)

    def contains(self, quote: str, anchor: str | None = None) -> bool:
        """Whether *quote* occurs (whitespace-normalised) in the passage *anchor*, or anywhere.

        The same rule as :meth:`quizapp.content.document.Document.contains`, so a quote
        checked here passes the bank's verbatim-quote gate.
        """
        if anchor is not None:
            found = self.passage(anchor)
            return found is not None and quote_found(quote, [found.text])
        return quote_found(quote, (p.text for p in self.passages))


def import_document(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> ImportedDocument:
    """Extract an uploaded file and split it into passages.

    Raises:
        ExtractionError: as :func:`~quizapp.authoring.extract.extract` does.
    """
    source = extract(filename, data, max_bytes=max_bytes)
    return ImportedDocument(source, split_passages(source.blocks))


def import_pasted(text: str, *, max_bytes: int = MAX_BYTES) -> ImportedDocument:
    """Split pasted text into passages (raises ExtractionError when empty or too long)."""
    source = extract_pasted(text, max_bytes=max_bytes)
    return ImportedDocument(source, split_passages(source.blocks))
