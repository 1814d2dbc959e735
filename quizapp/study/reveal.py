"""What the answer side of a card shows, each text once. Pure.

A cloze's back is its front with the blank filled, its answer line is the word in the blank and its
quote is the same sentence again; shown one after another that is the sentence up to four times on
a phone. The answer side therefore shows the filled sentence in place of the front (the answer
marked), leaves out answer lines that text already contains and the source's quote when it only
repeats what is on the card (the link to the passage stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.items.kinds import CardFaces

__all__ = ["AnswerSide", "answer_side"]

_BLANK = "_____"
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class AnswerSide:
    """The revealed card.

    ``filled`` is the front with its blank filled, as (before, answer, after); it replaces both
    the front and the back. Otherwise the front stays (unless the back restates it) and the back
    follows. Answer lines are the ones the back does not already contain.
    """

    show_front: bool
    filled: tuple[str, str, str] | None
    back: str
    answer_lines: tuple[str, ...]
    show_quote: bool


def _words(text: str) -> str:
    """Lower-case words separated by single spaces: punctuation and typographic quotes ignored."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def _contains(shown: str, text: str) -> bool:
    words = _words(text)
    return bool(words) and f" {words} " in f" {shown} "


def _filled(faces: CardFaces) -> tuple[str, str, str] | None:
    """The front with its one blank filled by the one answer, when that is exactly the back."""
    if len(faces.answer_lines) != 1 or faces.front.count(_BLANK) != 1:
        return None
    before, after = faces.front.split(_BLANK)
    answer = faces.answer_lines[0]
    return (before, answer, after) if before + answer + after == faces.back else None


def answer_side(faces: CardFaces, quote: str | None) -> AnswerSide:
    """How to show the revealed card without repeating a text.

    Args:
        faces: the card's front and back (:func:`quizapp.items.kinds.card_faces`).
        quote: the item's source quote, if any.

    Returns:
        What to show: the front or the filled sentence, the back, the answer lines not already
        shown, and whether the quote adds anything.
    """
    filled = _filled(faces)
    back = _words(faces.back)
    show_front = filled is None and not _contains(back, faces.front)
    lines = tuple(line for line in faces.answer_lines if not _contains(back, line))
    shown = [faces.front, *faces.options] if show_front else []
    shown_words = _words(" ".join([*shown, faces.back, *lines]))
    return AnswerSide(
        show_front=show_front,
        filled=filled,
        back="" if filled else faces.back,
        answer_lines=lines,
        show_quote=bool(quote) and not _contains(shown_words, quote or ""),
    )
