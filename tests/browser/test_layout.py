"""The layout in a real browser: no horizontal scroll at 320 px, skip link reachable by keyboard."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_fits_320px_and_skip_link_is_first_tab_stop(browser, live_server, screenshot_dir):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.screenshot(path=str(screenshot_dir / "home-320.png"), full_page=True)
    page.close()
