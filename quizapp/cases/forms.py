"""Case-study forms: start (or resume) a run, and one decision."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SubmitField
from wtforms.validators import InputRequired

from quizapp.core.base_form import BaseForm


class StartCaseForm(BaseForm):
    """A POST-only "Start" / "Resume" button (carries CSRF)."""

    submit = SubmitField("Start the case")


class DecisionForm(BaseForm):
    """The option chosen at one step; ``step`` names the step the page showed."""

    step = HiddenField(validators=[InputRequired()])
    option = RadioField(
        "Your decision",
        validators=[InputRequired(message="Choose one of the options.")],
        validate_choice=False,  # the service checks the option against the step it was shown at
    )
    submit = SubmitField("Decide")
