"""Whole numbers from addresses and forms stay within what the database can compare.

Every id column is a 32-bit ``INTEGER`` on PostgreSQL (a 64-bit one on SQLite); comparing a
column with a larger number fails in the driver (``NumericValueOutOfRange`` on PostgreSQL,
``OverflowError`` on SQLite), which would surface as a 500. So:

- ``<int:...>`` in every URL rule is :class:`BoundedIntConverter` (installed by :func:`init_app`):
  a number past :data:`INT_MAX` does not match the rule, and the address answers 404;
- :func:`query_int` reads a number from the query string, and answers 400 with a message when it
  is out of range;
- every field of every form (:class:`quizapp.core.base_form.BaseForm`) refuses a number out of
  range with a form error (:func:`refuse_out_of_range`).
"""

from __future__ import annotations

import builtins
from typing import Any, overload

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map
from wtforms import Field
from wtforms.validators import StopValidation

__all__ = [
    "INT_MAX",
    "BoundedIntConverter",
    "init_app",
    "query_int",
    "refuse_out_of_range",
]

#: The largest value of a PostgreSQL ``INTEGER`` (and so of every id).
INT_MAX = 2**31 - 1

OUT_OF_RANGE_MESSAGE = "This number is too large."


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` that matches 0 to :data:`INT_MAX` unless the rule narrows it further."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = INT_MAX,
        signed: bool = False,
    ) -> None:
        bounded = INT_MAX if max is None else builtins.min(max, INT_MAX)
        super().__init__(map, fixed_digits, min, bounded, signed)
        if signed and self.min is None:
            self.min = -INT_MAX - 1


def init_app(app: Flask) -> None:
    """Make ``<int:...>`` bounded; call before any blueprint adds its rules."""
    app.url_map.converters["int"] = BoundedIntConverter


@overload
def query_int(name: str, default: int, *, minimum: int = 0) -> int: ...
@overload
def query_int(name: str, default: None = None, *, minimum: int = 0) -> int | None: ...
def query_int(name: str, default: int | None = None, *, minimum: int = 0) -> int | None:
    """The query-string value ``name`` as a whole number from ``minimum`` to :data:`INT_MAX`.

    Absent, empty or not a whole number: ``default`` (as Flask's ``args.get(name, type=int)``).
    A number out of range aborts with 400 and a message saying what is wrong.
    """
    try:
        value = int(request.args.get(name, "").strip())
    except ValueError:
        return default
    if not minimum <= value <= INT_MAX:
        abort(
            400,
            description=f"“{name}” in the address must be a whole number from {minimum} to "
            f"{INT_MAX:,}. Go back and try again.",
        )
    return value


def _too_large(value: Any) -> bool:
    """True for an int (not a bool) beyond the database's range, or a list holding one."""
    if isinstance(value, (list, tuple)):
        return any(_too_large(v) for v in value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT_MAX


def refuse_out_of_range(_form: object, field: Field) -> None:
    """Field validator: stop with a form error when the field's number is out of range."""
    if _too_large(field.data):
        raise StopValidation(OUT_OF_RANGE_MESSAGE)
