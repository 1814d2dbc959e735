"""Declarative access rules for views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from quizapp.models.accounts import Role

F = TypeVar("F", bound=Callable[..., Any])


def role_required(role: Role | str) -> Callable[[F], F]:
    """Require a signed-in user whose role is ``role`` or above (admin > trainer > learner)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)

    return decorator


def public(view: F) -> F:
    """Mark a view as open to visitors who are not signed in (read by the access-matrix test)."""
    # A marker attribute on the function; functions accept new attributes, which mypy cannot see.
    view.is_public = True  # type: ignore[attr-defined]
    return view
