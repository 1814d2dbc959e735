"""Fact-table generator: true/false pairs by sibling swap, single choice and matching.

A false statement is made by replacing the row's true column with a sibling column
the table marks as false for that row (never by inserting "not"); every statement
is also emitted as a :class:`Claim` so the quality gate can re-check it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .common import Claim, difficulty, make, pick_distractors, rng_for, source_fields

if TYPE_CHECKING:
    from ..document import Document
    from ..pack import Entry, Pack
    from ..spec import ItemSpec
    from .common import Claim, Rejected


def _values(row: dict[str, Any]) -> list[str]:
    return row["value"] if isinstance(row["value"], list) else [row["value"]]


def _source(table: Entry, row: dict[str, Any]) -> dict[str, Any]:
    """A row cites its passage, or the table's instrument with the row's own provision."""
    if row.get("passage"):
        return source_fields(row)
    return source_fields(
        {
            "instrument": row.get("instrument", table.get("instrument")),
            "provision": row.get("provision", table.get("provision")),
        }
    )


def _siblings(table: Entry, row: dict[str, Any]) -> list[str]:
    """Columns that are false for this row and not declared confusable with it."""
    true = set(_values(row))
    return [c for c in table["columns"] if c not in true and c not in row.get("exclude", [])]


def generate(doc: Document, pack: Pack) -> Iterator[ItemSpec | Rejected | Claim]:
    """Yield items for every table in the pack."""
    for table in pack.tables.values():
        yield from _true_false(table)
        yield from _single_choice(table)
        yield from _matching(table)


def _true_false(table: Entry) -> Iterator[ItemSpec | Rejected | Claim]:
    if not table.get("statement") or table.get("tf") is False:
        return
    cols = table["columns"]
    for row in table["rows"]:
        if row.get("tf") is False:
            continue
        topic = row.get("topic", table["topic"])
        src = _source(table, row)
        base = f"{table['key']}.tf.{row['key']}"
        true_col = rng_for(base).choice(_values(row))
        siblings = _siblings(table, row)
        # one statement per row, true or false by a seeded coin: asking a row both ways lets
        # the second answer follow from the first
        variants = [(true_col, True)]
        if siblings and rng_for(base + ".side").random() < 0.5:
            variants = [(rng_for(base + ".false").choice(siblings), False)]
        for col, truth in variants:
            item_id = f"{base}.{col}"
            other = " or ".join(label for key, label in cols.items() if key != col)
            statement = table["statement"].format(
                row=row["label"], Row=_cap(row["label"]), col=cols[col], other=other
            )
            if truth:
                why = f"True. {row['explanation']}"
            else:
                why = (
                    f"False. The right match for {row['label']} is "
                    f"{' / '.join(cols[v] for v in _values(row))}, not {cols[col]}. "
                    f"{row['explanation']}"
                )
            yield make(
                id=item_id,
                kind="true_false",
                topic=topic,
                prompt=statement,
                body={
                    "options": ["True", "False"],
                    "answer": ["True" if truth else "False"],
                    "option_feedback": {"False" if truth else "True": why},
                },
                explanation=why,
                difficulty=difficulty("true_false", override=row.get("difficulty")),
                skill=_skill(table, row),
                **src,
            )
            yield Claim(item_id, table["key"], row["key"], col, truth)


def _single_choice(table: Entry) -> Iterator[ItemSpec | Rejected | Claim]:
    if not table.get("question") or len(table["columns"]) < 3 or table.get("sc") is False:
        return
    cols = table["columns"]
    for row in table["rows"]:
        if len(_values(row)) != 1 or row.get("sc") is False:
            continue
        item_id = f"{table['key']}.sc.{row['key']}"
        key = cols[_values(row)[0]]
        pool = [cols[c] for c in _siblings(table, row)]
        distractors = pick_distractors(key, pool, rng_for(item_id), min(3, len(pool)))
        if len(distractors) < 2:
            continue
        body = {
            "options": [key, *distractors],
            "answer": [key],
            "option_feedback": {d: _distractor_note(table, d) for d in distractors},
        }
        yield make(
            id=item_id,
            kind="single_choice",
            topic=row.get("topic", table["topic"]),
            prompt=table["question"].format(row=row["label"]),
            body=body,
            explanation=f"{key[:1].upper() + key[1:]}. {row['explanation']}",
            difficulty=difficulty(
                "single_choice", override=row.get("difficulty"), options=len(body["options"])
            ),
            skill=_skill(table, row),
            **_source(table, row),
        )


def _skill(table: Entry, row: dict[str, Any]) -> str:
    """What an item over this row tests: the row's ``skill``, else the table's."""
    return str(row.get("skill", table["skill"]))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _distractor_note(table: Entry, distractor: str) -> str:
    """Say where a distractor belongs instead (its own "why not").

    Uses the table's ``distractor_note`` template (``{col}``, ``{rows}``) when given.
    """
    col = next(c for c, label in table["columns"].items() if label == distractor)
    owners = [r["label"] for r in table["rows"] if col in _values(r)]
    noun = table.get("column_noun", "category")
    if not owners:
        return f"{_cap(distractor)} is a different {noun}."
    rows = owners[0] if len(owners) == 1 else ", ".join(owners[:-1]) + " and " + owners[-1]
    template = table.get("distractor_note", "\u2018{col}\u2019 is the {noun} of {rows}.")
    return _cap(template.format(col=distractor, rows=rows, noun=noun))


def _matching(table: Entry) -> Iterator[ItemSpec | Rejected | Claim]:
    """Greedy groups of 3-5 rows whose answers are unique and not mutually confusable."""
    if not table.get("match_prompt"):
        return
    cols = table["columns"]
    rows = [r for r in table["rows"] if len(_values(r)) == 1 and r.get("match", True)]
    size = table.get("match_size", 5)
    groups: list[list[Any]] = []
    for row in rows:
        for group in groups:
            used = {_values(r)[0] for r in group}
            blocked = {c for r in group for c in r.get("exclude", [])}
            if (
                len(group) < size
                and _values(row)[0] not in used
                and _values(row)[0] not in blocked
                and not used & set(row.get("exclude", []))
            ):
                group.append(row)
                break
        else:
            groups.append([row])
    for group in (g for g in groups if len(g) >= 3):
        pairs = [[r["label"], cols[_values(r)[0]]] for r in group]
        item_id = f"{table['key']}.match.{'-'.join(r['key'] for r in group)}"[:120].rstrip("-.")
        yield make(
            id=item_id,
            kind="matching",
            topic=table["topic"],
            prompt=table["match_prompt"],
            body={"pairs": pairs, **_row_sources(table, group)},
            explanation=" ".join(f"{a} \u2192 {b}." for a, b in pairs),
            difficulty=difficulty("matching", options=len(pairs)),
            skill=str(table["skill"]),
            **_match_source(table, group),
        )


def _row_sources(table: Entry, group: list[Any]) -> dict[str, Any]:
    """``{"row_sources": [[anchor, quote], ...]}`` aligned with the pairs when the rows quote
    the document (each row its own passage); empty for background rows."""
    sources = [_source(table, row) for row in group]
    if any(src["origin"] == "background" for src in sources):
        return {}
    return {"row_sources": [[src["passage"], src["quote"]] for src in sources]}


def _match_source(table: Entry, group: list[Any]) -> dict[str, Any]:
    """A matching item cites every row it asks: the rows' provisions joined, or, when the rows
    quote the document, the first row's passage as the item's source and every row's passage
    and quote in the body's ``row_sources``."""
    src = _source(table, group[0])
    if src["origin"] == "background":
        provisions = []
        for row in group:
            provision = str(row.get("provision", table.get("provision")))
            if provision not in provisions:
                provisions.append(provision)
        src["provision"] = "; ".join(provisions)[:200]
    return src
