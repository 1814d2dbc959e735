"""The landing page and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from quizapp import __version__
from quizapp.core.access import public
from quizapp.core.health import database_status

bp = Blueprint("core", __name__)


@bp.get("/")
@public
def index() -> ResponseReturnValue:
    """Signed-in users go to their dashboard; visitors see what quizapp is."""
    if current_user.is_authenticated:
        return redirect(url_for("progress.dashboard"))
    return render_template("core/index.html")


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """200 with versions when the database answers, 503 when it does not."""
    status = database_status()
    body = {
        "status": "ok" if status.reachable else "unavailable",
        "database": status.reachable,
        "content_version": status.content_version,
        "app_version": __version__,
    }
    return jsonify(body), 200 if status.reachable else 503
