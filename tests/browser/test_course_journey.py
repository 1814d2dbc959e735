"""Issue 11's "Done when", in a real browser: an author creates a course, imports a DOCX and a PDF
made here, reviews the drafts, fixes one item's quote with the quote picker, publishes ten; a
learner studies and quizzes on them; then a new version of the DOCX with changed wording marks
the items citing the old words *needs review*."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.authoring.conftest import TREATY_LINES, make_docx, make_pdf, wrap
from tests.browser.conftest import answer_any, register

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}
SLUG = "seasonal-workers"
DOCX_TITLE = "Seasonal Workers Protocol"
PDF_TITLE = "Code of Practice for Labour Intermediaries"
# The sentence the new version rewords; the author's edited quote is a part of it.
OLD_B = '"Recruitment fee" means any payment demanded from a worker in exchange for a job'
NEW_B = '"Recruitment fee" means any charge or deduction taken from a worker for a job'
PICKED = '"Recruitment fee" means any payment demanded from a worker'
CODE_LINES = [
    "CODE OF PRACTICE FOR LABOUR INTERMEDIARIES",
    "Section 1",
    "Definitions",
    (
        '(a) "Placement record" shall mean the written file that an intermediary keeps for every '
        "worker it places with an employer;"
    ),
    (
        '(b) "Licensing office" refers to the public body that grants and withdraws the licences '
        "of labour intermediaries."
    ),
    "Section 2",
    "Duties of intermediaries",
    (
        "1. Every labour intermediary shall keep a placement record for each worker for five "
        "years after the placement ends."
    ),
    "2. Every labour intermediary shall give each worker, before departure:",
    "(a) a copy of the employment contract;",
    "(b) the address of the licensing office;",
    "(c) a statement of all costs of the journey.",
]


def _docx(lines: list[str]) -> bytes:
    """The treaty as Word paragraphs: headings styled, as an author's file would be."""
    paragraphs: list[tuple[str, str | None]] = []
    for line in filter(None, lines):
        if line.startswith("Article ") or line == "Preamble":
            paragraphs.append((line, "Heading 2"))
        elif line.isupper():
            paragraphs.append((line, "Title"))
        else:
            paragraphs.append((line, None))
    return make_docx(paragraphs)


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, the paragraphs wrapped as a PDF producer would."""
    return make_pdf([[row for line in lines for row in wrap(line)]])


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"], page.url


def _import(page: Page, files: Path, name: str, data: bytes, title: str | None) -> str:
    """Upload → preview → save; returns the success message on the generation report."""
    path = files / name
    path.write_bytes(data)
    if title is not None:
        page.fill("#title", title)
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="Preview passages").click()
    expect(page.locator("h1")).to_contain_text("Preview")
    assert page.locator(".passage-preview li").count() >= 5
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Save document and draft items").click()
    page.wait_for_url("**/report")
    return page.locator(".flash-success").inner_text()


def _select_with_mouse(page: Page, selector: str, words: str) -> None:
    """Drag the mouse across ``words`` inside ``selector``, as an author selects text."""
    box = page.evaluate(
        """([selector, words]) => {
          const element = document.querySelector(selector);
          element.scrollIntoView({block: 'center'});
          const node = element.firstChild;
          const start = node.textContent.indexOf(words);
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + 1);
          const first = range.getBoundingClientRect();
          range.setStart(node, start + words.length - 1);
          range.setEnd(node, start + words.length);
          const last = range.getBoundingClientRect();
          return {x0: first.left + 1, y0: first.top + first.height / 2,
                  x1: last.right - 1, y1: last.top + last.height / 2};
        }""",
        [selector, words],
    )
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move(box["x1"], box["y1"], steps=8)
    page.mouse.up()


def _publish_ten(page: Page, edited_key: str) -> list[str]:
    """Tick the edited card, six questions and three more flashcards in the draft list, and
    publish the ten in one bulk action; returns their keys."""
    rows = page.locator(".editor-item")
    keys = [rows.nth(n).locator("code").inner_text() for n in range(rows.count())]
    metas = [rows.nth(n).locator(".editor-item-meta").inner_text() for n in range(rows.count())]
    cards = [n for n, meta in enumerate(metas) if meta.startswith("Flashcard")]
    quiz = [n for n, meta in enumerate(metas) if not meta.startswith("Flashcard")]
    chosen = [keys.index(edited_key)]
    chosen += quiz[:6] + [n for n in cards if n not in chosen][:3]
    assert len(chosen) == 10, metas
    for n in chosen:
        rows.nth(n).locator("input[name=item_ids]").check()
    page.select_option("#action", "publish")
    page.get_by_role("button", name="Apply to checked items").click()
    expect(page.locator(".flash-success")).to_contain_text("Done for 10 item(s)")
    return [keys[n] for n in chosen]


def test_author_imports_publishes_and_a_learner_studies_then_a_new_version_flags_items(
    browser, live_server, tmp_path, screenshot_dir
):
    live_server.run_in_app(
        lambda: factories.make_user("author@example.org", role="trainer", name="Ana Author")
    )
    base = live_server.url
    author = browser.new_context(viewport=PHONE_390).new_page()
    _login(author, base, "author@example.org")

    # A private course, created in the browser.
    author.goto(base + "/courses")
    author.get_by_role("link", name="New course").click()
    author.fill("#title", "Seasonal workers")
    author.fill("#description", "The seasonal workers protocol and the intermediaries' code.")
    author.get_by_role("button", name="Create course").click()
    author.wait_for_url(f"**/courses/{SLUG}")

    # A DOCX and a PDF, each previewed then saved with its drafts.
    author.get_by_role("link", name="Add a document").click()
    saved = _import(author, tmp_path, "protocol.docx", _docx(TREATY_LINES), DOCX_TITLE)
    assert f"Saved {DOCX_TITLE}" in saved and "draft items to review" in saved
    author.goto(f"{base}/courses/{SLUG}/documents/new")
    saved = _import(author, tmp_path, "code.pdf", _pdf(CODE_LINES), PDF_TITLE)
    assert f"Saved {PDF_TITLE}" in saved
    _no_sideways_scroll(author)

    # Review the drafts: the list filtered by status, every row a draft.
    author.goto(f"{base}/courses/{SLUG}")
    author.get_by_role("link", name="Items", exact=True).click()
    author.click(".editor-filters summary")
    author.select_option("#status", "draft")
    author.get_by_role("button", name="Show items").click()
    author.wait_for_url("**status=draft**")
    drafts = author.locator(".editor-item")
    assert drafts.count() >= 20
    for n in range(drafts.count()):
        assert "· Draft ·" in drafts.nth(n).locator(".editor-item-meta").inner_text()
    assert PDF_TITLE in author.locator(".editor-items").inner_text()  # the PDF drafted too

    # Edit the definition card of "Recruitment fee": quote only the defining words, picked
    # by dragging the mouse across them in the passage.
    author.get_by_label("Search").fill("Recruitment fee")
    author.get_by_role("button", name="Show items").click()
    card = author.locator(".editor-item", has_text="Define, as used in").first
    card.get_by_role("link", name="Edit").click()
    author.wait_for_url("**/edit")
    assert author.input_value("#quote").startswith(OLD_B)
    _select_with_mouse(author, "#passage-text", PICKED)
    author.click("#use-selection")
    assert author.input_value("#quote") == PICKED
    author.locator("#editor-preview .source").get_by_text(PICKED).wait_for()
    _no_sideways_scroll(author)
    author.click("#save")
    author.wait_for_url("**/edit")
    expect(author.locator(".flash-success")).to_contain_text("(version 2)")
    assert author.input_value("#quote") == PICKED
    edited_key = author.locator(".editor-status code").inner_text()

    # Publish ten from the draft list, the edited card among them; then make the course public.
    author.goto(f"{base}/courses/{SLUG}/items?status=draft")
    published = _publish_ten(author, edited_key)
    author.goto(f"{base}/courses/{SLUG}/items?status=published")
    assert author.locator(".editor-item").count() == 10
    author.goto(f"{base}/courses/{SLUG}/settings")
    author.get_by_label("Public — every learner can find and study it").check()
    author.get_by_role("button", name="Save settings").click()
    expect(author.locator(".flash-success")).to_contain_text("Settings saved")

    # A learner finds the public course, enrols, studies its cards and takes a quiz.
    learner = browser.new_context(viewport=PHONE_390).new_page()
    register(learner, base, name="Lea Learner", email="lea@example.org")
    learner.goto(base + "/courses")
    learner.get_by_role("link", name="Seasonal workers").click()
    learner.get_by_role("button", name="Enrol in Seasonal workers").click()
    expect(learner.locator(".flash-success")).to_contain_text("You are enrolled")
    assert learner.get_by_role("heading", name="Authoring").count() == 0
    counts = learner.locator("table tbody td.num").all_inner_texts()
    assert sum(map(int, counts)) == 10  # the published ten; drafts are not the learner's
    learner.get_by_role("link", name="Study flashcards").click()
    for _ in range(3):
        learner.click("#reveal")
        assert "/passages/" in learner.inner_html("#answer")  # every card cites its source
        learner.locator(".rating-form button").nth(2).click()
    _no_sideways_scroll(learner)
    learner.goto(f"{base}/courses/{SLUG}")
    learner.get_by_role("link", name="Build a quiz").click()
    learner.fill("input[name=length]", "5")
    learner.get_by_role("button", name="Start the quiz").click()
    for _ in range(5):
        prompt = learner.locator("main").inner_text()
        assert "Seasonal Workers Protocol" in prompt or "Intermediaries" in prompt
        answer_any(learner)
        next_link = learner.get_by_role("link", name="Next question")
        if next_link.count():
            next_link.click()
        else:
            learner.get_by_role("link", name="See your results").click()
    learner.wait_for_url("**/results")
    expect(learner.locator("h1")).to_contain_text("Your results")
    _no_sideways_scroll(learner)

    # A new version of the DOCX rewords Article 3 (b): the items quoting it need review.
    author.goto(f"{base}/courses/{SLUG}/documents")
    author.get_by_role("link", name=f"New version of {DOCX_TITLE}").click()
    changed = [line.replace(OLD_B, NEW_B) for line in TREATY_LINES]
    assert changed != TREATY_LINES
    saved = _import(author, tmp_path, "protocol-v2.docx", _docx(changed), None)
    flagged_count = re.search(r"(\d+) need review", saved)
    assert "Saved version 2" in saved and flagged_count and int(flagged_count.group(1)) >= 1
    author.goto(f"{base}/courses/{SLUG}/documents/needs-review")
    review = author.locator("main").inner_text()
    assert edited_key in review and PICKED in review and "any charge or deduction" in review
    _no_sideways_scroll(author)
    author.goto(f"{base}/courses/{SLUG}/items")
    author.click(".editor-filters summary")
    author.select_option("#review", "yes")
    author.get_by_role("button", name="Show items").click()
    flagged = author.locator(".editor-item")
    assert flagged.count() == int(flagged_count.group(1))
    keys = [flagged.nth(n).locator("code").inner_text() for n in range(flagged.count())]
    assert edited_key in keys and all("recruitment-fee" in key for key in keys), keys
    for n in range(flagged.count()):
        assert "Needs review" in flagged.nth(n).inner_text()
    assert set(keys) & set(published)
    author.screenshot(path=str(screenshot_dir / "course-needs-review-390.png"), full_page=True)
