"""Health check, error pages and the base layout."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.typing import ResponseReturnValue

from tests.conftest import make_app


def test_healthz_reports_database_and_versions(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] is True
    assert body["status"] == "ok"
    assert body["app_version"]
    assert "content_version" in body


def test_healthz_is_503_when_database_is_unreachable(tmp_path):
    app = make_app(
        f"sqlite:///{tmp_path / 'missing-dir' / 'nope' / 'db.sqlite'}", str(tmp_path / "inst")
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] is False


def test_404_page_uses_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Page not found" in html
    assert 'href="#main"' in html


def test_api_errors_are_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"] == 404


def test_405_page(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response.is_json


def test_500_shows_no_stack_trace_and_logs_request_id(app: Flask, caplog):
    @app.get("/boom")
    def boom() -> ResponseReturnValue:
        raise RuntimeError("secret internals")

    app.logger.propagate = True
    response = app.test_client().get("/boom", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html
    assert "Traceback" not in html
    assert "req-123" in html
    assert response.headers["X-Request-ID"] == "req-123"
    assert any("unhandled error" in r.getMessage() for r in caplog.records)


def test_csrf_failure_is_a_friendly_400(database_url, tmp_path):
    app = make_app(database_url, str(tmp_path / "inst"), WTF_CSRF_ENABLED=True)
    from quizapp.extensions import db

    with app.app_context():
        db.create_all()
        response = app.test_client().post("/login", data={"email": "a@b.org", "password": "x"})
        db.engine.dispose()
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/document"])
def test_layout_landmarks_and_single_h1(client, path):
    if path == "/document":  # the reader of the built-in course's document
        from quizapp.extensions import db
        from tests.courses.helpers import make_document
        from tests.factories import default_course

        make_document(default_course(), "us-response-2017")
        db.session.commit()
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<nav" in html and "<header" in html and "<footer" in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert 'name="viewport"' in html


def test_security_headers_and_no_inline_scripts(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "quizapp" / "templates"
    inline = [p.name for p in templates.rglob("*.html") if "<script>" in p.read_text()]
    assert inline == []  # the policy forbids inline scripts
