"""A learner in a real browser: register, study five cards by keyboard, see progress — on a phone
and a desktop."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import CardState, ReviewLog, User
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, register

pytestmark = pytest.mark.browser


def _content() -> None:
    topic = factories.make_topic(title="Smuggling of migrants")
    passage = factories.make_passage(
        text="Smuggling is a crime against the State; trafficking is a crime against the person."
    )
    for n in range(4):
        factories.make_item(
            "flashcard",
            topic=topic,
            passage=passage,
            body={
                "front": f"Card {n}: what distinguishes smuggling from trafficking?",
                "back": f"Answer {n}: smuggling is consensual transport across a border.",
            },
        )
    factories.make_item(
        "cloze",
        topic=factories.make_topic(title="Labour rights"),
        body={
            "text": "Trafficking does not require crossing an international ____.",
            "answer": "border",
        },
    )


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_register_study_five_cards_by_keyboard_then_progress(
    browser, live_server, screenshot_dir, name, viewport
):
    live_server.run_in_app(_content)
    page = browser.new_page(viewport=viewport)
    register(page, live_server.url, name="Amina", email=f"amina-{name}@example.org")
    assert "Continue studying" in page.content()
    page.screenshot(path=str(screenshot_dir / f"learner-dashboard-{name}.png"), full_page=True)

    page.click("text=Continue studying")
    page.wait_for_url("**/study")
    page.click(".study-filter summary")
    page.screenshot(path=str(screenshot_dir / f"learner-study-front-{name}.png"), full_page=True)
    page.click(".study-filter summary")
    page.evaluate(
        "document.activeElement.blur()"
    )  # Space on a focused summary toggles it, as it should
    for n in range(5):
        assert page.locator("#reveal").is_visible()
        with page.expect_navigation():
            page.keyboard.press("Space")
        assert page.locator("#answer").is_visible()
        assert page.locator(".rating-form button").count() == 4
        if n == 0:
            assert "/passages/" in page.inner_html("#answer")
            page.screenshot(
                path=str(screenshot_dir / f"learner-study-answer-{name}.png"), full_page=True
            )
        with page.expect_navigation():
            page.keyboard.press("3" if n % 2 == 0 else "4")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(screenshot_dir / f"learner-study-after-{name}.png"), full_page=True)

    page.goto(live_server.url + "/progress")
    assert page.locator("svg[role=img] title").count() == 1
    assert "5 flashcard reviews" in page.locator("svg desc").text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(screenshot_dir / f"learner-progress-{name}.png"), full_page=True)
    page.goto(live_server.url + "/account")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(screenshot_dir / f"learner-account-{name}.png"), full_page=True)
    page.close()

    def _check():
        user = db.session.scalar(sa.select(User).where(User.email == f"amina-{name}@example.org"))
        logs = db.session.scalars(sa.select(ReviewLog).where(ReviewLog.user_id == user.id)).all()
        cards = db.session.scalar(
            sa.select(sa.func.count(CardState.id)).where(CardState.user_id == user.id)
        )
        return len(logs), cards, [log.duration_ms for log in logs]

    reviews, cards, durations = live_server.run_in_app(_check)
    assert reviews == 5 and cards == 5
    assert all(d is not None and 0 <= d < 60_000 for d in durations)
