"""Answer normalisation shared by grading and the content checks (pure)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_answer"]

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalize_answer(text: str) -> str:
    """Fold case, accents, punctuation and spacing: "  The I.L.O. " -> "the ilo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", _PUNCT.sub("", stripped.casefold())).strip()
