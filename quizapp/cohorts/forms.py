"""Cohort, joining, co-trainer and assignment forms."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from quizapp.core.base_form import BaseForm
from quizapp.enums import OriginFilter, QuizMode
from quizapp.items.forms import CheckboxListField, all_of, kind_choices
from quizapp.items.kinds import quiz_kinds

MODE_LABELS = {
    QuizMode.PRACTICE: "Practice — feedback after each question",
    QuizMode.TEST: "Test — results at the end",
}
ORIGIN_LABELS = {
    OriginFilter.BOTH: "Document and background items",
    OriginFilter.DOCUMENT: "Only items from the document",
    OriginFilter.BACKGROUND: "Only background items (other instruments)",
}


def _not_in_past(form: FlaskForm, field: DateField) -> None:
    if field.data is not None and field.data < datetime.now(UTC).date():
        raise ValidationError("Choose today or a later date.")


class CohortForm(BaseForm):
    """Create a cohort."""

    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField("Description (optional)", validators=[Optional(), Length(max=2000)])
    #: the course the cohort's assignments and live sessions draw from (choices set by the view)
    course = SelectField("Course", choices=[], validate_choice=True)
    submit = SubmitField("Create cohort")


class JoinForm(BaseForm):
    """The one box for a cohort code or a live-session PIN."""

    code = StringField(
        "Code or PIN",
        validators=[DataRequired("Enter the code or PIN you were given."), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    submit = SubmitField("Join")


class CoTrainerForm(BaseForm):
    """Add a co-trainer by email."""

    email = EmailField(
        "Co-trainer's email",
        filters=[lambda value: value.strip() if value else value],
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message="Enter an email address."),
        ],
    )
    submit = SubmitField("Add co-trainer")


class _AssignmentForm(BaseForm):
    """Fields both kinds of assignment share; ``topics`` choices are set by the view."""

    title = StringField("Title (optional)", validators=[Optional(), Length(max=200)])
    topics = CheckboxListField(
        "Topics", coerce=int, validators=[DataRequired("Choose at least one topic.")]
    )
    due_on = DateField("Due date (optional)", validators=[Optional(), _not_in_past])


class QuizAssignmentForm(_AssignmentForm):
    """Set a quiz for a cohort."""

    kinds = CheckboxListField(
        "Question types",
        choices=kind_choices(quiz_kinds),
        default=all_of(quiz_kinds),
        validators=[DataRequired("Choose at least one question type.")],
    )
    length = IntegerField(
        "Number of questions",
        default=10,
        validators=[
            DataRequired("Enter how many questions (5 to 50)."),
            NumberRange(min=5, max=50),
        ],
    )
    mode = RadioField(
        "Mode",
        choices=[SelectChoice(m, MODE_LABELS[m]) for m in QuizMode],
        default=QuizMode.PRACTICE,
    )
    origin = SelectField(
        "Items",
        choices=[SelectChoice(k, v) for k, v in ORIGIN_LABELS.items()],
        default=OriginFilter.BOTH,
    )
    submit = SubmitField("Assign quiz")


class GoalAssignmentForm(_AssignmentForm):
    """Set a flashcard goal: master the chosen topics."""

    submit = SubmitField("Assign goal")
