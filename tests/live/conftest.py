"""Several test clients share the test's app context (and so ``g`` and the database session).
Make each request behave as on a real server: the signed-in user is looked up afresh, and the
request's transaction ends with the request (else an SQLite write lock would outlive it and block
a second app on the same file)."""

from __future__ import annotations

import pytest
from flask import Flask

from quizapp.extensions import db


def forget_user_between_requests(app: Flask) -> None:
    """Start each request from a fresh database snapshot (the user cache is dropped in
    tests/conftest.py)."""

    @app.before_request
    def _fresh_snapshot() -> None:
        db.session.rollback()  # start from a fresh snapshot, as a new request on a server would

    @app.teardown_request
    def _end_transaction(_exc: BaseException | None) -> None:
        db.session.rollback()  # a no-op after the view's commit; ends a read-only transaction


@pytest.fixture(autouse=True)
def _separate_clients(request: pytest.FixtureRequest) -> None:
    if "app" in request.fixturenames:
        forget_user_between_requests(request.getfixturevalue("app"))
