"""The quality gates the editor runs on one item, and which field each problem belongs to.

Nothing here is a new rule: an item gets the single-item gates of ``quizapp content check``
(:func:`quizapp.authoring.gates.item_problems`: verbatim quote, key among options, duplicate
options, longest-option cue, gap giveaway, ...), its kind's own gates from the registry
(:meth:`quizapp.items.kinds.QuestionKind.problems`) and the bank's near-duplicate gate
(:func:`quizapp.authoring.gates.near_duplicates`) over the other items of its course.

Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.authoring.gates import item_problems, near_duplicates
from quizapp.content.spec import ItemSpec
from quizapp.items.kinds import get_kind

__all__ = ["FORM", "Problem", "editor_problems", "field_of"]

#: the pseudo-field of problems that belong to no one field
FORM = "form"

# (words in the message, field) — first match wins; the kind's own field names come first.
_FIELD_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("quote", "passage"), "quote"),
    (("instrument", "provision"), "instrument"),
    (("explanation",), "explanation"),
    (("difficulty",), "difficulty"),
    (("matching",), "pairs"),
    (("flashcard without a back",), "back"),
    (("flashcard prompt",), "front"),
    (("negative stem", "select all that apply", "near-duplicate", "attributed"), "prompt"),
    (("gap",), "prompt"),
    (("true_false options",), "answer"),
    (("key", "option", "all/none of the above"), "options"),
)


@dataclass(frozen=True)
class Problem:
    """A gate's message and the editor field it is shown next to (``FORM`` for none)."""

    field: str
    message: str


def field_of(message: str, kind: str) -> str:
    """The editor field a gate's ``message`` about an item of ``kind`` belongs to."""
    lowered = message.lower()
    editor = get_kind(kind)
    names = {f.name for f in editor.editor_fields}
    for words, field in _FIELD_WORDS:
        if any(word in lowered for word in words):
            if field == "prompt" and editor.prompt_field:
                return editor.prompt_field
            if field == "options" and "options" not in names:
                return "answer" if "answer" in names else FORM
            if field in {"pairs", "back", "front", "answer"} and field not in names:
                return FORM
            return field
    return FORM


def editor_problems(
    item: ItemSpec, passage_text: str, others: Sequence[ItemSpec] = ()
) -> list[Problem]:
    """Every gate problem of ``item``, each placed on its field; empty when it passes.

    Args:
        item: the item as the editor would save it.
        passage_text: the text of the passage it cites ("" for a background item).
        others: the course's other live items, for the near-duplicate gate.
    """
    messages = item_problems(item, passage_text)
    for message in get_kind(item.kind).problems(item.prompt, item.body):
        if message not in messages:
            messages.append(message)
    twin = near_duplicates([*others, item]).get(item.id)
    if twin is not None:
        messages.append(f"near-duplicate of item {twin} (prompts share most of their words)")
    return [Problem(field_of(message, item.kind), message) for message in messages]
