"""HSTS over HTTPS, and no stored copies of a signed-in user's pages and downloads."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from tests import factories
from tests.conftest import make_app

#: Pages and downloads that show personal data, each as a learner or a trainer sees it.
PERSONAL_PATHS = (
    ("learner", "/account"),
    ("learner", "/progress"),
    ("learner", "/dashboard"),
    ("learner", "/reports/me"),
    ("learner", "/account/export.json"),
    ("learner", "/account/export/reviews.csv"),
    ("trainer", "/reports"),
    ("trainer", "/cohorts"),
)


@pytest.mark.parametrize(("role", "path"), PERSONAL_PATHS)
def test_a_signed_in_users_pages_are_never_stored(client, auth, role, path):
    factories.make_user(f"{role}@example.org", role=role)
    db.session.commit()
    auth.login(f"{role}@example.org")
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_and_static_files_may_be_cached(client, auth):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    factories.make_user()
    db.session.commit()
    auth.login()
    static = client.get("/static/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


def test_hsts_only_when_cookies_are_secure(tmp_path, database_url):
    plain = make_app(database_url, str(tmp_path / "plain"))
    assert "Strict-Transport-Security" not in plain.test_client().get("/login").headers
    secure = make_app(database_url, str(tmp_path / "secure"), SESSION_COOKIE_SECURE=True)
    response = secure.test_client().get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    for app in (plain, secure):
        with app.app_context():
            db.engine.dispose()
