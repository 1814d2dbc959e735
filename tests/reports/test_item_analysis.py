"""Item analysis from the database agrees with a direct computation on the raw score matrix."""

from __future__ import annotations

import math
import statistics
from datetime import timedelta
from typing import Any

import pytest

from quizapp.extensions import db
from quizapp.models import Assignment
from quizapp.models.base import utcnow
from quizapp.reports.item_analysis import ItemAnalysis, item_analysis_for
from tests import factories
from tests.reports.conftest import MATRIX, World, add_live_session

TOL = 1e-9


def _expected(sittings: list[dict[int, float]]) -> dict[int, dict[str, float]]:
    """Facility, SD, discrimination, efficiency per item straight from the sittings."""
    result = {}
    for item_id in {i for s in sittings for i in s}:
        xs = [s[item_id] for s in sittings if item_id in s]
        rest = [sum(s.values()) - s[item_id] for s in sittings if item_id in s]
        cov = statistics.covariance(xs, rest)
        result[item_id] = {
            "n": len(xs),
            "facility": statistics.mean(xs),
            "sd": statistics.stdev(xs),
            "discrimination": statistics.correlation(xs, rest),
            "efficiency": cov / statistics.covariance(sorted(xs), sorted(rest)),
        }
    return result


def _check(analysis: ItemAnalysis, expected: dict[int, dict[str, Any]]) -> None:
    got = {row.item_id: row.stats for row in analysis.items}
    assert set(got) == set(expected)
    for item_id, want in expected.items():
        stats = got[item_id]
        assert stats.responses == want["n"]
        for name in ("facility", "sd", "discrimination", "efficiency"):
            assert getattr(stats, name) == pytest.approx(want[name], abs=TOL), (item_id, name)


@pytest.fixture
def answered(world: World) -> Assignment:
    """The MATRIX as first attempts on an assignment, plus attempts that must not count."""
    assignment = factories.make_assignment(world.cohort, title="Week 1 check")
    start = utcnow() - timedelta(days=3)
    for learner, row in zip(world.learners, MATRIX, strict=True):
        factories.make_scored_attempt(
            learner, list(zip(world.items, row, strict=True)), assignment=assignment, when=start
        )
    # Not counted: a second (better) try, an unfinished attempt, and another trainer's learner.
    factories.make_scored_attempt(
        world.learners[4],
        [(i, 1.0) for i in world.items],
        assignment=assignment,
        when=start + timedelta(days=1),
    )
    factories.make_scored_attempt(
        world.learners[1],
        [(world.items[0], 0.0)],
        assignment=assignment,
        finished=False,
        when=start - timedelta(days=1),
    )
    factories.make_scored_attempt(world.outsider, [(i, 0.0) for i in world.items], when=start)
    db.session.commit()
    return assignment


def test_assignment_statistics_match_hand_computation(world, answered):
    analysis = item_analysis_for(world.trainer, None, answered.id, False)
    sittings = [dict(zip([i.id for i in world.items], row, strict=True)) for row in MATRIX]
    _check(analysis, _expected(sittings))
    assert analysis.sittings == len(MATRIX) and analysis.responses == len(MATRIX) * 4
    (test,) = analysis.tests
    k = len(world.items)
    columns = [[row[c] for row in MATRIX] for c in range(k)]
    totals = [sum(row) for row in MATRIX]
    alpha = (
        k
        / (k - 1)
        * (1 - sum(statistics.variance(c) for c in columns) / statistics.variance(totals))
    )
    assert test.label == "Week 1 check"
    assert test.stats.alpha == pytest.approx(alpha, abs=TOL)
    assert test.stats.error_ratio == pytest.approx(math.sqrt(1 - alpha), abs=TOL)


def test_cohort_scope_pools_self_study_and_live_answers(world, answered):
    ids = [i.id for i in world.items]
    extra = [1.0, 0.0, 1.0, 0.5]
    factories.make_scored_attempt(
        world.learners[0], list(zip(world.items, extra, strict=True))
    )  # self-study: counts
    live_rows = [[True, True, False, True], [False, False, False, True], [True, False, True, True]]
    add_live_session(world.trainer, world.cohort, world.items, live_rows)
    add_live_session(
        world.other_trainer, world.other_cohort, world.items, [[False] * 4, [True] * 4]
    )
    db.session.commit()
    quiz_sittings = [dict(zip(ids, row, strict=True)) for row in MATRIX] + [
        dict(zip(ids, extra, strict=True))
    ]
    live_sittings = [
        dict(zip(ids, (1.0 if c else 0.0 for c in row), strict=True)) for row in live_rows
    ]

    _check(item_analysis_for(world.trainer, world.cohort.id, None, False), _expected(quiz_sittings))
    with_live = item_analysis_for(world.trainer, world.cohort.id, None, True)
    _check(with_live, _expected(quiz_sittings + live_sittings))
    assert [t.kind for t in with_live.tests] == ["a", "l"]
    # The whole bank for this trainer is their one cohort; the other trainer's session stays out.
    _check(
        item_analysis_for(world.trainer, None, None, True), _expected(quiz_sittings + live_sittings)
    )


def test_flags_and_source_links(world, answered):
    analysis = item_analysis_for(world.trainer, None, answered.id, False)
    expected = _expected(
        [dict(zip([i.id for i in world.items], row, strict=True)) for row in MATRIX]
    )
    should_flag = {
        i
        for i, e in expected.items()
        if e["facility"] < 0.2 or e["facility"] > 0.9 or e["discrimination"] < 0.2
    }
    assert should_flag, "the fixed data set is meant to contain a weak item"
    assert {row.item_id for row in analysis.items if row.flags} == should_flag
    flagged = [row for row in analysis.items if row.flags]
    assert flagged == analysis.items[: len(flagged)]  # flagged first
    for row, item in (
        (r, next(i for i in world.items if i.id == r.item_id)) for r in analysis.items
    ):
        assert row.source == f"/document#{item.passage.anchor}"


def test_scope_of_another_trainer_is_not_found(world, answered):
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        item_analysis_for(world.other_trainer, world.cohort.id, None, False)
    with pytest.raises(NotFound):
        item_analysis_for(world.other_trainer, None, answered.id, False)
    admin_view = item_analysis_for(world.admin, None, None, False)
    assert (
        admin_view.sittings == len(MATRIX) + 1
    )  # the outsider's self-study attempt counts for an admin


def test_course_filter_lists_only_that_course_items(client, auth, world, answered):
    """?course= keeps the items of that course (the trainer may view it) and its topics."""
    from quizapp.enums import CourseVisibility
    from tests.courses.helpers import make_course

    other = make_course(slug="other-course", visibility=CourseVisibility.PUBLIC)
    extra = factories.make_item(topic=factories.make_topic(course=other, title="Other topic"))
    second = factories.make_assignment(world.cohort, title="Other course check")
    for learner, score in zip(world.learners[:3], (1.0, 0.0, 1.0), strict=True):
        factories.make_scored_attempt(learner, [(extra, score)], assignment=second)
    db.session.commit()
    auth.login("trainer@example.org")
    everything = client.get("/reports/items").get_data(as_text=True)
    assert extra.prompt in everything and world.items[0].prompt in everything
    only = client.get("/reports/items?course=other-course").get_data(as_text=True)
    assert extra.prompt in only and world.items[0].prompt not in only
    assert "Other topic" in only and world.items[0].topic.title not in only
    builtin = client.get("/reports/items?course=us-response-2017")
    assert extra.prompt not in builtin.get_data(as_text=True)
