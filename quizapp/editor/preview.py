"""What the live preview shows: an item as a learner meets it (a quiz question, or a flashcard).

Pure: no Flask, no database. A half-written item may not be presentable yet; the preview then
says so instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.items.kinds import CardFaces, PresentedItem, get_kind

__all__ = ["Preview", "preview_of"]

PREVIEW_SEED = "editor-preview"
_UNAVAILABLE = "The preview appears once every field of the item is filled."


@dataclass(frozen=True)
class Preview:
    """A quiz question (``presented``) or a flashcard (``faces``), or why neither can be shown."""

    presented: PresentedItem | None = None
    faces: CardFaces | None = None
    unavailable: str = ""


def preview_of(kind: str, prompt: str, body: dict[str, Any], key: str = "new-item") -> Preview:
    """The item as a learner sees it: quiz kinds as a quiz question, the others (flashcards, and
    cases, played step by step at /cases) by their card faces."""
    editor = get_kind(kind)
    if not prompt.strip():
        return Preview(unavailable=_UNAVAILABLE)
    try:
        if editor.in_quiz:
            presented = editor.present(prompt, body, seed=PREVIEW_SEED, item_key=key)
            return Preview(presented=presented, faces=editor.faces(prompt, body))
        return Preview(faces=editor.faces(prompt, body))
    except (KeyError, IndexError, TypeError, ValueError):
        return Preview(unavailable=_UNAVAILABLE)
