"""The item analysis table sorts by any column and filters by topic and flag, on the server, so it
works without JavaScript; flagged items come first by default (issue 9)."""

from __future__ import annotations

import csv
import io

import pytest

from quizapp.extensions import db
from quizapp.reports.item_analysis import item_analysis_for
from quizapp.reports.item_table import ItemView, view_items
from tests import factories
from tests.reports.conftest import MATRIX


@pytest.fixture
def answered(world):
    """The MATRIX on an assignment, and one more item of a second topic answered by everyone."""
    extra_topic = factories.make_topic(title="Return and readmission")
    extra = factories.make_item(topic=extra_topic, prompt="Extra topic question?")
    assignment = factories.make_assignment(world.cohort, title="Week 1 check")
    for n, (learner, row) in enumerate(zip(world.learners, MATRIX, strict=True)):
        scores = [*zip(world.items, row, strict=True), (extra, 1.0 if n % 2 else 0.0)]
        factories.make_scored_attempt(learner, scores, assignment=assignment)
    db.session.commit()
    return extra_topic, extra


def _facilities(rows) -> list[float]:
    return [r.stats.facility for r in rows]


def test_view_sorts_filters_and_puts_flagged_first(world, answered):
    rows = item_analysis_for(world.trainer, world.cohort.id, None, False).items
    default = view_items(rows, ItemView())
    flagged = [r for r in default if r.flags]
    assert flagged and flagged == default[: len(flagged)]
    assert _facilities(view_items(rows, ItemView(sort="facility"))) == sorted(_facilities(rows))
    assert _facilities(view_items(rows, ItemView(sort="facility", descending=True))) == sorted(
        _facilities(rows), reverse=True
    )
    extra_topic, extra = answered
    assert [r.item_id for r in view_items(rows, ItemView(topic=extra_topic.title))] == [extra.id]
    assert all(not r.flags for r in view_items(rows, ItemView(flag="unflagged")))
    assert view_items(rows, ItemView(flag="flagged")) == flagged


def _order(text: str, prompts: list[str]) -> list[str]:
    present = [p for p in prompts if p in text]
    return sorted(present, key=text.index)


def test_page_sorts_by_a_column_link_with_aria_sort(client, auth, world, answered):
    auth.login("trainer@example.org")
    cid = world.cohort.id
    page = client.get(f"/reports/items?cohort={cid}").get_data(as_text=True)
    assert 'aria-sort="ascending"' in page and "flagged items first" in page
    assert f"/reports/items?cohort={cid}&amp;sort=facility&amp;dir=asc" in page  # a plain link
    page = client.get(f"/reports/items?cohort={cid}&sort=facility&dir=desc").get_data(as_text=True)
    assert page.count("aria-sort=") == 1
    header = page[page.index('aria-sort="descending"') :]
    assert header.index("Facility") < header.index("</th>")
    rows = item_analysis_for(world.trainer, cid, None, False).items
    expected = [r.prompt for r in view_items(rows, ItemView(sort="facility", descending=True))]
    assert _order(page, [r.prompt for r in rows]) == expected


def test_page_and_csv_filter_by_topic_and_flag(client, auth, world, answered):
    extra_topic, extra = answered
    auth.login("trainer@example.org")
    cid = world.cohort.id
    page = client.get(f"/reports/items?cohort={cid}&topic={extra_topic.id}").get_data(as_text=True)
    assert extra.prompt in page
    assert not any(i.prompt in page for i in world.items)
    assert "Showing 1 of 5 items" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/reports/items/items.csv?cohort={cid}&flag=flagged").get_data(
                    as_text=True
                )
            )
        )
    )
    analysis = item_analysis_for(world.trainer, cid, None, False)
    assert [r[1] for r in rows[1:]] == [r.prompt for r in analysis.items if r.flags]


@pytest.mark.parametrize(
    "query", ["sort=nonsense", "dir=up", "flag=pretty", "topic=987654", "topic=abc"]
)
def test_bad_sort_or_filter_is_a_400(client, auth, world, answered, query):
    auth.login("trainer@example.org")
    assert client.get(f"/reports/items?{query}").status_code == 400
