"""Routes of the live package (placeholder until the feature lands)."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("live", __name__)


@bp.get("/live")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="index")

