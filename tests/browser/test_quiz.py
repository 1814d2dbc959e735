"""A practice quiz on a phone: build it, answer five questions (the first by keyboard alone),
read the results; no sideways scrolling at 320 px; feedback takes focus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page


import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser

KEYS = {spec["prompt"]: spec for spec in factories.QUIZ_BANK_SPECS}


def _fits(page: Page) -> None:
    page.wait_for_load_state()  # measure the whole page, not one still arriving after a click
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def _answer_with_mouse(page: Page, spec: dict[str, Any]) -> None:
    body = spec["body"]
    if spec["kind"] == "matching":
        for index in range(len(body["pairs"])):
            select = page.locator(f"#match_{index}")
            left = page.locator(f"label[for=match_{index}]").inner_text().strip()
            select.select_option(dict(body["pairs"])[left])
    elif spec["kind"] == "gap_fill":
        page.fill("input[name=answer]", body["answer"])
    else:
        for option in body["answer"]:
            page.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Check my answer").click()


def _tab_to(page: Page, predicate: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"never reached {predicate} by Tab")


def test_practice_quiz_on_a_phone(browser, live_server, screenshot_dir):
    def prepare() -> None:
        factories.make_quiz_bank()
        factories.make_user("phone@example.org")

    live_server.run_in_app(prepare)
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(live_server.url + "/login")
    page.fill("input[name=email]", "phone@example.org")
    page.fill("input[name=password]", factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/quiz")
    _fits(page)
    page.screenshot(path=str(screenshot_dir / "quiz-builder-320.png"), full_page=True)
    page.fill("input[name=length]", "5")
    page.get_by_label("Practice: see if you were right, and why, after each question").check()
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_load_state()
    assert "Only" not in page.content()

    for position in range(1, 6):
        assert page.locator("h1").inner_text() == f"Question {position} of 5"
        _fits(page)
        prompt = (
            page.locator(".prompt")
            .first.inner_text()
            .replace("(select all that apply)", "")
            .strip()
        )
        spec = KEYS[prompt]
        if position == 1:
            page.screenshot(path=str(screenshot_dir / "quiz-question-320.png"), full_page=True)
            # keyboard only: Tab into the answer, give it, Enter to send
            _tab_to(page, "el.name === 'answer' || (el.id || '').startsWith('match_')")
            if spec["kind"] == "gap_fill":
                page.keyboard.type(spec["body"]["answer"])
            elif spec["kind"] == "matching":
                for _ in spec["body"]["pairs"]:
                    page.keyboard.press("ArrowDown")
                    page.keyboard.press("Tab")
            else:
                page.keyboard.press("Space")
            _tab_to(
                page,
                "el.tagName === 'BUTTON' && el.type === 'submit' && el.closest('form.quiz-answer')",
            )
            page.keyboard.press("Enter")
        else:
            _answer_with_mouse(page, spec)
        page.wait_for_selector("#feedback-heading")
        # the verdict takes focus on arrival (autofocus runs just after load), so it is announced
        expect(page.locator("#feedback-heading")).to_be_focused(timeout=5000)
        assert spec["explanation"] in page.content()
        _fits(page)
        if position == 1:
            page.screenshot(path=str(screenshot_dir / "quiz-feedback-320.png"), full_page=True)
            _tab_to(page, "el.textContent.trim() === 'Next question'")
            page.keyboard.press("Enter")
        elif position < 5:
            page.get_by_role("link", name="Next question").click()
        else:
            assert "Correct" in page.locator("#feedback-heading").inner_text()
            page.get_by_role("link", name="See your results").click()

    assert page.locator("h1").inner_text() == "Your results"
    assert page.locator(".review-list > li").count() == 5
    _fits(page)
    page.screenshot(path=str(screenshot_dir / "quiz-results-320.png"), full_page=True)
    page.screenshot(path=str(screenshot_dir / "quiz-results-top-320.png"))
    page.locator("#q2").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "quiz-results-q2-320.png"))
    page.close()
