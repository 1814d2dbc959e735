"""The heatmap layout and the exporters, without an app."""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from quizapp.reports.exports import Table, to_csv, to_xlsx
from quizapp.reports.heatmap import build_heatmap


def test_heatmap_covers_whole_weeks_up_to_today():
    today = date(2025, 3, 12)  # a Wednesday
    counts = {
        today: 9,
        today - timedelta(days=1): 3,
        today - timedelta(days=2): 1,
        date(2025, 1, 1): 20,
        date(2024, 1, 1): 50,
    }  # the last one is out of range
    heatmap = build_heatmap(counts, today=today, weeks=26)
    assert heatmap.first_day.weekday() == 0 and heatmap.first_day == date(2024, 9, 16)
    assert len(heatmap.cells) == 25 * 7 + 3 and heatmap.cells[-1].day == today
    assert heatmap.total == 33 and heatmap.active_days == 4
    assert heatmap.busiest == (date(2025, 1, 1), 20)
    assert heatmap.longest_streak == 3 and heatmap.current_streak == 3
    levels = {cell.day: cell.level for cell in heatmap.cells}
    assert (
        levels[date(2025, 1, 1)] == 4
        and levels[today - timedelta(days=2)] == 1
        and levels[date(2025, 1, 2)] == 0
    )
    assert [legend.label for legend in heatmap.legend] == ["0", "1–5", "6–10", "11–15", "16+"]
    assert (
        len(heatmap.weeks) == 26
        and heatmap.weeks[-1][1][:3] == (1, 3, 9)
        and heatmap.weeks[-1][1][3] is None
    )
    assert {label for _, label in heatmap.month_labels} >= {"Oct", "Jan", "Mar"}


def test_heatmap_without_reviews():
    heatmap = build_heatmap({}, today=date(2025, 3, 16), weeks=4)
    assert heatmap.total == 0 and heatmap.busiest is None and heatmap.current_streak == 0
    assert all(cell.level == 0 for cell in heatmap.cells)


def test_exports_neutralise_formulas_and_name_sheets_legally():
    table = Table(
        "t",
        "Results: week 1/2 [draft]",
        ("Name", "Score"),
        [("=cmd()", 1.5), ("-2", None), ("Ann", 0.25)],
    )
    text = to_csv(table)
    assert text.splitlines() == ["Name,Score", "'=cmd(),1.5", "'-2,", "Ann,0.25"]
    workbook = load_workbook(io.BytesIO(to_xlsx([table, table])))
    assert workbook.sheetnames == ["Results  week 1 2  draft", "Results  week 1 2  draft (2)"]
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[2]] == ["'=cmd()", 1.5]
