"""Every route is either marked public or refuses anonymous visitors — walked from url_map,
so a route added later cannot be forgotten."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Rule


def _sample_url(app: Flask, rule: Rule) -> str:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        is_int = isinstance(rule._converters[name], IntegerConverter)
        values[name] = 1 if is_int else "x"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def test_every_route_is_public_or_requires_login(app: Flask, client):
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "is_public", False):
            continue
        url = _sample_url(app, rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            # Exactly a redirect to the login page: a 404 here could hide a missing @login_required
            # behind an empty database.
            assert response.status_code == 302, (rule.rule, method, response.status_code)
            assert "/login" in response.headers["Location"], (rule.rule, method)
            checked += 1
    assert checked > 0
