"""An upload held between the preview and "Save" without process memory: the extracted blocks
travel in a hidden form field, compressed and signed with the app's secret key (itsdangerous), so
the save step trusts exactly what the preview showed and nothing a browser made up."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadData, URLSafeTimedSerializer

from quizapp.authoring.documents import ImportedDocument
from quizapp.authoring.extract import SourceFormat
from quizapp.authoring.passages import split_passages
from quizapp.authoring.text import Block, BlockKind

__all__ = ["MAX_AGE_SECONDS", "PendingImport", "TokenError", "sign", "unsign"]

#: how long a preview may wait for its "Save" (a generous working session)
MAX_AGE_SECONDS = 12 * 3600
_SALT = "quizapp.imports.pending"

MEDIA_TYPES = {
    SourceFormat.TXT: "text/plain",
    SourceFormat.PASTED: "text/plain",
    SourceFormat.MD: "text/markdown",
    SourceFormat.HTML: "text/html",
    SourceFormat.PDF: "application/pdf",
    SourceFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class TokenError(ValueError):
    """The preview token is forged, for another course or person, or too old."""


@dataclass(frozen=True)
class PendingImport:
    """What the preview showed: the file's facts and its blocks (passages are re-split from them,
    deterministically, on save)."""

    course_id: int
    user_id: int
    document_id: int | None  # set for a new version of an existing document
    title: str
    filename: str
    media_type: str
    sha256: str
    size_bytes: int
    blocks: tuple[Block, ...]
    glossary: tuple[str, ...] = ()

    @classmethod
    def from_import(
        cls,
        imported: ImportedDocument,
        *,
        course_id: int,
        user_id: int,
        title: str,
        document_id: int | None = None,
        glossary: tuple[str, ...] = (),
    ) -> PendingImport:
        """The pending import of an extracted document."""
        source = imported.source
        return cls(
            course_id=course_id,
            user_id=user_id,
            document_id=document_id,
            title=title,
            filename=source.filename,
            media_type=MEDIA_TYPES[source.source_format],
            sha256=source.sha256,
            size_bytes=source.size,
            blocks=source.blocks,
            glossary=glossary,
        )

    @property
    def document(self) -> ImportedDocument:
        """The imported document rebuilt from the blocks (same passages as the preview)."""
        from quizapp.authoring.extract import ExtractedText

        source = ExtractedText(
            filename=self.filename,
            source_format=SourceFormat.PASTED,
            sha256=self.sha256,
            size=self.size_bytes,
            blocks=self.blocks,
        )
        return ImportedDocument(source, split_passages(self.blocks))


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def sign(pending: PendingImport, secret_key: str) -> str:
    """The signed, compressed token for the preview's hidden field."""
    payload = {
        "c": pending.course_id,
        "u": pending.user_id,
        "d": pending.document_id,
        "t": pending.title,
        "f": pending.filename,
        "m": pending.media_type,
        "s": pending.sha256,
        "n": pending.size_bytes,
        "b": [[b.kind.value, b.text, b.level] for b in pending.blocks],
        "g": list(pending.glossary),
    }
    return _serializer(secret_key).dumps(payload)


def unsign(
    token: str,
    secret_key: str,
    *,
    course_id: int,
    user_id: int,
    document_id: int | None,
    max_age: int = MAX_AGE_SECONDS,
) -> PendingImport:
    """The pending import in ``token``, checked against who saves it and where.

    Raises:
        TokenError: with a message for the author.
    """
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age)
        pending = PendingImport(
            course_id=int(data["c"]),
            user_id=int(data["u"]),
            document_id=None if data["d"] is None else int(data["d"]),
            title=str(data["t"]),
            filename=str(data["f"]),
            media_type=str(data["m"]),
            sha256=str(data["s"]),
            size_bytes=int(data["n"]),
            blocks=tuple(Block(BlockKind(k), str(t), int(lv)) for k, t, lv in data["b"]),
            glossary=tuple(str(g) for g in data["g"]),
        )
    except (BadData, KeyError, TypeError, ValueError) as error:
        raise TokenError(
            "The preview has expired or was changed; upload the document again."
        ) from error
    if (pending.course_id, pending.user_id, pending.document_id) != (
        course_id,
        user_id,
        document_id,
    ):
        raise TokenError("This preview belongs to another document; upload the document again.")
    return pending
