"""Automated WCAG 2.1 A/AA checks (axe-core, see the ``axe_script`` fixture) on every kind of
page, as a visitor, a learner in the middle of a quiz, a trainer and an admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page


from pathlib import Path

import pytest

from quizapp.content.bank import build_bank
from quizapp.content.services import sync_bank
from quizapp.extensions import db
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, answer_any
from tests.browser.conftest import axe_violations as _violations

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _check(page: Page, axe_script: str, url: str, found: dict[str, list[str]]) -> None:
    page.goto(url)
    problems = _violations(page, axe_script)
    if problems:
        found[page.url] = problems


def _world() -> dict[str, int]:
    sync_bank(build_bank(ROOT))
    factories.make_user("admin@example.org", role="admin")
    trainer = factories.make_user("trainer@example.org", role="trainer")
    learner = factories.make_user("learner@example.org")
    cohort = factories.make_cohort(trainer, "Labour inspectors", learners=(learner,))
    db.session.flush()
    return {"cohort": cohort.id}


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_pass_axe(browser, live_server, axe_script, viewport):
    ids = live_server.run_in_app(_world)
    base = live_server.url
    found: dict[str, list[str]] = {}
    visitor = browser.new_context(viewport=viewport).new_page()
    for path in ("/", "/login", "/register", "/document", "/join", "/live/join"):
        _check(visitor, axe_script, base + path, found)

    learner = browser.new_context(viewport=viewport).new_page()
    _login(learner, base, "learner@example.org")
    for path in (
        "/dashboard",
        "/study",
        "/progress",
        "/account",
        "/cohorts",
        "/quiz",
        "/reports/me",
    ):
        _check(learner, axe_script, base + path, found)
    learner.goto(base + "/study")
    learner.click("#reveal")
    found.update({f"{learner.url} (revealed)": p for p in [_violations(learner, axe_script)] if p})
    learner.goto(base + "/quiz")
    learner.fill("input[name=length]", "5")
    learner.get_by_role("button", name="Start the quiz").click()
    found.update({f"{learner.url} (question)": p for p in [_violations(learner, axe_script)] if p})
    for _ in range(5):
        answer_any(learner)
        found.update(
            {f"{learner.url} (feedback)": p for p in [_violations(learner, axe_script)] if p}
        )
        next_link = learner.get_by_role("link", name="Next question")
        if next_link.count():
            next_link.click()
        else:
            learner.get_by_role("link", name="See your results").click()
            break
    found.update({f"{learner.url} (results)": p for p in [_violations(learner, axe_script)] if p})

    trainer = browser.new_context(viewport=viewport).new_page()
    _login(trainer, base, "trainer@example.org")
    cohort = ids["cohort"]
    for path in (
        f"/cohorts/{cohort}",
        "/live",
        "/live/new",
        "/reports",
        f"/reports/cohorts/{cohort}",
        f"/reports/items?cohort={cohort}",
    ):
        _check(trainer, axe_script, base + path, found)

    admin = browser.new_context(viewport=viewport).new_page()
    _login(admin, base, "admin@example.org")
    _check(admin, axe_script, base + "/admin/users", found)
    assert not found, "\n".join(f"{url}: {p}" for url, problems in found.items() for p in problems)
