"""Report tables as CSV and XLSX. A :class:`Table` is what every report hands to the exporters."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

__all__ = ["Table", "percent", "to_csv", "to_xlsx"]

#: Spreadsheet programs run cells that start with these as formulas; names come from users.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")


@dataclass(frozen=True)
class Table:
    """A named table: ``name`` is the URL slug, ``title`` the sheet and heading."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]


def percent(value: float | None) -> float | None:
    """A share (0..1) as a percentage rounded for exports; None stays None."""
    return round(value * 100, 1) if value is not None else None


def _safe_text(value: str) -> str:
    """Neutralise a text cell a spreadsheet would otherwise evaluate."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_cell(value: Any) -> Any:
    """Plain value for a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str):
        return _safe_text(value)
    return value


def to_csv(table: Table) -> str:
    """The table as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    """A value openpyxl stores natively (naive datetimes, in UTC)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return _safe_text(value)
    return value


def _sheet_title(title: str, used: set[str]) -> str:
    """An Excel-legal, unique sheet name (31 characters, no []*?/\\:)."""
    base = _SHEET_FORBIDDEN.sub(" ", title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table, the header row frozen."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.freeze_panes = "A2"
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
