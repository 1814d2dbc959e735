"""Several test clients share the test's app context (and so ``g``); forget the signed-in user
between requests so each client is seen as itself, as separate browsers would be."""

from __future__ import annotations

import pytest
from flask import Flask, g


def forget_user_between_requests(app: Flask) -> None:
    """Drop Flask-Login's per-context cache of the user at the start of each request."""

    @app.before_request
    def _forget_cached_user() -> None:
        g.pop("_login_user", None)


@pytest.fixture(autouse=True)
def _separate_clients(request: pytest.FixtureRequest) -> None:
    if "app" in request.fixturenames:
        forget_user_between_requests(request.getfixturevalue("app"))
