"""Routes of the cohorts package (placeholder until the feature lands)."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("cohorts", __name__)


@bp.get("/cohorts")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="index")


@bp.get("/join")
@login_required
def join():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="join")
