"""Study forms: the session's choice of topics (GET) and a rating (POST)."""

from __future__ import annotations

from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SubmitField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from quizapp.core.base_form import BaseForm
from quizapp.items.forms import CheckboxListField


class StudyFilterForm(BaseForm):
    """Which cards a session draws from; read from the query string, so no CSRF. The
    course and topic choices are set by the view."""

    class Meta:
        csrf = False

    course = SelectField("Course", choices=[], validators=[Optional()])
    topic = CheckboxListField("Topics", coerce=int, validators=[Optional()])
    background = RadioField(
        "Background items",
        choices=[SelectChoice("1", "Include"), SelectChoice("0", "Leave out")],
        validators=[Optional()],
    )
    submit = SubmitField("Start studying")


class ReviewForm(BaseForm):
    """One rating of one card. ``seq`` is the review count when the card was shown."""

    item_id = IntegerField(validators=[InputRequired()])
    seq = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    shown = HiddenField()
    rating = IntegerField(
        validators=[
            InputRequired(message="Choose Again, Hard, Good or Easy."),
            NumberRange(min=1, max=4, message="Choose Again, Hard, Good or Easy."),
        ]
    )
