"""WTForms for answering a presented item; used by quizzes and live sessions alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (  # WTForms 3.3 deprecates (value, label) tuples
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import InputRequired, Length, Optional

from quizapp.core.base_form import BaseForm
from quizapp.items.kinds import Presentation, PresentedItem, kind_label


class CheckboxListField(SelectMultipleField):
    """Several options as a list of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def kind_choices(kinds: Callable[[], Iterable[str]]) -> Callable[[], list[SelectChoice]]:
    """Choices for a field of question kinds, read from the registry each time a form is created
    (a module-level list would miss a kind registered after the form's module was imported)."""
    return lambda: [SelectChoice(kind, kind_label(kind)) for kind in kinds()]


def all_of(kinds: Callable[[], Iterable[str]]) -> Callable[[], list[str]]:
    """A field default ticking every kind ``kinds`` lists when the form is created."""
    return lambda: list(kinds())


class AnswerFormBase(BaseForm):
    """Hidden fields every answer form carries: which question, and a one-time token."""

    position = HiddenField()
    token = HiddenField()


def answer_form_class(
    presented: PresentedItem, base: type[FlaskForm] = AnswerFormBase
) -> type[FlaskForm]:
    """A form class with the fields ``presented`` needs (``answer`` or ``match_<i>``)."""
    fields: dict[str, Any] = {}
    if presented.kind == Presentation.CHOICE and presented.multiple:
        fields["answer"] = CheckboxListField(
            "Select all that apply",
            choices=[SelectChoice(o, o) for o in presented.options],
            validators=[InputRequired("Choose at least one option.")],
        )
    elif presented.kind == Presentation.CHOICE:
        fields["answer"] = RadioField(
            "Choose one",
            choices=[SelectChoice(o, o) for o in presented.options],
            validators=[InputRequired("Choose one of the options.")],
        )
    elif presented.kind == Presentation.MATCHING:
        choices = [SelectChoice("", "Choose…")] + [SelectChoice(o, o) for o in presented.options]
        for index, left in enumerate(presented.lefts):
            fields[f"match_{index}"] = SelectField(left, choices=choices, validators=[Optional()])
    else:
        fields["answer"] = StringField(
            "Your answer",
            validators=[InputRequired("Type an answer."), Length(max=200)],
            render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
        )
    return type("AnswerForm", (base,), fields)


def raw_answer(form: FlaskForm, presented: PresentedItem) -> Any:
    """The submitted value(s) in the shape ``quizapp.items.grade`` expects."""
    if presented.kind == Presentation.MATCHING:
        return {
            left: getattr(form, f"match_{i}").data or "" for i, left in enumerate(presented.lefts)
        }
    return form.answer.data
