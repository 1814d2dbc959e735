"""Item and test statistics as Moodle's quiz statistics report defines them, computed from sums.

Notation: for an item *p* and a counted attempt *s*, ``x`` is the item's score (0..1 here) and
``T`` the attempt's total; the **rest of the test** is ``R = T - x``. The database hands over
only sums — n, Σx, Σx², ΣT, ΣT², ΣxT per item, and for the discriminative efficiency ΣxR with
x and R each sorted ascending and paired by rank — so every statistic below is exact without
ever holding the individual scores.

- Facility index F = mean(x) / max score.
- Standard deviation SD = sample standard deviation of x (n − 1) / max score.
- Discrimination index D = Pearson correlation r(x, R).
- Discriminative efficiency DE = Cov(x, R) / Cov_max(x, R), where Cov_max is the covariance
  when both x and R are sorted (the largest covariance the two distributions allow).
- Coefficient of internal consistency (Cronbach's alpha) of a test with k items:
  α = k / (k − 1) · (1 − Σ V(x_p) / V(T)).
- Error ratio ER = √(1 − α); standard error SE = ER · SD(T).

Variances and covariances use the sample (n − 1) denominator, as Moodle does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DISCRIMINATION_FLOOR",
    "FACILITY_CEILING",
    "FACILITY_FLOOR",
    "ItemStatistics",
    "ItemSums",
    "QuizStatistics",
    "QuizSums",
    "item_flags",
    "item_statistics",
    "pearson_from_sums",
    "quiz_statistics",
    "sorted_pair_sum",
]

FACILITY_FLOOR = 0.20
FACILITY_CEILING = 0.90
DISCRIMINATION_FLOOR = 0.20


@dataclass(frozen=True, kw_only=True)
class ItemSums:
    """One item's aggregates over the counted attempts that showed it."""

    responses: int
    sum_x: float
    sum_x2: float
    sum_t: float
    sum_t2: float
    sum_xt: float
    sum_sorted_xr: float | None = None
    max_score: float = 1.0

    def __add__(self, other: ItemSums) -> ItemSums:
        """Pool two disjoint sets of attempts (sorted products do not add, so they are dropped)."""
        return ItemSums(
            responses=self.responses + other.responses,
            sum_x=self.sum_x + other.sum_x,
            sum_x2=self.sum_x2 + other.sum_x2,
            sum_t=self.sum_t + other.sum_t,
            sum_t2=self.sum_t2 + other.sum_t2,
            sum_xt=self.sum_xt + other.sum_xt,
            sum_sorted_xr=None,
            max_score=self.max_score,
        )


@dataclass(frozen=True)
class ItemStatistics:
    """What the item analysis shows for one item; None where too few attempts define it."""

    responses: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None


@dataclass(frozen=True, kw_only=True)
class QuizSums:
    """One test's aggregates: attempt totals, and (n, Σx, Σx²) for each of its items."""

    attempts: int
    sum_t: float
    sum_t2: float
    items: tuple[tuple[int, float, float], ...]


@dataclass(frozen=True)
class QuizStatistics:
    """Whole-test figures; alpha and the errors need two items and two attempts."""

    attempts: int
    items: int
    mean_total: float | None
    sd_total: float | None
    alpha: float | None
    error_ratio: float | None
    standard_error: float | None


def _variance(n: int, total: float, total_sq: float) -> float | None:
    """Sample variance from n, Σv, Σv²; None below two values."""
    if n < 2:
        return None
    return max((total_sq - total * total / n) / (n - 1), 0.0)


def _covariance(n: int, sum_a: float, sum_b: float, sum_ab: float) -> float | None:
    """Sample covariance from n, Σa, Σb, Σab; None below two values."""
    if n < 2:
        return None
    return (sum_ab - sum_a * sum_b / n) / (n - 1)


def pearson_from_sums(
    n: int, sum_a: float, sum_b: float, sum_a2: float, sum_b2: float, sum_ab: float
) -> float | None:
    """Pearson's r from the five sums; None when either variable does not vary.

    Args:
        n: number of pairs.
        sum_a, sum_b: Σa and Σb.
        sum_a2, sum_b2: Σa² and Σb².
        sum_ab: Σab.

    Returns:
        r in [-1, 1], or None for fewer than two pairs or a constant variable.
    """
    var_a = _variance(n, sum_a, sum_a2)
    var_b = _variance(n, sum_b, sum_b2)
    cov = _covariance(n, sum_a, sum_b, sum_ab)
    if var_a is None or var_b is None or cov is None or var_a <= 1e-12 or var_b <= 1e-12:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_a * var_b)))


