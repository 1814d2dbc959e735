"""Course forms: create and edit a course, invite a co-author."""

from __future__ import annotations

from wtforms import EmailField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from quizapp.core.base_form import BaseForm
from quizapp.enums import CourseVisibility

#: Languages a course may be written in (the reader's ``lang`` attribute; BCP 47 tags).
LANGUAGE_CHOICES = [
    SelectChoice("en", "English"),
    SelectChoice("fr", "French"),
    SelectChoice("es", "Spanish"),
    SelectChoice("ar", "Arabic"),
    SelectChoice("pt", "Portuguese"),
    SelectChoice("ru", "Russian"),
    SelectChoice("zh", "Chinese"),
    SelectChoice("de", "German"),
    SelectChoice("it", "Italian"),
]

VISIBILITY_CHOICES = [
    SelectChoice(
        CourseVisibility.PRIVATE.value, "Private — only its authors and the cohorts you give it to"
    ),
    SelectChoice(CourseVisibility.PUBLIC.value, "Public — every learner can find and study it"),
]


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class CourseForm(BaseForm):
    """A course's title, description, language and visibility (create and settings)."""

    title = StringField(
        "Title",
        filters=[_strip],
        validators=[DataRequired("Give the course a title."), Length(max=200)],
    )
    description = TextAreaField("Description (optional)", validators=[Optional(), Length(max=4000)])
    language = SelectField("Language", choices=LANGUAGE_CHOICES, default="en")
    visibility = RadioField(
        "Who can study it", choices=VISIBILITY_CHOICES, default=CourseVisibility.PRIVATE.value
    )
    submit = SubmitField("Create course")


class CoAuthorForm(BaseForm):
    """Invite a co-author by email."""

    email = EmailField(
        "Co-author's email",
        filters=[_strip],
        validators=[
            DataRequired("Enter the email address of the person to invite."),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message="Enter an email address."),
        ],
    )
    submit = SubmitField("Add co-author")
