"""The base of every form of the app: the input rules apply to every field without each form
having to remember them."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, Form, StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.meta import DefaultMeta

from quizapp.core.bounded_ints import refuse_out_of_range
from quizapp.core.text_input import normalise_newlines, refuse_control_characters

__all__ = ["BaseForm", "with_input_rules"]


def with_input_rules(field: Field) -> Field:
    """``field`` with the app's input rules in front of its own validators.

    Text fields (every ``StringField``: text, email, search, password, hidden) refuse control
    characters; textareas first turn CRLF into LF. Every field refuses a number out of the
    database's range (integer fields, and choices coerced to ``int``).
    """
    rules: list[Any] = [refuse_out_of_range]
    if isinstance(field, StringField):
        rules.insert(0, refuse_control_characters)
    if isinstance(field, TextAreaField):
        field.filters = (normalise_newlines, *field.filters)
    field.validators = [*rules, *field.validators]
    return field


class BaseForm(FlaskForm):
    """A ``FlaskForm`` whose every field follows :func:`with_input_rules`."""

    class Meta(DefaultMeta):
        def bind_field(
            self, form: Form, unbound_field: UnboundField, options: dict[str, Any]
        ) -> Field:
            """Bind as usual, then add the input rules."""
            return with_input_rules(super().bind_field(form, unbound_field, options))
