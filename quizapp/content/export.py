"""Export the bank as canonical JSON (byte-identical across runs)."""

from __future__ import annotations

import json
from typing import Any

from quizapp.items.kinds import get_kind

from .bank import Bank
from .spec import ItemSpec

__all__ = ["export_json", "item_record"]


def _answer(item: ItemSpec) -> Any:
    return get_kind(item.kind).export_answer(item.body)


def item_record(item: ItemSpec) -> dict[str, Any]:
    """The export record of one item."""
    return {
        "id": item.id,
        "kind": item.kind,
        "topic": item.topic,
        "origin": item.origin,
        "prompt": item.prompt,
        "options": item.options,
        "answer": _answer(item),
        "explanation": item.explanation,
        "difficulty": item.difficulty,
        "skill": item.skill,
        "option_feedback": item.body.get("option_feedback", {}),
        "source": {"passage": item.passage, "quote": item.quote} if item.passage else None,
        "reference": (
            {"instrument": item.instrument, "provision": item.provision}
            if item.instrument
            else None
        ),
    }


def export_json(bank: Bank) -> str:
    """Serialise *bank* to JSON with sorted keys and items sorted by id."""
    data = {
        "document": {"path": bank.document.path, "sha256": bank.document.sha256},
        "items": [item_record(i) for i in sorted(bank.items, key=lambda i: i.id)],
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
