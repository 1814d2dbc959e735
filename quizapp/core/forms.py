"""Forms shared by several feature packages."""

from __future__ import annotations

from wtforms import SubmitField

from quizapp.core.base_form import BaseForm

__all__ = ["EmptyForm"]


class EmptyForm(BaseForm):
    """A POST-only button that still carries a CSRF token."""

    submit = SubmitField("Submit")
