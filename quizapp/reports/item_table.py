"""How the item analysis table is shown: which items (by topic and flag) and in what order.

Pure: it only filters and orders the :class:`~quizapp.reports.item_analysis.ItemRow` list an
analysis computed, so the page, its CSV and its workbook show the same rows in the same order.
The default order puts flagged items first (then topic and item key), because those are the ones
a trainer should look at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.reports.item_analysis import ItemRow

__all__ = ["FLAG_FILTERS", "ITEM_SORT_KEYS", "ItemView", "view_items"]

#: Sortable columns: query-string key -> the value it sorts by (None sorts last).
_SORT_VALUES: dict[str, Callable[[ItemRow], Any]] = {
    "flags": lambda r: (not r.flags, -len(r.flags)),
    "question": lambda r: r.prompt.casefold(),
    "topic": lambda r: r.topic.casefold(),
    "responses": lambda r: r.stats.responses,
    "facility": lambda r: r.stats.facility,
    "sd": lambda r: r.stats.sd,
    "discrimination": lambda r: r.stats.discrimination,
    "efficiency": lambda r: r.stats.efficiency,
}
ITEM_SORT_KEYS = tuple(_SORT_VALUES)

#: The flag filter: query-string value -> label. A flag's own name keeps items with that flag.
FLAG_FILTERS = {
    "": "All items",
    "flagged": "Flagged items",
    "unflagged": "Items without a flag",
    "very hard": "Very hard",
    "very easy": "Very easy",
    "low discrimination": "Low discrimination",
}


@dataclass(frozen=True)
class ItemView:
    """The table as asked for: a topic title (None: every topic), a flag filter, an order."""

    topic: str | None = None
    flag: str = ""
    sort: str = "flags"
    descending: bool = False


def _flag_matches(row: ItemRow, flag: str) -> bool:
    """True when ``row`` passes the flag filter ``flag`` (a key of :data:`FLAG_FILTERS`)."""
    if flag == "":
        return True
    if flag == "flagged":
        return bool(row.flags)
    if flag == "unflagged":
        return not row.flags
    return flag in row.flags


def view_items(rows: Sequence[ItemRow], view: ItemView) -> list[ItemRow]:
    """The rows ``view`` keeps, in its order; ties by topic and item key, missing values last."""
    kept = [
        r
        for r in rows
        if (view.topic is None or r.topic == view.topic) and _flag_matches(r, view.flag)
    ]
    kept.sort(key=lambda r: (r.topic.casefold(), r.key))
    value = _SORT_VALUES[view.sort]
    present = [r for r in kept if value(r) is not None]
    missing = [r for r in kept if value(r) is None]
    present.sort(key=value, reverse=view.descending)
    return present + missing
