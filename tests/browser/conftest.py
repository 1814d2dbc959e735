"""Browser fixtures: the app served from a thread on a free port, and Debian's chromium driven by
Playwright (never ``playwright install``). Tests here skip when chromium is absent, unless
``QUIZAPP_REQUIRE_BROWSER`` is set (CI), where they fail instead."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from quizapp.extensions import db
from tests.conftest import copy_schema, make_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless chromium for the session."""
    if not (os.path.exists(CHROMIUM) and shutil.which("chromium")):
        if os.environ.get("QUIZAPP_REQUIRE_BROWSER"):
            pytest.fail(
                "chromium is required (QUIZAPP_REQUIRE_BROWSER) but /usr/bin/chromium is missing"
            )
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class LiveServer:
    """The app served over HTTP from a background thread."""

    def __init__(self, app: Flask, server: BaseWSGIServer) -> None:
        self.app = app
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_port}"

    def run_in_app(self, function: Callable[[], object]) -> object:
        """Run ``function`` inside the app context (to prepare data) and commit."""
        with self.app.app_context():
            result = function()
            db.session.commit()
            return result


@pytest.fixture
def live_server(tmp_path: Path, sqlite_schema: Path) -> Iterator[LiveServer]:
    """A served app on a fresh SQLite database with the schema in place (a copy of the run's
    schema-only file)."""
    url = f"sqlite:///{tmp_path / 'browser.sqlite'}"
    copy_schema(sqlite_schema, url)
    app = make_app(url, str(tmp_path / "instance"), SERVER_NAME=None, WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, server)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _close_contexts(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, close every page and context it opened (before its server stops): pages
    left open keep polling and rendering in the one session-wide chromium, slowing every later
    test."""
    if "browser" not in request.fixturenames:
        yield
        return
    if "live_server" in request.fixturenames:
        request.getfixturevalue("live_server")  # so this teardown runs before the server's
    browser = request.getfixturevalue("browser")
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests save screenshots (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


AXE = Path(
    os.environ.get(
        "AXE_PATH",
        Path(__file__).resolve().parents[2]
        / ".ci"
        / "node"
        / "node_modules"
        / "axe-core"
        / "axe.min.js",
    )
)
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's script, from the npm registry (``.ci/run`` and ``make test`` install it into
    ``.ci/node``); without it the accessibility checks skip, except in CI, where they fail."""
    if not AXE.exists():
        if os.environ.get("QUIZAPP_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core is required in CI but {AXE} is missing")
        pytest.skip("axe-core is not installed (npm install --prefix .ci/node axe-core@4)")
    return str(AXE)


# Only the violations come back, and only what a report line shows: ``resultTypes`` stops axe
# building full node details (unique selectors, HTML) for the passes, incomplete and inapplicable
# results nobody reads — every rule still runs and every violation is reported in full.
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target),
  }));
}"""


@functools.cache
def _script(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def axe_violations(page: Page, axe_script: str) -> list[str]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page, once it has loaded (a click that navigates
    returns before the new page is complete); one line per violation."""
    page.wait_for_load_state()
    # evaluate() runs through the DevTools protocol, which the page's CSP (no inline scripts)
    # allows.
    page.evaluate(_script(axe_script))
    violations = page.evaluate(AXE_RUN, RULES)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {v['targets']}" for v in violations]


def answer_any(page: Page) -> None:
    """Give some answer to whatever kind of question is shown (right or wrong does not matter) and
    wait until the feedback page has loaded."""
    if page.locator("input[name=answer][type=text]").count():
        page.fill("input[name=answer]", "border")
    elif page.locator("select[id^=match_]").count():
        for select in page.locator("select[id^=match_]").all():
            select.select_option(index=1)
    else:
        page.locator("input[name=answer]").first.check()
    page.get_by_role("button", name="Check my answer").click()
    page.wait_for_load_state()


def register(page: Page, base_url: str, *, name: str, email: str) -> None:
    """Create an account through the real form and land on the dashboard."""
    page.goto(base_url + "/register")
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.fill("#password", "a long and unusual phrase 42")
    page.fill("#confirm", "a long and unusual phrase 42")
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboard")
