"""Report pages in a real browser: fit a phone, print to PDF, sort by keyboard-reachable links."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page


import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Cohort, Membership
from quizapp.reports.demo import seed_demo
from tests import factories

pytestmark = pytest.mark.browser


def _data() -> int:
    topic = factories.make_topic(title="Smuggling and trafficking")
    other = factories.make_topic(title="Detention alternatives")
    for n in range(16):
        kind = ("single_choice", "true_false", "flashcard", "multiple_response")[n % 4]
        factories.make_item(
            kind,
            topic=(topic, other)[n % 2],
            passage=factories.make_passage(),
            difficulty=(n % 9) / 9,
        )
    trainer = factories.make_user("trainer@example.org", role="trainer")
    seed_demo(
        learners=24, days=120, force=True, seed=5, responses_per_learner=60, reviews_per_learner=80
    )
    cohort_id = db.session.execute(
        sa.select(Cohort.id).where(Cohort.is_demo).order_by(Cohort.id).limit(1)
    ).scalar_one()
    db.session.add(Membership(cohort_id=cohort_id, user_id=trainer.id, role="trainer"))
    return cohort_id


def _login(page: Page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=email]", "trainer@example.org")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("main form [type=submit]")


def test_report_pages_fit_a_phone_and_print(browser, live_server, screenshot_dir):
    cohort_id = live_server.run_in_app(_data)
    page = browser.new_page(viewport={"width": 320, "height": 640})
    _login(page, live_server.url)
    for name, path in (
        ("cohort", f"/reports/cohorts/{cohort_id}"),
        ("items", f"/reports/items?cohort={cohort_id}"),
        ("index", "/reports"),
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        wide = page.evaluate(
            """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
            > 321).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
            Math.round(e.getBoundingClientRect().right))"""
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (path, wide)
        page.screenshot(path=str(screenshot_dir / f"reports-{name}-320.png"), full_page=True)
    page.goto(live_server.url + f"/reports/cohorts/{cohort_id}")
    learner_link = page.locator("table.cohort-matrix tbody th a").first
    learner_link.click()
    page.wait_for_load_state()
    assert page.locator("svg[role=img] rect title").count() >= 26 * 7 - 6
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(screenshot_dir / "reports-learner-320.png"), full_page=True)
    page.close()

    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(desk, live_server.url)
    desk.goto(live_server.url + f"/reports/cohorts/{cohort_id}")
    desk.get_by_role("link", name="Time spent").click()
    assert desk.locator("th[aria-sort=descending]").inner_text().startswith("Time spent")
    desk.screenshot(path=str(screenshot_dir / "reports-cohort-desktop.png"), full_page=True)
    desk.emulate_media(media="print")
    assert desk.locator("nav[aria-label=Main]").is_hidden()
    assert desk.locator(".report-filters").is_hidden()
    pdf = desk.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (screenshot_dir / "reports-cohort.pdf").write_bytes(pdf)
    desk.emulate_media(media="screen")
    desk.locator("table.cohort-matrix tbody th a").first.click()
    desk.wait_for_load_state()
    desk.locator("details.heatmap-table summary").click()
    assert desk.locator("details.heatmap-table table tbody tr").count() == 26
    desk.screenshot(path=str(screenshot_dir / "reports-learner-desktop.png"), full_page=True)
    desk.goto(live_server.url + f"/reports/items?cohort={cohort_id}")
    desk.emulate_media(media="screen")
    desk.screenshot(path=str(screenshot_dir / "reports-items-desktop.png"), full_page=True)
    desk.close()
