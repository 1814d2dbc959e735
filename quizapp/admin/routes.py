"""Administration: users and their roles."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from quizapp.admin import services
from quizapp.admin.forms import AuthorForm, RoleForm, UserSearchForm
from quizapp.core.access import role_required
from quizapp.core.bounded_ints import query_int
from quizapp.extensions import db

bp = Blueprint("admin", __name__)


@bp.get("/admin/users")
@role_required("admin")
def users() -> ResponseReturnValue:
    """Every user with their role, paginated and searchable, with a role form per user."""
    search = UserSearchForm(request.args)
    query = search.q.data if search.validate() else ""
    page = services.search_users(query, query_int("page", 1, minimum=1))
    forms = {
        user.id: RoleForm(formdata=None, role=user.role, prefix=f"u{user.id}")
        for user in page.items
    }
    return render_template(
        "admin/users.html",
        search=search,
        query=query,
        page=page,
        forms=forms,
    )


def _back() -> str:
    """The users page the form was sent from (search and page kept)."""
    return url_for(
        "admin.users", q=request.args.get("q") or None, page=request.args.get("page", type=int)
    )


@bp.post("/admin/users/<int:user_id>/role")
@role_required("admin")
def change_role(user_id: int) -> ResponseReturnValue:
    """Change one user's role (with the last-admin guard)."""
    form = RoleForm(prefix=f"u{user_id}")
    back = _back()
    if not form.validate_on_submit():
        flash("Choose learner, trainer or admin.", "error")
        return redirect(back)
    try:
        user = services.change_role(current_user, user_id, form.role.data)
    except services.RoleChangeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            f"{user.display_name} is now {'an' if user.role == 'admin' else 'a'} {user.role}.",
            "success",
        )
    return redirect(back)


@bp.post("/admin/users/<int:user_id>/author")
@role_required("admin")
def change_author(user_id: int) -> ResponseReturnValue:
    """Grant or withdraw the right to author courses (trainers and admins always have it)."""
    form = AuthorForm()
    if not form.validate_on_submit():
        flash("That change could not be read. Please try again.", "error")
        return redirect(_back())
    user = services.set_author(user_id, form.grant.data == "1")
    db.session.commit()
    if user.is_author:
        flash(f"{user.display_name} may now author courses.", "success")
    else:
        note = " (as a trainer or admin they still may)" if user.may_author else ""
        flash(f"{user.display_name} is no longer an author{note}.", "success")
    return redirect(_back())
