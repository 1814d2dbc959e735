"""Every page without URL arguments, seen by an admin (who may open them all), renders in the
layout with exactly one h1 and no server error; walked from url_map so new pages are included."""

from __future__ import annotations

import re

from flask import Flask

from tests import factories


def test_every_argument_free_page_has_one_h1(app: Flask, client, auth):
    factories.make_user("admin@example.org", role="admin")
    factories.make_quiz_bank()
    from quizapp.extensions import db

    db.session.commit()
    auth.login("admin@example.org")
    checked = []
    for rule in app.url_map.iter_rules():
        if rule.arguments or "GET" not in (rule.methods or set()) or rule.endpoint == "static":
            continue
        response = client.get(rule.rule)
        assert response.status_code < 500, rule.rule
        if response.status_code == 200 and response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            assert len(re.findall(r"<h1[ >]", html)) == 1, rule.rule
            assert '<html lang="en">' in html and '<main id="main"' in html, rule.rule
            checked.append(rule.rule)
    assert len(checked) >= 15, checked
