"""The item editor in a real browser at phone width: the preview follows typing, the quote picker
turns selected passage words into the quote, the page never scrolls sideways, and the item saves."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}


def test_author_writes_an_item_with_the_quote_picker(browser, live_server, screenshot_dir):
    from tests import factories
    from tests.editor.conftest import make_course

    def build() -> tuple[int, int]:
        from quizapp.extensions import db

        world = make_course(factories.make_user("trainer@example.org", role="trainer"))
        db.session.commit()
        return world.topics[0].id, world.passages[0].id

    _, passage_id = live_server.run_in_app(build)
    page = browser.new_context(viewport=PHONE_390).new_page()
    page.goto(live_server.url + "/login")
    page.fill("#email", "trainer@example.org")
    page.fill("#password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")

    page.goto(live_server.url + "/courses/palermo/items/new?kind=single_choice")
    page.fill("#prompt", "Which act is named in the definition of trafficking in persons?")
    page.locator("#editor-preview").get_by_text("Which act is named").wait_for()
    for n, text in enumerate(["Recruitment", "Taxation", "Tourism", "Translation"]):
        page.fill(f"#b_options_{n}", text)
    page.get_by_label("Correct (option 1)").check()
    page.fill("#explanation", "Article 3 (a) lists the acts of the definition.")
    page.select_option("#passage_id", str(passage_id))
    page.wait_for_selector("#passage-text")
    # Select "Trafficking in persons shall mean" in the passage, as an author would by dragging.
    page.evaluate(
        """() => {
          const node = document.getElementById('passage-text').firstChild;
          const start = node.textContent.indexOf('Trafficking in persons');
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + 'Trafficking in persons shall mean'.length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    page.click("#use-selection")
    assert page.input_value("#quote") == "Trafficking in persons shall mean"
    page.locator("#editor-preview .source").get_by_text("Trafficking in persons").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "editor-390.png"), full_page=True)
    page.click("#save")
    page.wait_for_url("**/edit")
    assert "Saved item" in page.text_content("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
