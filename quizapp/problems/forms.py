"""Problem-report forms: a learner's report, and an author's resolution."""

from __future__ import annotations

from wtforms import RadioField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from quizapp.core.base_form import BaseForm
from quizapp.enums import ProblemReason, ProblemStatus

COMMENT_MAX = 2000


class ReportProblemForm(BaseForm):
    """What is wrong with an item, and (optionally) how."""

    reason = SelectField(
        "What is wrong?",
        choices=[SelectChoice("", "Choose a reason")]
        + [SelectChoice(r.value, r.label) for r in ProblemReason],
        validators=[InputRequired(message="Choose what is wrong.")],
        validate_choice=False,  # validate_reason says what is wrong in words
    )
    comment = TextAreaField(
        "Details (optional)",
        validators=[
            Length(max=COMMENT_MAX, message=f"Keep the details under {COMMENT_MAX} characters.")
        ],
        description="What you expected, or where the source says otherwise.",
    )
    submit = SubmitField("Send the report")

    def validate_reason(self, field: SelectField) -> None:
        """Only the listed reasons (a clear message rather than WTForms' generic one)."""
        if field.data not in {r.value for r in ProblemReason}:
            raise ValidationError("Choose what is wrong.")


class CloseProblemForm(BaseForm):
    """An author resolves (fixed) or dismisses a report, with a note."""

    status = RadioField(
        "Outcome",
        choices=[
            SelectChoice(ProblemStatus.RESOLVED.value, "Resolved: the item was fixed"),
            SelectChoice(ProblemStatus.DISMISSED.value, "Dismissed: the item is right"),
        ],
        validators=[InputRequired(message="Choose resolved or dismissed.")],
    )
    note = TextAreaField(
        "Note",
        validators=[
            InputRequired(message="Say what was done or why the report is dismissed."),
            Length(max=COMMENT_MAX, message=f"Keep the note under {COMMENT_MAX} characters."),
        ],
    )
    submit = SubmitField("Close the report")
