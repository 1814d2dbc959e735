"""Pure helpers for the progress page: streaks and the geometry of the 30-day activity chart."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["ChartBar", "DayActivity", "activity_chart", "current_streak", "last_days"]


@dataclass(frozen=True)
class DayActivity:
    """One day's activity: flashcard reviews and quiz answers with their mean score (0..1)."""

    day: date
    reviews: int = 0
    answers: int = 0
    accuracy: float | None = None


@dataclass(frozen=True)
class ChartBar:
    """A day's bar (reviews) and point (quiz accuracy) in SVG user units."""

    day: DayActivity
    x: float
    width: float
    bar_y: float
    bar_height: float
    point_y: float | None


def last_days(
    today: date, days: int, reviews: Mapping[date, int], quiz: Mapping[date, tuple[float, int]]
) -> list[DayActivity]:
    """``days`` consecutive days ending today, zero-filled where nothing happened."""
    start = today - timedelta(days=days - 1)
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        accuracy, answers = quiz.get(day, (None, 0))
        result.append(
            DayActivity(day=day, reviews=reviews.get(day, 0), answers=answers, accuracy=accuracy)
        )
    return result


def current_streak(active_days: Iterable[date], today: date) -> int:
    """Consecutive days with activity, ending today — or yesterday, since today is not over yet."""
    active = set(active_days)
    day = today if today in active else today - timedelta(days=1)
    streak = 0
    while day in active:
        streak += 1
        day -= timedelta(days=1)
    return streak


def activity_chart(
    days: list[DayActivity],
    *,
    width: float = 600,
    height: float = 200,
    top: float = 10,
    bottom: float = 24,
) -> tuple[list[ChartBar], int]:
    """Bars scaled to the busiest day and accuracy points on a 0–100% scale; returns (bars, max
    reviews)."""
    plot_height = height - top - bottom
    peak = max((day.reviews for day in days), default=0)
    slot = width / max(1, len(days))
    bars = []
    for index, day in enumerate(days):
        bar_height = plot_height * day.reviews / peak if peak else 0.0
        point_y = top + plot_height * (1 - day.accuracy) if day.accuracy is not None else None
        bars.append(
            ChartBar(
                day=day,
                x=index * slot + slot * 0.15,
                width=slot * 0.7,
                bar_y=top + plot_height - bar_height,
                bar_height=bar_height,
                point_y=point_y,
            )
        )
    return bars, peak
