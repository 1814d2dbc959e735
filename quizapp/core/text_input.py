"""The one rule for text people send: no control characters other than tab and newline.

A NUL byte cannot be stored by PostgreSQL (psycopg raises ``DataError``) and SQLite would store it
silently; the other control characters are never typed by a person and only hide text from the
people who read it later. So every text field of every form
(:class:`quizapp.core.base_form.BaseForm`) refuses them with a form error, every query-string
value is refused with a 400 that says why, and a path part holding one answers 404.
Multi-line fields (textareas) also accept carriage returns: browsers send CRLF line ends, which are
normalised to a plain newline before anything else sees the text.
"""

from __future__ import annotations

import re

from flask import Flask, abort, request
from werkzeug.exceptions import NotFound
from wtforms import Field, TextAreaField
from wtforms.validators import StopValidation

__all__ = [
    "CONTROL_MESSAGE",
    "QUERY_MESSAGE",
    "has_control_character",
    "init_app",
    "normalise_newlines",
    "refuse_control_characters",
]

#: Unicode's control characters (C0, DEL, C1) except tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

CONTROL_MESSAGE = (
    "This text contains an invisible control character (such as a NUL byte). "
    "Remove it, or type the text again instead of pasting it."
)
QUERY_MESSAGE = (
    "The address contains an invisible control character (such as a NUL byte) in “{name}”. "
    "Remove it from the address, or go back and try again."
)


def has_control_character(text: str) -> bool:
    """True when ``text`` holds a control character other than tab and newline (CR included)."""
    return _CONTROL.search(text) is not None


def normalise_newlines(value: object) -> object:
    """CRLF and lone CR line ends as LF (a field filter for textareas); other values unchanged."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def refuse_control_characters(_form: object, field: Field) -> None:
    """Field validator: stop with :data:`CONTROL_MESSAGE` when the text holds a control character.

    It checks the raw text as received (``raw_data``) as well as the processed data, so a filter
    (stripping, say) cannot hide the character from the rule.
    """
    texts = [v for v in (field.raw_data or []) if isinstance(v, str)]
    if isinstance(field, TextAreaField):
        texts = [str(normalise_newlines(t)) for t in texts]
    if isinstance(field.data, str):
        texts.append(field.data)
    if any(has_control_character(t) for t in texts):
        raise StopValidation(CONTROL_MESSAGE)


def _refuse_control_characters_in_address() -> None:
    """Before each request: 400 for a query-string value, 404 for a path part, with a control
    character (an address no page of the app ever links to)."""
    for name, value in request.args.items(multi=True):
        if has_control_character(value):
            abort(400, description=QUERY_MESSAGE.format(name=name))
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and has_control_character(value):
            raise NotFound()


def init_app(app: Flask) -> None:
    """Check every request's query string and path parts before any view runs."""
    app.before_request(_refuse_control_characters_in_address)
