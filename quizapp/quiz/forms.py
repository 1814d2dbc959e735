"""Quiz forms: the builder, and the POST-only button to practise missed questions."""

from __future__ import annotations

from wtforms import HiddenField, IntegerField, RadioField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from quizapp.core.base_form import BaseForm
from quizapp.core.forms import EmptyForm
from quizapp.enums import OriginFilter, QuizMode
from quizapp.items.forms import CheckboxListField, SelectChoice, kind_choices
from quizapp.items.kinds import quiz_kinds
from quizapp.quiz.services import MAX_LENGTH, MIN_LENGTH

__all__ = ["BuildQuizForm", "PractiseMissedForm"]


class BuildQuizForm(BaseForm):
    """Choose topics, kinds, length, origin and mode. Topic choices are set by the view."""

    course = HiddenField()
    topics = CheckboxListField("Topics", coerce=int, choices=[])
    kinds = CheckboxListField("Kinds of question", choices=kind_choices(quiz_kinds))
    length = IntegerField(
        "Number of questions",
        default=10,
        validators=[
            InputRequired("Give a number of questions."),
            NumberRange(
                MIN_LENGTH, MAX_LENGTH, f"Choose between {MIN_LENGTH} and {MAX_LENGTH} questions."
            ),
        ],
        render_kw={"min": MIN_LENGTH, "max": MAX_LENGTH, "inputmode": "numeric"},
    )
    origin = RadioField(
        "Questions from",
        default=OriginFilter.BOTH,
        choices=[
            SelectChoice(OriginFilter.BOTH, "The document and background law"),
            SelectChoice(OriginFilter.DOCUMENT, "The course documents only (quoted passages)"),
            SelectChoice(OriginFilter.BACKGROUND, "Background law only (treaties and statutes)"),
        ],
        validators=[InputRequired("Choose where the questions come from.")],
    )
    mode = RadioField(
        "Mode",
        default=QuizMode.PRACTICE,
        choices=[
            SelectChoice(
                QuizMode.PRACTICE, "Practice: see if you were right, and why, after each question"
            ),
            SelectChoice(QuizMode.TEST, "Test: all feedback at the end"),
        ],
        validators=[InputRequired("Choose a mode.")],
    )
    submit = SubmitField("Start the quiz")


class PractiseMissedForm(EmptyForm):
    """Send the missed questions to the flashcard deck."""
