"""Word-level differences between two revisions of an item, for the history page.

A diff is a tuple of :class:`Segment` (kept, inserted or deleted words); the template escapes
every segment's text and marks insertions and deletions with ``<ins>``/``<del>``, so nothing an
author typed is ever read as HTML. Words wrap, so a diff reads on a phone.

Pure: no Flask, no database.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from quizapp.items.kinds import get_kind

__all__ = ["FieldDiff", "Segment", "body_text", "field_diffs", "word_diff"]

_WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Segment:
    """A run of words: ``equal``, ``insert`` or ``delete``."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldDiff:
    """How one field changed between two revisions."""

    label: str
    segments: tuple[Segment, ...]


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The words of ``new`` against ``old``, as kept, inserted and deleted runs."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return tuple(segments)


def _value_text(shape: str, value: Any) -> str:
    if shape == "pairs":
        return "\n".join(f"{left} → {right}" for left, right in value or [])
    if isinstance(value, list):
        return "\n".join(f"• {line}" for line in value)
    return str(value or "")


def body_text(kind: str, body: dict[str, Any]) -> str:
    """The body as labelled lines, in the order the editor asks for its fields."""
    try:
        editor = get_kind(kind)
    except KeyError:
        return "\n".join(f"{name}: {value}" for name, value in sorted(body.items()))
    values = editor.editor_values(body)
    parts = []
    for f in editor.editor_fields:
        if editor.prompt_field == f.name:
            continue
        parts.append(f"{f.label}:\n{_value_text(f.shape, values.get(f.name))}")
    if "options" in body and "options" not in values:
        parts.insert(0, f"Options:\n{_value_text('lines', body['options'])}")
    return "\n".join(parts)


def field_diffs(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """The changed fields of two revisions (dicts with ``prompt``, ``body``, ``explanation``,
    ``quote``, ``source``, ``topic``, ``skill`` and ``status``), each as a word diff; unchanged
    fields are left out."""
    labelled = (
        ("Prompt", "prompt"),
        ("Answer and options", "body"),
        ("Explanation", "explanation"),
        ("Quote", "quote"),
        ("Source", "source"),
        ("Topic", "topic"),
        ("What it tests", "skill"),
        ("Status", "status"),
    )
    diffs = []
    for label, name in labelled:
        a, b = old.get(name), new.get(name)
        if name == "body":
            a, b = body_text(kind, a or {}), body_text(kind, b or {})
        a, b = str(a or ""), str(b or "")
        if a != b:
            diffs.append(FieldDiff(label, word_diff(a, b)))
    return diffs
