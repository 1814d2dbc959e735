"""Flashcards in a real browser: Back after a rating stores nothing twice; on a phone the four
rating buttons are in reach without scrolling and the answer side shows the sentence once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import ReviewLog
from tests import factories

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}
SENTENCE = "Trafficking does not require crossing an international border."
LONG = (
    "The response explains at length why this matters: each State keeps records, trains its "
    "officials and cooperates with its neighbours, and it reports every year on what it did. "
)


def _deck() -> None:
    factories.make_user()
    topic = factories.make_topic(title="Trafficking in persons")
    passage = factories.make_passage(text=f"{LONG}{SENTENCE} {LONG}")
    factories.make_item(
        "cloze",
        topic=topic,
        passage=passage,
        quote=SENTENCE,
        body={
            "text": f"From the response: “{SENTENCE.replace('border', '____')}”",
            "answer": "border",
        },
        explanation=LONG,
    )
    factories.make_item(
        "flashcard",
        topic=topic,
        passage=passage,
        body={"front": "Define: trafficking in persons", "back": LONG + LONG},
        explanation=LONG,
    )


def _login(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", "learner@example.org")
    page.fill("#password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")


def _reviews(live_server) -> int:
    return live_server.run_in_app(lambda: db.session.scalar(sa.select(sa.func.count(ReviewLog.id))))


def test_back_after_rating_and_rating_again_is_stored_once(browser, live_server):
    live_server.run_in_app(_deck)
    page = browser.new_context(viewport=PHONE_390).new_page()
    _login(page, live_server.url)
    page.goto(live_server.url + "/study")
    page.click("#reveal")
    reveal_url = page.url
    with page.expect_navigation():
        page.get_by_role("button", name="Good").click()
    assert "Saved — next review in" in page.content() and _reviews(live_server) == 1
    page.go_back()
    assert page.url == reveal_url
    with page.expect_navigation():
        page.get_by_role("button", name="Good").click()
    assert _reviews(live_server) == 1
    assert "already saved" in page.content()


def test_on_a_phone_the_ratings_are_in_reach_and_the_sentence_shown_once(
    browser, live_server, screenshot_dir
):
    live_server.run_in_app(_deck)
    page = browser.new_context(viewport=PHONE_390).new_page()
    _login(page, live_server.url)
    page.goto(live_server.url + "/study")
    for n in range(2):
        page.click("#reveal")
        page.wait_for_selector("#answer")
        page.wait_for_load_state()
        page.screenshot(path=str(screenshot_dir / f"study-answer-390-{n}.png"))
        buttons = page.locator(".rating-form button")
        assert buttons.count() == 4
        for index in range(4):
            box = buttons.nth(index).bounding_box()
            assert box is not None and box["y"] >= 0, box
            assert box["y"] + box["height"] <= PHONE_390["height"], (n, index, box)
        text = page.inner_text("main")
        if n == 0:
            assert text.count("crossing an international") == 1, text
            assert page.inner_text("#answer mark") == "border"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
        with page.expect_navigation():
            page.get_by_role("button", name="Good").click()
