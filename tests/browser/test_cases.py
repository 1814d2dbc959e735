"""A branching case played in the browser, on a 390 px phone (by keyboard alone) and on a desktop:
no sideways scrolling, the consequence announced (aria-live), axe clean on every page, the summary
with sources; then "Report a problem with this item" from a step."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from quizapp.content.bank import build_bank
from quizapp.content.services import sync_bank
from tests import factories
from tests.browser.conftest import DESKTOP, axe_violations
from tests.browser.pages import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
TITLE = "Paid to be moved"


def _fits(page: Page) -> None:
    viewport = page.viewport_size
    assert viewport is not None
    page.wait_for_load_state()  # a form sent by Enter may still be navigating
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def _checked(page: Page, axe_script: str, found: dict[str, list[str]]) -> None:
    _fits(page)
    problems = axe_violations(page, axe_script)
    if problems:
        found[page.url] = problems


def _choose_by_keyboard(page: Page) -> None:
    """Tab to the first option, choose it with Space, and send the form with Enter."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'option'"):
            break
    else:
        raise AssertionError("never reached an option by Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["phone-390", "desktop"])
def test_a_case_is_played_to_its_summary(browser, live_server, axe_script, viewport):
    def prepare() -> None:
        sync_bank(build_bank(ROOT))
        factories.make_user("learner@example.org")

    live_server.run_in_app(prepare)
    page = browser.new_page(viewport=viewport)
    page.goto(live_server.url + "/login")
    page.fill("#email", "learner@example.org")
    page.fill("#password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")
    found: dict[str, list[str]] = {}

    page.goto(live_server.url + "/cases")
    _checked(page, axe_script, found)
    page.get_by_role("link", name=TITLE, exact=True).click()
    _checked(page, axe_script, found)
    page.get_by_role("button", name="Start or resume the case").click()
    assert page.locator("legend").inner_text().startswith("On what you know so far")
    _checked(page, axe_script, found)

    decisions = 0
    while page.locator("input[name=option]").count():
        if decisions == 0:
            _choose_by_keyboard(page)  # the first decision without a mouse
        else:
            page.locator("input[name=option]").last.check()  # a wrong choice: the branch
            page.get_by_role("button", name="Decide").click()
        decisions += 1
        live = page.locator("#what-happened")
        assert live.get_attribute("aria-live") == "polite" and live.inner_text()
        _checked(page, axe_script, found)
        assert decisions <= 5
    assert 3 <= decisions <= 5
    assert "summary" in page.locator("h1").inner_text()
    assert "Smuggling of Migrants Protocol" in page.content()
    assert page.locator(".case-path > li").count() == decisions

    page.get_by_role("link", name="Report a problem with this item").click()
    _checked(page, axe_script, found)
    page.select_option("#reason", "unclear")
    page.fill("#comment", "Step two could be read two ways.")
    page.get_by_role("button", name="Send the report").click()
    assert "your report was sent" in page.content()
    assert not found, "\n".join(f"{url}: {p}" for url, ps in found.items() for p in ps)
