"""Layout of a reviews-per-day calendar heatmap: weeks as columns, Monday..Sunday as rows.

Pure: takes counts per day and returns cells with positions, a level 0..4 for the shading, and
the summary figures that the page shows as its text alternative. The template draws the SVG.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["CELL", "GAP", "Heatmap", "HeatmapCell", "LegendLevel", "build_heatmap"]

CELL = 12
GAP = 3
LEFT = 30
TOP = 18
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "")


@dataclass(frozen=True)
class HeatmapCell:
    """One day: where to draw it, how dark, and its count."""

    day: date
    count: int
    level: int
    x: int
    y: int


@dataclass(frozen=True)
class LegendLevel:
    """One shade of the legend and the counts it stands for."""

    level: int
    label: str


@dataclass(frozen=True)
class Heatmap:
    """Everything the template needs to draw and describe the calendar."""

    cells: tuple[HeatmapCell, ...]
    weeks: tuple[tuple[date, tuple[int | None, ...]], ...]
    month_labels: tuple[tuple[int, str], ...]
    weekday_labels: tuple[tuple[int, str], ...]
    legend: tuple[LegendLevel, ...]
    width: int
    height: int
    first_day: date
    last_day: date
    total: int
    active_days: int
    busiest: tuple[date, int] | None
    longest_streak: int
    current_streak: int


def _thresholds(counts: list[int]) -> tuple[int, int, int]:
    """Upper bounds of levels 1..3; level 4 is anything above. Spread over the busiest day."""
    top = max(counts, default=0)
    if top <= 4:
        return (1, 2, 3)
    low, middle, high = (max(1, math.ceil(top * share)) for share in (0.25, 0.5, 0.75))
    return (low, middle, high)


def _level(count: int, bounds: tuple[int, int, int]) -> int:
    """Shade 0 (none) to 4 (busiest)."""
    if count <= 0:
        return 0
    for level, bound in enumerate(bounds, start=1):
        if count <= bound:
            return level
    return 4


def _legend(bounds: tuple[int, int, int]) -> tuple[LegendLevel, ...]:
    """Human labels of the five shades ("0", "1–3", …, "10+")."""
    labels = [LegendLevel(0, "0")]
    low = 1
    for level, high in enumerate(bounds, start=1):
        if high >= low:
            labels.append(LegendLevel(level, str(low) if high == low else f"{low}–{high}"))
        low = max(low, high + 1)
    labels.append(LegendLevel(4, f"{low}+"))
    return tuple(labels)


def _streaks(active: list[bool]) -> tuple[int, int]:
    """(longest run of active days, run ending on the last day)."""
    longest = run = 0
    for is_active in active:
        run = run + 1 if is_active else 0
        longest = max(longest, run)
    return longest, run


def build_heatmap(counts: Mapping[date, int], *, today: date, weeks: int = 26) -> Heatmap:
    """Lay out ``weeks`` weeks ending with the week of ``today``.

    Args:
        counts: reviews per calendar day (days without reviews may be missing).
        today: the last day shown; later days are left blank.
        weeks: number of week columns.

    Returns:
        The heatmap layout and its summary.
    """
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    values = [int(counts.get(day, 0)) for day in days]
    bounds = _thresholds(values)
    cells = []
    week_rows: list[tuple[date, list[int | None]]] = []
    month_labels: list[tuple[int, str]] = []
    for index, (day, count) in enumerate(zip(days, values, strict=True)):
        column, row = divmod(index, 7)
        x, y = LEFT + column * (CELL + GAP), TOP + row * (CELL + GAP)
        cells.append(HeatmapCell(day, count, _level(count, bounds), x, y))
        if row == 0:
            week_rows.append((day, [None] * 7))
            if day.day <= 7:
                month_labels.append((x, day.strftime("%b")))
        week_rows[-1][1][row] = count
    busiest_index = max(range(len(values)), key=lambda i: (values[i], i)) if any(values) else None
    longest, current = _streaks([value > 0 for value in values])
    return Heatmap(
        cells=tuple(cells),
        weeks=tuple((start, tuple(row)) for start, row in week_rows),
        month_labels=tuple(month_labels),
        weekday_labels=tuple(
            (TOP + row * (CELL + GAP) + CELL - 2, label)
            for row, label in enumerate(WEEKDAY_LABELS)
            if label
        ),
        legend=_legend(bounds),
        width=LEFT + weeks * (CELL + GAP),
        height=TOP + 7 * (CELL + GAP),
        first_day=first,
        last_day=today,
        total=sum(values),
        active_days=sum(1 for value in values if value),
        busiest=(days[busiest_index], values[busiest_index]) if busiest_index is not None else None,
        longest_streak=longest,
        current_streak=current,
    )
