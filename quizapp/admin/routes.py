"""Administration: users and their roles."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from quizapp.admin import services
from quizapp.admin.forms import RoleForm, UserSearchForm
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
    return render_template("admin/users.html", search=search, query=query, page=page, forms=forms)


@bp.post("/admin/users/<int:user_id>/role")
@role_required("admin")
def change_role(user_id: int) -> ResponseReturnValue:
    """Change one user's role (with the last-admin guard)."""
    form = RoleForm(prefix=f"u{user_id}")
    back = url_for(
        "admin.users", q=request.args.get("q") or None, page=request.args.get("page", type=int)
    )
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
