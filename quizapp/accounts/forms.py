"""Account forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    IntegerField,
    PasswordField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
    ValidationError,
)

from quizapp.accounts.passwords import PASSWORD_MAX, PASSWORD_MIN, is_common_password
from quizapp.core.base_form import BaseForm

__all__ = [
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "ChangePasswordForm",
    "DeleteAccountForm",
    "LoginForm",
    "PreferencesForm",
    "RegisterForm",
    "SetupForm",
]


def not_common(_form: FlaskForm, field: PasswordField) -> None:
    """Refuse passwords on the common-password list."""
    if field.data and is_common_password(field.data):
        raise ValidationError(
            "This password is on a list of commonly used passwords. Please choose another."
        )


#: One @, something on each side, a dot in the domain, no spaces. Deliverability is not our
#: business; this catches typing slips without the email_validator dependency.
_EMAIL_SHAPE = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address such as name@example.org."
)


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters.",
            ),
            not_common,
        ],
    )


class RegisterForm(BaseForm):
    """Create a learner account."""

    display_name = StringField("Display name", validators=[DataRequired(), Length(max=80)])
    email = EmailField(
        "Email", filters=[_strip], validators=[DataRequired(), Length(max=254), _EMAIL_SHAPE]
    )
    password = _new_password_field("Password")
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )
    submit = SubmitField("Create account")


class SetupForm(RegisterForm):
    """Create the first administrator on a fresh install."""

    submit = SubmitField("Create the administrator")


class LoginForm(BaseForm):
    """Sign in."""

    email = EmailField("Email", filters=[_strip], validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    remember = BooleanField("Keep me signed in on this device (30 days)")
    submit = SubmitField("Log in")


class ChangePasswordForm(BaseForm):
    """Change the password; the current one proves it is really you."""

    current = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=PASSWORD_MAX)]
    )
    password = _new_password_field("New password")
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )
    submit = SubmitField("Change password")


class PreferencesForm(BaseForm):
    """How flashcards are scheduled and chosen."""

    desired_retention = DecimalField(
        "Desired retention",
        places=2,
        render_kw={"inputmode": "decimal"},
        validators=[
            InputRequired(),
            NumberRange(min=0.80, max=0.97, message="Choose a value from 0.80 to 0.97."),
        ],
    )
    new_cards_per_day = IntegerField(
        "New cards per day",
        validators=[
            InputRequired(),
            NumberRange(min=0, max=500, message="Choose a number from 0 to 500."),
        ],
    )
    include_background = BooleanField(
        "Include background items (international instruments, not from the document)"
    )
    submit = SubmitField("Save preferences")


class DeleteAccountForm(BaseForm):
    """Delete the account; the password confirms it."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    submit = SubmitField("Delete my account")
