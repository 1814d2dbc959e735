"""Account rules: creating users and checking passwords."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.models.accounts import Role, User


class AccountError(ValueError):
    """A request about an account that cannot be granted; the message is for the user."""


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The user with this email, if any."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(*, email: str, display_name: str, password: str, role: Role = Role.LEARNER) -> User:
    """Add a user (not yet committed). Raises AccountError if the email is taken."""
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists.")
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=generate_password_hash(password),
        role=role.value,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user when the password matches; None otherwise (same answer for unknown emails)."""
    user = find_user_by_email(email)
    if user is None:
        # Hash anyway so an unknown email takes as long as a wrong password.
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


_DUMMY_HASH = generate_password_hash("not-a-real-password-for-timing")
