"""Streaks and chart geometry, without an app."""

from __future__ import annotations

from datetime import date, timedelta

from quizapp.progress.activity import activity_chart, current_streak, last_days

TODAY = date(2026, 3, 10)


def test_streak_counts_back_from_today_or_yesterday():
    days = {TODAY - timedelta(days=n) for n in range(4)}
    assert current_streak(days, TODAY) == 4
    assert current_streak(days - {TODAY}, TODAY) == 3  # today is not over yet
    assert current_streak(days - {TODAY, TODAY - timedelta(days=1)}, TODAY) == 0
    assert current_streak([], TODAY) == 0


def test_last_days_zero_fills_and_ends_today():
    days = last_days(TODAY, 30, {TODAY: 4}, {TODAY - timedelta(days=2): (0.5, 2)})
    assert len(days) == 30 and days[-1].day == TODAY and days[0].day == TODAY - timedelta(days=29)
    assert (
        days[-1].reviews == 4
        and days[-3].accuracy == 0.5
        and days[-3].answers == 2
        and days[0].reviews == 0
    )


def test_chart_scales_bars_to_the_busiest_day_and_accuracy_to_the_plot():
    days = last_days(TODAY, 3, {TODAY: 10, TODAY - timedelta(days=1): 5}, {TODAY: (1.0, 1)})
    bars, peak = activity_chart(days, width=300, height=200, top=10, bottom=20)
    assert peak == 10
    assert bars[2].bar_height == 170 and bars[1].bar_height == 85 and bars[0].bar_height == 0
    assert bars[2].point_y == 10 and bars[0].point_y is None
    assert bars[1].x > bars[0].x
