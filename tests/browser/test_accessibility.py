"""Automated WCAG 2.1 A/AA checks (axe-core, see the ``axe_script`` fixture) on every kind of
page (the one list in ``tests/browser/pages.py``), on a phone and a desktop."""

from __future__ import annotations

import pytest

from tests.browser import pages
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.conftest import axe_violations as _violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_pass_axe(browser, live_server, axe_script, viewport):
    world = live_server.run_in_app(pages.build_world)
    found: dict[str, list[str]] = {}
    for label, page in pages.tour(browser, live_server.url, world, viewport):
        problems = _violations(page, axe_script)
        if problems:
            found[f"{label} ({page.url})"] = problems
    assert not found, "\n".join(f"{url}: {p}" for url, problems in found.items() for p in problems)
