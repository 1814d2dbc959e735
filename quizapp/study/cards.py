"""How any item reads as a flashcard: what the front asks and what the back answers. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CardFaces", "card_faces"]

_BLANK = re.compile(r"_{2,}")
_CHOICE_KINDS = ("single_choice", "scenario", "true_false", "multiple_response")


@dataclass(frozen=True)
class CardFaces:
    """The two sides of a card. ``options`` (front) and ``answer_lines`` (back) may be empty."""

    front: str
    back: str
    options: tuple[str, ...] = ()
    answer_lines: tuple[str, ...] = field(default_factory=tuple)
    instruction: str = ""


def card_faces(kind: str, prompt: str, body: dict[str, Any]) -> CardFaces:
    """The front and back of an item of any kind.

    Flashcards use their own front and back; a cloze shows its text with a blank and, on the back,
    the answer in place; quiz items show the prompt and options, and on the back the key.
    """
    if kind == "flashcard":
        return CardFaces(front=body.get("front") or prompt, back=body.get("back", ""))
    if kind == "cloze":
        text = body.get("text", prompt)
        answer = body.get("answer", "")
        filled = _BLANK.sub(answer, text, count=1) if _BLANK.search(text) else f"{text} — {answer}"
        return CardFaces(
            front=_BLANK.sub("_____", text),
            back=filled,
            answer_lines=(answer,),
            instruction="Recall the missing word or phrase.",
        )
    if kind in _CHOICE_KINDS:
        keys = tuple(body.get("answer", []))
        label = "Correct answers" if len(keys) > 1 else "Correct answer"
        return CardFaces(
            front=prompt,
            back=label,
            options=tuple(body.get("options", [])),
            answer_lines=keys,
            instruction="Recall the answer before you reveal it.",
        )
    if kind == "matching":
        pairs = [tuple(pair) for pair in body.get("pairs", [])]
        return CardFaces(
            front=prompt,
            back="Matching pairs",
            options=tuple(left for left, _ in pairs),
            answer_lines=tuple(f"{left} → {right}" for left, right in pairs),
            instruction="Recall what each of these matches.",
        )
    if kind == "gap_fill":
        return CardFaces(
            front=prompt,
            back="Answer",
            answer_lines=(body.get("answer", ""),),
            instruction="Recall the missing word or phrase.",
        )
    return CardFaces(front=prompt, back=str(body.get("answer", "")))
