"""Several test clients share the test's app context (and so ``g`` and the database session).
Make each request behave as on a real server: the signed-in user is looked up afresh, and the
request's transaction ends with the request (else an SQLite write lock would outlive it and block
a second app on the same file)."""

from __future__ import annotations

import pytest
from flask import Flask, g

from quizapp.extensions import db


def forget_user_between_requests(app: Flask) -> None:
    """Drop Flask-Login's per-context cache of the user at the start of each request."""

    @app.before_request
    def _forget_cached_user() -> None:
        g.pop("_login_user", None)
        db.session.rollback()  # start from a fresh snapshot, as a new request on a server would

    @app.teardown_request
    def _end_transaction(_exc: BaseException | None) -> None:
        db.session.rollback()  # a no-op after the view's commit; ends a read-only transaction


@pytest.fixture(autouse=True)
def _separate_clients(request: pytest.FixtureRequest) -> None:
    if "app" in request.fixturenames:
        forget_user_between_requests(request.getfixturevalue("app"))
