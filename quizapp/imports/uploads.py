"""Step 1 of an import: read the uploaded file or pasted text into a preview and its signed
token, or a clear message. Nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from quizapp.authoring.documents import ImportedDocument, import_document, import_pasted
from quizapp.authoring.extract import MAX_BYTES
from quizapp.imports.forms import DocumentForm, VersionForm
from quizapp.imports.pending import PendingImport, TokenError, sign, unsign

__all__ = ["MAX_BYTES", "REQUEST_BYTES", "Preview", "TokenError", "pending_from", "preview"]

#: the largest request an import page accepts: the 10 MB file plus the form around it
REQUEST_BYTES = MAX_BYTES + 1024 * 1024
#: the largest text fields (pasted text up to 10 MB, or a preview's token)
FORM_MEMORY_BYTES = 2 * MAX_BYTES


@dataclass(frozen=True)
class Preview:
    """What step 1 shows: the passages, and the token the "Save" form sends back."""

    title: str
    imported: ImportedDocument
    token: str


def preview(
    form: DocumentForm | VersionForm,
    *,
    course_id: int,
    user_id: int,
    title: str,
    document_id: int | None = None,
) -> Preview:
    """Extract the form's file or pasted text.

    Raises:
        ExtractionError: unsupported, corrupt, scanned, too large, empty or mislabelled input.
    """
    if form.has_file():
        upload = form.file.data
        imported = import_document(upload.filename, upload.read(MAX_BYTES + 1))
    else:
        imported = import_pasted(form.text.data or "")
    pending = PendingImport.from_import(
        imported,
        course_id=course_id,
        user_id=user_id,
        title=title,
        document_id=document_id,
        glossary=form.glossary_terms(),
    )
    return Preview(title, imported, sign(pending, current_app.config["SECRET_KEY"]))


def pending_from(
    token: str, *, course_id: int, user_id: int, document_id: int | None = None
) -> PendingImport:
    """The upload a preview's token holds (TokenError when forged, foreign or expired)."""
    return unsign(
        token,
        current_app.config["SECRET_KEY"],
        course_id=course_id,
        user_id=user_id,
        document_id=document_id,
    )
