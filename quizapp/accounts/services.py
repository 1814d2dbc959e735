"""Account rules: creating users, checking and changing passwords, preferences, first admin."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.accounts.passwords import password_problem
from quizapp.core.database import outside_write_lock
from quizapp.extensions import db
from quizapp.models.accounts import Role, User

#: Key of the PostgreSQL advisory lock that serialises first-admin creation (any constant will do).
SETUP_LOCK_KEY = 7_310_001


class AccountError(ValueError):
    """A request about an account that cannot be granted; the message is for the user."""


EMAIL_TAKEN = "An account with this email already exists."


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The user with this email, if any."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(*, email: str, display_name: str, password: str, role: Role = Role.LEARNER) -> User:
    """Add a user (not yet committed). Raises AccountError if the email is taken or the password
    is refused (length, common-password list). The password is hashed before the first query, so
    on SQLite the slow hash never holds the write lock."""
    return _add_user(
        email=email,
        display_name=display_name,
        password_hash=_new_password_hash(password),
        role=role,
    )


def _new_password_hash(password: str) -> str:
    """The hash of an acceptable new password; AccountError when the password is refused."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    return generate_password_hash(password)


def is_email_taken(error: AccountError) -> bool:
    """True when ``error`` is the "email already exists" refusal (rate-limited per address)."""
    return str(error) == EMAIL_TAKEN


def _add_user(*, email: str, display_name: str, password_hash: str, role: Role) -> User:
    if find_user_by_email(email) is not None:
        raise AccountError(EMAIL_TAKEN)
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=password_hash,
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


def change_password(user: User, *, current: str, new: str) -> None:
    """Replace the password after checking the current one; the caller ends the other sessions.

    Call it before the request writes anything: the checks and the new hash run in a read
    transaction, outside SQLite's write lock, and only the assignment below writes.
    """
    with outside_write_lock(db.session):
        if not check_password_hash(user.password_hash, current):
            raise AccountError("Your current password is not correct.")
        new_hash = _new_password_hash(new)
        if check_password_hash(user.password_hash, new):
            raise AccountError("Choose a password different from the current one.")
    user.password_hash = new_hash


def update_preferences(
    user: User, *, desired_retention: float, new_cards_per_day: int, include_background: bool
) -> None:
    """Store the learner's study preferences (the form has checked the ranges)."""
    user.desired_retention = round(float(desired_retention), 2)
    user.new_cards_per_day = int(new_cards_per_day)
    user.include_background = bool(include_background)


def admin_exists() -> bool:
    """True once any admin account exists (the setup page then disappears)."""
    return db.session.scalar(sa.select(sa.exists().where(User.role == Role.ADMIN.value))) or False


def create_first_admin(*, email: str, display_name: str, password: str) -> User:
    """Create the first admin, or raise AccountError if one exists already.

    Two people may submit the setup form at once; the database decides who wins. On SQLite the
    request's transaction began with ``BEGIN IMMEDIATE``, so the check below and the insert run
    under the single write lock. On PostgreSQL a transaction-scoped advisory lock serialises the
    two transactions, and READ COMMITTED lets the second one see the first one's admin.
    """
    password_hash = _new_password_hash(password)  # before the lock: hashing is slow
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(SETUP_LOCK_KEY)))
    if admin_exists():
        raise AccountError("An administrator already exists; setup is closed.")
    return _add_user(
        email=email, display_name=display_name, password_hash=password_hash, role=Role.ADMIN
    )


_DUMMY_HASH = generate_password_hash("not-a-real-password-for-timing")
