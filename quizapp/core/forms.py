"""Forms shared by several feature packages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField

__all__ = ["EmptyForm"]


class EmptyForm(FlaskForm):
    """A POST-only button that still carries a CSRF token."""

    submit = SubmitField("Submit")
