"""Admin forms: finding users and changing a role."""

from __future__ import annotations

from wtforms import HiddenField, SearchField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from quizapp.core.base_form import BaseForm
from quizapp.models.accounts import Role

ROLE_CHOICES = [
    SelectChoice(Role.LEARNER.value, "Learner"),
    SelectChoice(Role.TRAINER.value, "Trainer"),
    SelectChoice(Role.ADMIN.value, "Admin"),
]


class UserSearchForm(BaseForm):
    """Filter the user list by name or email (a GET form: no CSRF needed, nothing changes)."""

    class Meta:
        csrf = False

    q = SearchField("Search by name or email", validators=[Optional(), Length(max=120)])
    submit = SubmitField("Search")


class RoleForm(BaseForm):
    """Set one user's role."""

    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Change role")


class AuthorForm(BaseForm):
    """Grant (``grant=1``) or withdraw (``grant=0``) the right to author courses."""

    grant = HiddenField(validators=[AnyOf(["0", "1"])])
    submit = SubmitField("Save")
