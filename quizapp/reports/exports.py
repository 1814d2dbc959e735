"""Report tables as CSV and XLSX. A :class:`Table` is what every report hands to the exporters,
which write through :mod:`quizapp.core.spreadsheets` (formulas neutralised)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from quizapp.core.spreadsheets import csv_text, xlsx_bytes

__all__ = ["Table", "percent", "to_csv", "to_xlsx"]


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


def _csv_cell(value: Any) -> Any:
    """A plain value for a CSV cell that is not text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    return value


def to_csv(table: Table) -> str:
    """The table as CSV text with a header row."""
    return csv_text(table.columns, table.rows, convert=_csv_cell)


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table, the header row frozen."""
    return xlsx_bytes((t.title, t.columns, t.rows) for t in tables)
