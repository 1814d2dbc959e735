"""Forms of the import pages: upload or paste, save a preview, import a content pack."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from quizapp.authoring.extract import MAX_BYTES
from quizapp.core.base_form import BaseForm

__all__ = ["DocumentForm", "PackForm", "SaveForm", "VersionForm"]

ACCEPT = ".txt,.md,.markdown,.html,.htm,.pdf,.docx"
GLOSSARY_HINT = (
    "Terms drafting should gap and ask about first, one per line (the course's glossary; "
    "key terms are also found automatically)."
)


class _SourceForm(BaseForm):
    """A file or pasted text (exactly one), and the course's glossary terms."""

    file = FileField(
        f"File (.txt, .md, .html, .pdf or .docx, up to {MAX_BYTES // 1_048_576} MB)",
        render_kw={"accept": ACCEPT},
    )
    text = TextAreaField("Or paste the text", validators=[Optional()], render_kw={"rows": 8})
    glossary = TextAreaField(
        "Glossary terms (optional)",
        validators=[Optional(), Length(max=20_000)],
        description=GLOSSARY_HINT,
        render_kw={"rows": 4},
    )
    submit = SubmitField("Preview passages")

    def has_file(self) -> bool:
        """True when a file with a name was sent."""
        return bool(self.file.data and getattr(self.file.data, "filename", ""))

    def validate(self, extra_validators: Any = None) -> bool:
        """Exactly one of file and pasted text."""
        ok = bool(super().validate(extra_validators))
        pasted = bool((self.text.data or "").strip())
        if self.has_file() and pasted:
            self.text.errors = [*self.text.errors, "Upload a file or paste text, not both."]
            return False
        if not self.has_file() and not pasted:
            self.file.errors = [*self.file.errors, "Choose a file to upload, or paste the text."]
            return False
        return ok

    def glossary_terms(self) -> tuple[str, ...]:
        """The glossary lines, stripped, blanks dropped."""
        lines = (line.strip() for line in (self.glossary.data or "").split("\n"))
        return tuple(line for line in lines if line)


class DocumentForm(_SourceForm):
    """Step 1 of importing a new document."""

    title = StringField(
        "Title",
        validators=[DataRequired("Give the document a title."), Length(max=300)],
    )


class VersionForm(_SourceForm):
    """Step 1 of uploading a new version of a document."""


def _no_topic_check(form: BaseForm, field: SelectField) -> None:
    if field.data is None:
        raise ValidationError("Choose a topic.")


class SaveForm(BaseForm):
    """Step 2: save what the preview showed (the signed upload travels in ``token``)."""

    token = HiddenField(validators=[DataRequired("The preview is missing; upload again.")])
    topic = SelectField("Topic for the drafted items", coerce=int, validators=[_no_topic_check])
    submit = SubmitField("Save document and draft items")


class PackForm(BaseForm):
    """Import a content pack (zip) as a new course."""

    file = FileField("Content pack (.zip)", render_kw={"accept": ".zip"})
    submit = SubmitField("Import pack")

    def validate(self, extra_validators: Any = None) -> bool:
        """A file must be chosen."""
        ok = bool(super().validate(extra_validators))
        if not (self.file.data and getattr(self.file.data, "filename", "")):
            self.file.errors = [*self.file.errors, "Choose a content pack (.zip) to import."]
            return False
        return ok
