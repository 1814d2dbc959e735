"""Routes of the admin package (placeholder until the feature lands)."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("admin", __name__)


@bp.get("/admin/users")
@login_required
def users():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="users")
