"""Routes of the reports package (placeholder until the feature lands)."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("reports", __name__)


@bp.get("/reports")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="index")
