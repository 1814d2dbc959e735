"""Typed import errors, each with a message an author can act on."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ContentMismatch",
    "CorruptFile",
    "EmptyDocument",
    "ExtractionError",
    "ExtractionProblem",
    "FileTooLarge",
    "NoTextLayer",
    "ProtectedFile",
    "UnsupportedFileType",
]


class ExtractionProblem(StrEnum):
    """Why a file could not be imported."""

    UNSUPPORTED_TYPE = "unsupported_type"
    TOO_LARGE = "too_large"
    CONTENT_MISMATCH = "content_mismatch"
    CORRUPT = "corrupt"
    PROTECTED = "protected"
    NO_TEXT_LAYER = "no_text_layer"
    EMPTY = "empty"


class ExtractionError(ValueError):
    """A file that cannot be imported; ``message`` is shown to the author as is."""

    problem: ExtractionProblem

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnsupportedFileType(ExtractionError):
    """The file name's extension is not one we read."""

    problem = ExtractionProblem.UNSUPPORTED_TYPE


class FileTooLarge(ExtractionError):
    """The file exceeds the upload limit."""

    problem = ExtractionProblem.TOO_LARGE


class ContentMismatch(ExtractionError):
    """The bytes are not what the extension says (checked by magic bytes and decoding)."""

    problem = ExtractionProblem.CONTENT_MISMATCH


class CorruptFile(ExtractionError):
    """The file has the right signature but cannot be read."""

    problem = ExtractionProblem.CORRUPT


class ProtectedFile(ExtractionError):
    """The file is encrypted with a password."""

    problem = ExtractionProblem.PROTECTED


class NoTextLayer(ExtractionError):
    """A PDF whose pages hold no extractable text (a scan)."""

    problem = ExtractionProblem.NO_TEXT_LAYER


class EmptyDocument(ExtractionError):
    """Nothing but whitespace is left after extraction."""

    problem = ExtractionProblem.EMPTY
