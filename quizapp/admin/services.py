"""Administration: listing users and changing roles without ever leaving the site without an
admin."""

from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from werkzeug.exceptions import NotFound

from quizapp.extensions import db
from quizapp.models.accounts import Role, User

PER_PAGE = 25


class RoleChangeError(ValueError):
    """A role change that cannot be made; the message is for the admin."""


def search_users(query: str | None, page: int, per_page: int = PER_PAGE) -> Pagination:
    """A page of users whose name or email contains ``query`` (case-insensitive), by name."""
    statement = sa.select(User).order_by(sa.func.lower(User.display_name), User.id)
    text = (query or "").strip()
    if text:
        statement = statement.where(
            sa.or_(
                User.display_name.icontains(text, autoescape=True),
                User.email.icontains(text, autoescape=True),
            )
        )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def change_role(actor: User, user_id: int, role: str) -> User:
    """Give user ``user_id`` the role ``role``. The caller commits.

    The admins are locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's write transaction is
    already exclusive) before counting, so two admins demoting each other at the same moment
    cannot leave the site with none.

    Raises:
        NotFound: no such user.
        RoleChangeError: an unknown role, or the change would remove the last admin.
    """
    try:
        new_role = Role(role)
    except ValueError:
        raise RoleChangeError("Choose learner, trainer or admin.") from None
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    if user.role == Role.ADMIN.value and new_role is not Role.ADMIN:
        admins = db.session.scalars(
            sa.select(User.id).where(User.role == Role.ADMIN.value).with_for_update()
        ).all()
        if len(admins) <= 1:
            who = "yourself" if user.id == actor.id else user.display_name
            raise RoleChangeError(
                f"You cannot demote {who}: the site needs at least one admin. "
                "Make someone else an admin first."
            )
    user.role = new_role.value
    return user


def set_author(user_id: int, grant: bool) -> User:
    """Make user ``user_id`` an author (``grant``) or no longer one; the caller commits.
    Trainers and admins may author whatever this flag says (``User.may_author``).

    Raises:
        NotFound: no such user.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    user.is_author = grant
    return user
