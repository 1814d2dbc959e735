"""The layout in a real browser: no horizontal scroll at 320 px, skip link reachable by keyboard."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}


def test_home_fits_320px_and_skip_link_is_first_tab_stop(browser, live_server, screenshot_dir):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.screenshot(path=str(screenshot_dir / "home-320.png"), full_page=True)
    page.close()


def _learner_page(browser, live_server, viewport):
    from tests import factories

    live_server.run_in_app(lambda: factories.make_user())
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(live_server.url + "/login")
    page.fill("#email", "learner@example.org")
    page.fill("#password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")
    return page


def test_phone_menu_is_one_row_and_opens_by_keyboard(browser, live_server, screenshot_dir):
    page = _learner_page(browser, live_server, {"width": 390, "height": 844})
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 64, header  # one row: brand and "Menu"
    flashcards = page.get_by_role("link", name="Flashcards", exact=True)
    assert not flashcards.is_visible()
    page.screenshot(path=str(screenshot_dir / "menu-closed-390.png"))
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Menu"
    page.keyboard.press("Enter")
    assert flashcards.is_visible()
    assert page.get_by_role("link", name="Join", exact=True).is_visible()
    page.screenshot(path=str(screenshot_dir / "menu-open-390.png"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Dashboard"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard")


def test_desktop_menu_shows_its_links_without_a_button(browser, live_server, screenshot_dir):
    page = _learner_page(browser, live_server, {"width": 1280, "height": 800})
    assert page.get_by_role("link", name="Flashcards", exact=True).is_visible()
    assert page.get_by_role("link", name="Join", exact=True).is_visible()
    assert not page.locator(".site-menu > summary").is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 64, header
    page.screenshot(path=str(screenshot_dir / "menu-1280.png"))


def test_no_page_kind_scrolls_sideways_on_a_390px_phone(browser, live_server, screenshot_dir):
    """Every page kind (the list in pages.py) with long names in it fits a 390 px phone."""
    from tests.browser import pages

    world = live_server.run_in_app(pages.build_world)
    wide: dict[str, int] = {}
    seen = 0
    for label, page in pages.tour(browser, live_server.url, world, PHONE_390):
        seen += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("window.innerWidth"):
            wide[label] = width
            name = "".join(c if c.isalnum() else "-" for c in label).strip("-")
            page.screenshot(path=str(screenshot_dir / f"wide-390-{name}.png"), full_page=True)
    assert seen >= 40, seen
    assert not wide, wide