def item_statistics(sums: ItemSums) -> ItemStatistics:
    """Facility, SD, discrimination and discriminative efficiency of one item.

    Args:
        sums: the item's aggregates; ``sum_sorted_xr`` is needed for the efficiency only.

    Returns:
        The item's statistics; each is None when the data cannot define it.
    """
    n, top = sums.responses, sums.max_score
    if n == 0:
        return ItemStatistics(0, None, None, None, None)
    facility = sums.sum_x / n / top
    variance = _variance(n, sums.sum_x, sums.sum_x2)
    sd = math.sqrt(variance) / top if variance is not None else None
    sum_r = sums.sum_t - sums.sum_x
    sum_r2 = sums.sum_t2 - 2 * sums.sum_xt + sums.sum_x2
    sum_xr = sums.sum_xt - sums.sum_x2
    discrimination = pearson_from_sums(n, sums.sum_x, sum_r, sums.sum_x2, sum_r2, sum_xr)
    efficiency = None
    if sums.sum_sorted_xr is not None and discrimination is not None:
        cov = _covariance(n, sums.sum_x, sum_r, sum_xr)
        cov_max = _covariance(n, sums.sum_x, sum_r, sums.sum_sorted_xr)
        if cov is not None and cov_max is not None and cov_max > 1e-12:
            efficiency = cov / cov_max
    return ItemStatistics(n, facility, sd, discrimination, efficiency)


def quiz_statistics(sums: QuizSums) -> QuizStatistics:
    """Mean and SD of the totals, Cronbach's alpha, error ratio and standard error of one test.

    Args:
        sums: attempt totals and per-item sums of the test.

    Returns:
        The test's statistics; alpha is None with fewer than two items or no variance in totals.
    """
    n, k = sums.attempts, len(sums.items)
    mean = sums.sum_t / n if n else None
    total_variance = _variance(n, sums.sum_t, sums.sum_t2)
    sd_total = math.sqrt(total_variance) if total_variance is not None else None
    alpha = error_ratio = standard_error = None
    item_variances = [_variance(*item) for item in sums.items]
    if (
        k >= 2
        and total_variance
        and total_variance > 1e-12
        and all(v is not None for v in item_variances)
    ):
        alpha = k / (k - 1) * (1 - sum(v for v in item_variances if v is not None) / total_variance)
        if alpha <= 1:
            error_ratio = math.sqrt(1 - alpha)
            standard_error = error_ratio * (sd_total or 0.0)
    return QuizStatistics(n, k, mean, sd_total, alpha, error_ratio, standard_error)


def sorted_pair_sum(
    a_runs: Iterable[tuple[float, int]], b_runs: Iterable[tuple[float, int]]
) -> float:
    """Σ a_(k)·b_(k) with both variables sorted ascending and paired by rank, from value counts.

    Args:
        a_runs: (value, count) of the first variable, in ascending order of value.
        b_runs: (value, count) of the second, ascending; the counts of both add up to the same n.

    Returns:
        The sum of products of equally ranked values — what the maximum covariance needs —
        computed from the distributions alone (a few rows per item, not one per response).

    Raises:
        ValueError: when the two counts differ.
    """
    a_list = [(float(v), int(c)) for v, c in a_runs if c]
    b_list = [(float(v), int(c)) for v, c in b_runs if c]
    if sum(c for _, c in a_list) != sum(c for _, c in b_list):
        raise ValueError("the two distributions have different sizes")
    total, i, j = 0.0, 0, 0
    left_a = a_list[0][1] if a_list else 0
    left_b = b_list[0][1] if b_list else 0
    while i < len(a_list) and j < len(b_list):
        step = min(left_a, left_b)
        total += step * a_list[i][0] * b_list[j][0]
        left_a, left_b = left_a - step, left_b - step
        if left_a == 0:
            i += 1
            left_a = a_list[i][1] if i < len(a_list) else 0
        if left_b == 0:
            j += 1
            left_b = b_list[j][1] if j < len(b_list) else 0
    return total


def item_flags(stats: ItemStatistics) -> tuple[str, ...]:
    """Why an item deserves a second look: too hard, too easy, or not telling learners apart."""
    flags: list[str] = []
    if stats.facility is not None and stats.facility < FACILITY_FLOOR:
        flags.append("very hard")
    if stats.facility is not None and stats.facility > FACILITY_CEILING:
        flags.append("very easy")
    if stats.discrimination is not None and stats.discrimination < DISCRIMINATION_FLOOR:
        flags.append("low discrimination")
    return tuple(flags)


def pool(parts: Iterable[ItemSums]) -> ItemSums | None:
    """Sum of several ItemSums (None for none)."""
    result: ItemSums | None = None
    for part in parts:
        result = part if result is None else result + part
    return result
