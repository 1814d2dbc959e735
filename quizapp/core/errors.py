"""Error pages in the app's layout, JSON for ``/api/`` and ``/healthz``; never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from quizapp.core import database
from quizapp.extensions import db

JSON_PREFIXES = ("/api/", "/healthz")

MESSAGES = {
    400: "The request could not be understood. Please go back and try again.",
    403: "You do not have access to this page.",
    404: "There is nothing at this address.",
    405: "This page does not accept that kind of request.",
    413: "What you sent is too large.",
    429: "Too many attempts. Please wait a moment and try again.",
    500: "Something went wrong on our side. It has been logged; please try again.",
    503: (
        "The site is busy saving other work and could not save yours; nothing was changed. "
        "Please try again in a few seconds."
    ),
}

#: Seconds a client is asked to wait when the database's write lock stayed busy.
RETRY_AFTER_SECONDS = 5


def wants_json() -> bool:
    """True for API paths, where errors are JSON rather than a page."""
    return request.path.startswith(JSON_PREFIXES)


def render_error(code: int, message: str | None = None) -> ResponseReturnValue:
    """Answer ``code`` as JSON or as a page, with a friendly message and the request id."""
    text = message or MESSAGES.get(code, "Something went wrong.")
    request_id = g.get("request_id", "-")
    if wants_json():
        return jsonify(error=code, message=text, request_id=request_id), code
    return render_template(
        "errors/error.html", code=code, message=text, request_id=request_id
    ), code


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        return render_error(
            400, "This form has expired or was sent twice. Please reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        if error.code is None or error.code >= 500:
            return _server_error(error)
        message = (
            MESSAGES.get(error.code)
            if error.description == type(error).description
            else error.description
        )
        return render_error(error.code, message)

    @app.errorhandler(Exception)
    def _server_error(error: BaseException) -> ResponseReturnValue:
        original = getattr(error, "original_exception", None) or error
        if database.is_lock_timeout(original):
            return _busy()
        if not isinstance(original, InternalServerError):
            app.logger.exception(
                "unhandled error on %s %s", request.method, request.path, exc_info=original
            )
        db.session.rollback()
        return render_error(500)


def _busy() -> Response:
    """503 + Retry-After when SQLite's write lock stayed taken: the transaction is rolled back, so
    nothing half-written remains, and the page is rendered without asking for the lock again."""
    db.session.rollback()
    database.set_write_intent(False)  # the request's teardown restores the context's value
    response = make_response(render_error(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
