"""Routes of the quiz package (placeholder until the feature lands)."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("quiz", __name__)


@bp.get("/quiz")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Placeholder page."""
    return render_template("placeholder.html", title="index")
