"""Text normalisers shared by generation, quality gates and grading."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["answer_leaks", "normalize_answer", "normalize_ws", "tokens"]

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
)


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def normalize_answer(text: str) -> str:
    """Return a comparison key for a typed answer or an option text.

    Case, accents, punctuation, hyphens and surrounding whitespace are ignored,
    so "Trafficking-in-persons." and "trafficking in persons" compare equal.

    Args:
        text: the raw answer.

    Returns:
        The normalised key (possibly empty).
    """
    text = unicodedata.normalize("NFKD", text.translate(_DASHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = _PUNCT.sub(" ", text)
    return normalize_ws(text)


def tokens(text: str) -> frozenset[str]:
    """Return the set of normalised word tokens of *text*."""
    return frozenset(normalize_answer(text).split())


def answer_leaks(stem: str, answers: list[str]) -> bool:
    """Whether any accepted answer also appears in the stem outside the blank."""
    norm_stem = f" {normalize_answer(stem)} "
    return any(f" {normalize_answer(a)} " in norm_stem for a in answers if normalize_answer(a))
