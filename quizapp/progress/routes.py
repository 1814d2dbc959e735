"""Routes of the progress package (placeholder until the feature lands)."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("progress", __name__)


@bp.get("/dashboard")
@login_required
def dashboard():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="dashboard")


@bp.get("/progress")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="index")
