"""Forms of live sessions: one per use case."""

from __future__ import annotations

from flask import request
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from quizapp.core.base_form import BaseForm
from quizapp.enums import LivePhase
from quizapp.items.forms import CheckboxListField, all_of, kind_choices
from quizapp.items.kinds import live_kinds
from quizapp.live import rules

TIMER_CHOICES = [SelectChoice("0", "No timer")] + [
    SelectChoice(str(s), f"{s} seconds") for s in (10, 20, 30, 45, 60, 90)
]


def _int_or_none(value: str | int | None) -> int | None:
    if value is None or value in ("", "None"):
        return None
    return int(value)


def _cohort_from_link() -> int | None:
    """The cohort a "Start a live session" link names (``?cohort_id=``), pre-selected; the select's
    choices are the trainer's own cohorts, so any other id simply selects nothing."""
    return request.args.get("cohort_id", type=int)


class NewSessionForm(BaseForm):
    """Start a session: which questions, and how it runs. Choices are filled in by the view."""

    title = StringField(
        "Title", validators=[Optional(), Length(max=200)], render_kw={"placeholder": "Live quiz"}
    )
    cohort_id = SelectField(
        "Cohort", coerce=_int_or_none, validate_choice=True, default=_cohort_from_link
    )
    #: the course questions come from when no cohort is chosen (a cohort's course wins)
    course = SelectField("Course", validate_choice=True)
    topic_id = SelectField("Topic", coerce=_int_or_none)
    kinds = CheckboxListField(
        "Kinds of question",
        choices=kind_choices(live_kinds),
        default=all_of(live_kinds),
    )
    count = IntegerField(
        "Number of questions",
        default=10,
        validators=[
            InputRequired(),
            NumberRange(min=1, max=50, message="Choose 1 to 50 questions."),
        ],
    )
    item_ids = CheckboxListField("Or pick questions by hand", coerce=int, validate_choice=True)
    q = SearchField(
        "Search the questions to pick by hand",
        validators=[Optional(), Length(max=100)],
        render_kw={"data-filter-list": "item-picker"},
    )
    # The form's first button, so Enter in any field searches (keeping everything typed) rather
    # than creating a session by surprise.
    search = SubmitField("Search")
    seconds_per_question = SelectField(
        "Timer per question", coerce=int, choices=TIMER_CHOICES, default=20
    )
    allow_guests = BooleanField("Allow guests (nickname, no account)", default=True)
    speed_bonus = BooleanField("Bonus points for fast answers", default=True)
    show_leaderboard = BooleanField("Show the leaderboard after each question", default=True)
    submit = SubmitField("Create session")


class StepForm(BaseForm):
    """A trainer's button; carries the step the trainer saw, so a stale or double click is
    refused."""

    phase = HiddenField(validators=[AnyOf(list(LivePhase))])
    question_index = IntegerField(validators=[InputRequired()])
    submit = SubmitField("Next")


class EndForm(StepForm):
    """ "End session": the first press asks for confirmation, the second (confirmed) ends it."""

    confirmed = HiddenField()
    submit = SubmitField("Yes, end the session")


class RemoveForm(BaseForm):
    """Remove one participant (POST with CSRF)."""

    submit = SubmitField("Remove")


class PinForm(BaseForm):
    """Type the six-digit PIN shown on the big screen."""

    pin = StringField(
        "Session PIN",
        validators=[
            DataRequired("Type the 6-digit PIN."),
            Regexp(r"^\s*\d{6}\s*$", message="The PIN has 6 digits."),
        ],
        render_kw={
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": "[0-9]{6}",
            "maxlength": 6,
        },
    )
    submit = SubmitField("Continue")


class JoinForm(BaseForm):
    """Join the session; guests also give a nickname."""

    nickname = StringField(
        "Nickname",
        validators=[Optional(), Length(max=rules.NICKNAME_MAX)],
        render_kw={"autocomplete": "nickname", "maxlength": rules.NICKNAME_MAX},
    )
    submit = SubmitField("Join")
