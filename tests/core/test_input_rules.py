"""Hostile input never gives a 500 (issue 9): control characters in text (a NUL byte stops
PostgreSQL) and numbers too large for the database, in paths, query strings and forms."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from flask_wtf import FlaskForm
from markupsafe import escape
from werkzeug.routing import IntegerConverter
from wtforms import SubmitField

import quizapp
from quizapp.core.base_form import BaseForm
from quizapp.core.bounded_ints import INT_MAX, BoundedIntConverter
from quizapp.core.text_input import (
    CONTROL_MESSAGE,
    has_control_character,
    normalise_newlines,
)
from quizapp.extensions import db
from quizapp.models import Cohort
from tests import factories

# --- the rule itself ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85"]
)
def test_control_characters_are_found(char):
    assert has_control_character(f"a{char}b")


@pytest.mark.parametrize("text", ["plain", "tab\there", "two\nlines", "Ana María 🙂", ""])
def test_ordinary_text_passes(text):
    assert not has_control_character(text)


def test_textarea_line_ends_become_newlines():
    assert normalise_newlines("a\r\nb\rc\n") == "a\nb\nc\n"


def _all_form_classes() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(quizapp.__path__, "quizapp."):
        importlib.import_module(module.name)
    found, stack = [], [FlaskForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("quizapp."):
                found.append(sub)
    return found


def test_every_form_with_input_fields_follows_the_input_rules(app: Flask):
    """A form added later cannot forget the rules: every form with a field people fill in
    inherits :class:`BaseForm` (a form of buttons only, like ``EmptyForm``, needs nothing)."""
    missing = []
    for form_class in _all_form_classes():
        fields = [
            f
            for f in vars(form_class).values()
            if hasattr(f, "field_class") and f.field_class is not SubmitField
        ]
        if fields and not issubclass(form_class, BaseForm):
            missing.append(f"{form_class.__module__}.{form_class.__qualname__}")
    assert not missing


# --- control characters through the real routes -------------------------------------------------


@pytest.fixture
def people(app):
    """A learner, a trainer with a cohort, an admin."""
    learner = factories.make_user("learner@example.org")
    trainer = factories.make_user("trainer@example.org", role="trainer")
    factories.make_user("admin@example.org", role="admin")
    topic = factories.make_topic()
    factories.make_item("single_choice", topic=topic)
    cohort = factories.make_cohort(trainer, "Inspectors", learners=(learner,))
    db.session.commit()
    return {"cohort": cohort.id, "topic": topic.id}


NUL = "la\x00@x.test"

#: (who signs in, path, form data) for every form that takes text; {cohort} and {topic} filled in.
FORM_POSTS = [
    (None, "/login", {"email": NUL, "password": factories.PASSWORD}),
    (None, "/login", {"email": "learner@example.org", "password": "pass\x00word"}),
    (
        None,
        "/register",
        {
            "display_name": "Ana\x00",
            "email": "ana@x.test",
            "password": "p" * 14,
            "confirm": "p" * 14,
        },
    ),
    (
        None,
        "/register",
        {"display_name": "Ana", "email": NUL, "password": "p" * 14, "confirm": "p" * 14},
    ),
    ("trainer", "/cohorts/new", {"name": "Ins\x00pectors"}),
    ("trainer", "/cohorts/new", {"name": "Inspectors 2", "description": "a\x00b"}),
    ("trainer", "/cohorts/{cohort}/co-trainers", {"email": NUL}),
    (
        "trainer",
        "/cohorts/{cohort}/assignments/new-quiz",
        {"title": "Week\x00 1", "topics": "{topic}", "kinds": "single_choice", "length": "5"},
    ),
    (
        "trainer",
        "/cohorts/{cohort}/assignments/new-goal",
        {"title": "\x1bGoal", "topics": "{topic}"},
    ),
    ("trainer", "/live/new", {"title": "Live\x00", "count": "1", "seconds_per_question": "20"}),
    ("learner", "/join", {"code": "AB\x00CD"}),
    (
        "learner",
        "/account/password",
        {"pw-current": "x\x00", "pw-password": "q" * 14, "pw-confirm": "q" * 14},
    ),
]


def _login(client, who: str | None) -> None:
    if who:
        response = client.post(
            "/login", data={"email": f"{who}@example.org", "password": factories.PASSWORD}
        )
        assert response.status_code == 302


def _fill(value: str, people: dict[str, int]) -> str:
    return value.format(**people) if "{" in value else value


@pytest.mark.parametrize(("who", "path", "data"), FORM_POSTS)
def test_control_characters_in_a_form_get_a_form_error(client, people, who, path, data):
    _login(client, who)
    cohorts_before = db.session.scalar(sa.select(sa.func.count(Cohort.id)))
    response = client.post(_fill(path, people), data={k: _fill(v, people) for k, v in data.items()})
    if response.status_code == 302:  # a form that reports errors through a flash message
        response = client.get(response.headers["Location"])
    assert response.status_code in (200, 400), response.status_code  # the form, with its errors
    assert str(escape(CONTROL_MESSAGE)) in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Cohort.id))) == cohorts_before


def test_a_textarea_keeps_its_lines_with_plain_newlines(client, people):
    _login(client, "trainer")
    response = client.post("/cohorts/new", data={"name": "Lines", "description": "one\r\ntwo"})
    assert response.status_code == 302
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.name == "Lines"))
    assert cohort.description == "one\ntwo"


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("trainer", "/live/new?q=a%00b"),
        ("admin", "/admin/users?q=%00"),
        (None, "/login?next=%2F%00"),
        ("trainer", "/reports/items?cohort=%00"),
        ("learner", "/study?topic=%01"),
        ("trainer", "/reports/cohorts/{cohort}?sort=learner%0D"),
    ],
)
def test_control_characters_in_the_query_string_are_a_400_that_says_why(client, people, who, path):
    _login(client, who)
    response = client.get(_fill(path, people))
    assert response.status_code == 400
    assert "invisible control character" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/join/AB%00CD", "/live/play/12%0034", "/live/play/1%00/state"])
def test_control_characters_in_the_path_are_not_found(client, people, path):
    _login(client, "learner")
    assert client.get(path).status_code == 404


# --- numbers too large for the database ----------------------------------------------------------


def test_every_integer_in_a_url_rule_is_bounded(app: Flask):
    converters = [
        c
        for rule in app.url_map.iter_rules()
        for c in rule._converters.values()
        if isinstance(c, IntegerConverter)
    ]
    assert converters
    assert all(isinstance(c, BoundedIntConverter) and c.max == INT_MAX for c in converters)


@pytest.mark.parametrize("huge", [INT_MAX + 1, 2**63])
def test_huge_ids_in_every_rule_are_not_found(app: Flask, client, people, huge):
    _login(client, "admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if not ints:
            continue
        values: dict[str, object] = {n: (huge if n in ints else "x") for n in rule.arguments}
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)  # type: ignore[arg-type]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            # 405 when another rule has the same shape for other methods (werkzeug checks the
            # method first); never the 500 a database lookup of the number would give.
            expected = {404} if method == "GET" else {404, 405}
            assert response.status_code in expected, (method, url, response.status_code)
            checked += 1
    assert checked > 30


def test_the_largest_id_is_still_a_plain_not_found(client, people):
    _login(client, "admin")
    assert client.get(f"/cohorts/{INT_MAX}").status_code == 404
    assert client.get(f"/reports/learners/{INT_MAX}").status_code == 404


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("learner", "/study?reveal=1&item=9223372036854775808"),
        ("learner", f"/study?reveal=1&item={INT_MAX + 1}"),
        ("admin", "/admin/users?page=461168601842738791"),
        ("admin", "/admin/users?page=-1"),
        ("trainer", "/reports/items?cohort=9223372036854775808"),
        ("trainer", f"/reports/items?assignment={INT_MAX + 1}"),
        ("trainer", f"/reports/items.xlsx?cohort={INT_MAX + 1}"),
    ],
)
def test_huge_numbers_in_the_query_string_are_a_400_with_a_message(client, people, who, path):
    _login(client, who)
    response = client.get(path)
    assert response.status_code == 400, response.status_code
    text = response.get_data(as_text=True)
    assert "could not be understood" not in text  # a message that says what is wrong


def test_a_huge_filter_of_the_cohort_report_is_a_form_error(client, people):
    _login(client, "trainer")
    response = client.get(f"/reports/cohorts/{people['cohort']}?assignment={INT_MAX + 1}")
    assert response.status_code == 200
    assert "Choose an assignment from the list." in response.get_data(as_text=True)
    csv = client.get(f"/reports/cohorts/{people['cohort']}/learners.csv?assignment={2**63}")
    assert csv.status_code == 400


@pytest.mark.parametrize("field", ["item_id", "seq"])
def test_a_huge_number_in_a_rating_is_refused_not_a_500(client, people, field):
    _login(client, "learner")
    data = {"item_id": "1", "seq": "0", "rating": "3", field: str(2**63)}
    response = client.post("/study/review", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "That rating could not be read" in page.get_data(as_text=True)


def test_a_huge_number_in_a_live_form_is_refused_not_a_500(client, people):
    _login(client, "trainer")
    response = client.post(
        "/live/new",
        data={"title": "x", "count": str(2**63), "cohort_id": str(2**63), "item_ids": str(2**40)},
    )
    assert response.status_code == 200
    assert "This number is too large." in response.get_data(as_text=True)
