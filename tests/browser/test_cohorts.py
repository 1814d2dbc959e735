"""Cohorts in a real browser: a learner joins with a code on a phone; the trainer's page shows the
QR."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page


import pytest

from tests import factories
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def _seed() -> int:
    trainer = factories.make_user("trainer@example.org", role="trainer", name="Tina Trainer")
    factories.make_user("learner@example.org", name="Lea Learner")
    cohort = factories.make_cohort(trainer, "Labour inspectors", join_code="KMNPQRST")
    return cohort.id


def _log_in(page: Page, base_url: str, email: str, next_path: str = "") -> None:
    page.goto(base_url + "/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_learner_joins_with_a_code_on_a_phone(browser, live_server, screenshot_dir):
    live_server.run_in_app(_seed)
    page = browser.new_page(viewport=PHONE)
    # A visitor types the code first, is sent to log in, and comes back to confirm.
    page.goto(live_server.url + "/join")
    page.get_by_label("Code or PIN").fill("kmnp-qrst")
    page.screenshot(path=str(screenshot_dir / "cohort-join-phone.png"), full_page=True)
    page.get_by_role("button", name="Join").click()
    assert "/login" in page.url
    page.get_by_label("Email").fill("learner@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert page.url.endswith("/join/KMNPQRST")
    assert "Labour inspectors" in page.inner_text("main")
    page.get_by_role("button", name="Join").click()
    assert page.locator("h1").inner_text() == "Labour inspectors"
    assert "You joined Labour inspectors." in page.inner_text(".flashes")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "cohort-joined-phone.png"), full_page=True)
    page.close()


def test_trainer_page_shows_the_qr_code_on_desktop(browser, live_server, screenshot_dir):
    cohort_id = live_server.run_in_app(_seed)
    page = browser.new_page(viewport=DESKTOP)
    _log_in(page, live_server.url, "trainer@example.org", f"/cohorts/{cohort_id}")
    assert page.locator("h1").inner_text() == "Labour inspectors"
    qr = page.get_by_alt_text("QR code that opens the join link", exact=False)
    qr.wait_for()
    assert qr.is_visible()
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=qr.element_handle())  # the image arrives after the page
    assert page.evaluate(loaded, qr.element_handle())
    box = qr.bounding_box()
    assert box["width"] >= 200 and box["height"] >= 200
    assert "KMNP-QRST" in page.inner_text(".join-panel")
    page.screenshot(path=str(screenshot_dir / "cohort-trainer-desktop.png"), full_page=True)
    page.close()
