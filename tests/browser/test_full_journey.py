"""The whole learner journey on the real item bank: register → study five cards → a practice
quiz → results → practise the missed ones → progress, at a phone and a desktop viewport."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page


from pathlib import Path

import pytest
import sqlalchemy as sa

from quizapp.content.bank import build_bank
from quizapp.content.services import sync_bank
from quizapp.extensions import db
from quizapp.models import Attempt, CardState, Response, ReviewLog, User
from tests.browser.conftest import DESKTOP, PHONE, answer_any, register

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _fits(page: Page) -> None:
    page.wait_for_load_state()  # measure the whole page, not one still arriving after a click
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_register_study_quiz_results_progress(browser, live_server, screenshot_dir, name, viewport):
    live_server.run_in_app(lambda: sync_bank(build_bank(ROOT)))
    page = browser.new_page(viewport=viewport)
    register(page, live_server.url, name="Journey", email=f"journey-{name}@example.org")

    page.goto(live_server.url + "/study")
    for n in range(5):
        page.click("#reveal")
        assert page.locator("#answer").is_visible()
        if n == 0:
            assert "/passages/" in page.inner_html("#answer") or "Source" in page.inner_html(
                "#answer"
            )
            page.screenshot(path=str(screenshot_dir / f"journey-card-{name}.png"), full_page=True)
        page.locator(".rating-form button").nth(2).click()  # Good
        _fits(page)

    page.goto(live_server.url + "/quiz")
    page.fill("input[name=length]", "5")
    page.get_by_label("Practice: see if you were right, and why, after each question").check()
    page.get_by_role("button", name="Start the quiz").click()
    for position in range(1, 6):
        assert page.locator("h1").inner_text() == f"Question {position} of 5"
        _fits(page)
        answer_any(page)
        page.wait_for_selector("#feedback-heading")
        assert (
            page.get_by_role("heading", name="Source").count() == 1
        )  # every answer shows its source
        if position == 1:
            page.screenshot(
                path=str(screenshot_dir / f"journey-feedback-{name}.png"), full_page=True
            )
        link = "See your results" if position == 5 else "Next question"
        page.get_by_role("link", name=link).click()

    assert page.locator("h1").inner_text() == "Your results"
    _fits(page)
    page.screenshot(path=str(screenshot_dir / f"journey-results-{name}.png"), full_page=True)
    practise = page.get_by_role("button", name="I missed as flashcards")
    missed = practise.count()
    if missed:
        practise.click()
        page.wait_for_url("**/study**")

    page.goto(live_server.url + "/progress")
    _fits(page)
    assert page.locator("svg[role=img]").count() >= 1
    page.screenshot(path=str(screenshot_dir / f"journey-progress-{name}.png"), full_page=True)
    page.close()

    def _check() -> tuple[int, bool, int, set[int], set[int]]:
        user = db.session.execute(
            sa.select(User).where(User.email == f"journey-{name}@example.org")
        ).scalar_one()
        reviews = db.session.execute(
            sa.select(sa.func.count(ReviewLog.id)).where(ReviewLog.user_id == user.id)
        ).scalar_one()
        attempt = db.session.execute(
            sa.select(Attempt).where(Attempt.user_id == user.id)
        ).scalar_one()
        answers = db.session.execute(
            sa.select(sa.func.count(Response.id)).where(Response.attempt_id == attempt.id)
        ).scalar_one()
        wrong = db.session.scalars(
            sa.select(Response.item_id).where(Response.attempt_id == attempt.id, Response.score < 1)
        ).all()
        due = db.session.scalars(
            sa.select(CardState.item_id).where(
                CardState.user_id == user.id, CardState.item_id.in_(wrong)
            )
        ).all()
        return reviews, attempt.finished_at is not None, answers, set(wrong), set(due)

    reviews, finished, answers, wrong, due = live_server.run_in_app(_check)
    assert reviews == 5 and finished and answers == 5
    assert due == (wrong if missed else set())
