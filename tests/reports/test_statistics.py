"""The pure statistics, against direct computations from the raw scores."""

from __future__ import annotations

import math
import statistics

import pytest

from quizapp.reports.statistics import (
    ItemSums,
    QuizSums,
    item_flags,
    item_statistics,
    pearson_from_sums,
    quiz_statistics,
)

SCORES: list[list[float]] = [[1, 0, 1], [1, 1, 1], [0, 0, 1], [1, 0.5, 0], [0, 0, 0], [1, 1, 0.5]]


def _sums(column: int, rows: list[list[float]] = SCORES) -> ItemSums:
    xs = [row[column] for row in rows]
    ts = [sum(row) for row in rows]
    rest = sorted(t - x for x, t in zip(xs, ts, strict=True))
    return ItemSums(
        responses=len(xs),
        sum_x=sum(xs),
        sum_x2=sum(x * x for x in xs),
        sum_t=sum(ts),
        sum_t2=sum(t * t for t in ts),
        sum_xt=sum(x * t for x, t in zip(xs, ts, strict=True)),
        sum_sorted_xr=sum(x * r for x, r in zip(sorted(xs), rest, strict=True)),
    )


@pytest.mark.parametrize("column", range(3))
def test_item_statistics_match_direct_computation(column):
    xs = [row[column] for row in SCORES]
    rest = [sum(row) - row[column] for row in SCORES]
    stats = item_statistics(_sums(column))
    assert stats.responses == 6
    assert stats.facility == pytest.approx(statistics.mean(xs), abs=1e-12)
    assert stats.sd == pytest.approx(statistics.stdev(xs), abs=1e-12)
    assert stats.discrimination == pytest.approx(statistics.correlation(xs, rest), abs=1e-12)
    expected_efficiency = statistics.covariance(xs, rest) / statistics.covariance(
        sorted(xs), sorted(rest)
    )
    assert stats.efficiency == pytest.approx(expected_efficiency, abs=1e-12)


def test_cronbach_alpha_and_error_ratio():
    k = 3
    columns = [[row[c] for row in SCORES] for c in range(k)]
    totals = [sum(row) for row in SCORES]
    alpha = (
        k
        / (k - 1)
        * (1 - sum(statistics.variance(c) for c in columns) / statistics.variance(totals))
    )
    stats = quiz_statistics(
        QuizSums(
            attempts=6,
            sum_t=sum(totals),
            sum_t2=sum(t * t for t in totals),
            items=tuple((6, sum(c), sum(x * x for x in c)) for c in columns),
        )
    )
    assert stats.alpha == pytest.approx(alpha, abs=1e-12)
    assert stats.error_ratio == pytest.approx(math.sqrt(1 - alpha), abs=1e-12)
    assert stats.standard_error == pytest.approx(
        math.sqrt(1 - alpha) * statistics.stdev(totals), abs=1e-12
    )
    assert stats.mean_total == pytest.approx(statistics.mean(totals))


def test_undefined_statistics_are_none_not_errors():
    assert (
        item_statistics(
            ItemSums(responses=0, sum_x=0, sum_x2=0, sum_t=0, sum_t2=0, sum_xt=0)
        ).facility
        is None
    )
    one = item_statistics(ItemSums(responses=1, sum_x=1, sum_x2=1, sum_t=2, sum_t2=4, sum_xt=2))
    assert (one.facility, one.sd, one.discrimination) == (1.0, None, None)
    constant = item_statistics(_sums(0, [[1, 0], [1, 1], [1, 0]]))
    assert constant.sd == 0 and constant.discrimination is None and constant.efficiency is None
    assert (
        quiz_statistics(QuizSums(attempts=3, sum_t=3, sum_t2=3, items=((3, 3, 3),))).alpha is None
    )
    assert pearson_from_sums(1, 1, 1, 1, 1, 1) is None


def test_flags():
    hard = item_statistics(_sums(0, [[0, 1], [0, 0], [0, 1], [0, 0], [0, 1], [1, 1]]))
    assert "very hard" in item_flags(hard)
    easy = item_statistics(_sums(0, [[1, 1], [1, 0], [1, 1], [1, 0], [1, 1]]))
    assert item_flags(easy) == ("very easy",)
    good = item_statistics(_sums(0, [[1, 1, 1], [0, 0, 0], [1, 1, 0], [0, 0, 1]]))
    assert good.discrimination is not None and good.discrimination > 0.2
    assert item_flags(good) == ()
    bad = item_statistics(_sums(0, [[0, 1, 1], [1, 0, 0], [0, 1, 1], [1, 0, 0]]))
    assert item_flags(bad) == ("low discrimination",)


def test_sorted_pair_sum_equals_pairing_of_sorted_values():
    import random
    from collections import Counter

    from quizapp.reports.statistics import sorted_pair_sum

    rng = random.Random(3)
    for _ in range(50):
        n = rng.randint(1, 40)
        a = [rng.choice([0, 0.5, 1]) for _ in range(n)]
        b = [rng.randint(0, 12) / 2 for _ in range(n)]
        runs = lambda values: sorted(Counter(values).items())  # noqa: E731
        expected = sum(x * y for x, y in zip(sorted(a), sorted(b), strict=True))
        assert sorted_pair_sum(runs(a), runs(b)) == pytest.approx(expected, abs=1e-12)
    with pytest.raises(ValueError, match="different sizes"):
        sorted_pair_sum([(1, 2)], [(1, 3)])
