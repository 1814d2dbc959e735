"""Key terms of a document: author-added glossary terms, defined terms, then YAKE keywords."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..items.normalize import normalize_answer

__all__ = ["KeyTerm", "TermSource", "extract_keywords", "key_terms", "sample_text"]

MIN_CHARS = 4
MAX_WORDS = 3
MIN_OCCURRENCES = 2
SAMPLE_CHARS = 60_000


class TermSource(StrEnum):
    """Where a key term comes from, in order of trust."""

    GLOSSARY = "glossary"  # added by an author
    DEFINED = "defined"  # the document defines it ("X shall mean ...")
    EXTRACTED = "extracted"  # YAKE keyword


@dataclass(frozen=True)
class KeyTerm:
    """A term worth gapping; ``rank`` orders terms (0 is the most important)."""

    term: str
    source: TermSource
    rank: int


def sample_text(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most *limit* characters of *text*: whole lines taken at an even stride.

    YAKE's cost grows with the text; its statistics settle well before a treaty's end,
    so a long document is sampled evenly (deterministically) rather than truncated.
    """
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    stride = len(text) / limit
    return "\n".join(lines[int(i * stride)] for i in range(int(len(lines) / stride)))


def extract_keywords(text: str, *, top: int = 40) -> list[str]:
    """The *top* YAKE keywords (1-3 words) of *text* (sampled when long), best first.

    YAKE is statistical and offline; its output depends only on the text.
    """
    text = sample_text(text)
    if not text.strip():
        return []
    import yake  # type: ignore[import-untyped]  # imported lazily: it pulls in numpy

    extractor = yake.KeywordExtractor(lan="en", n=MAX_WORDS, dedup_lim=0.7, top=top * 2)
    found: list[tuple[str, float]] = extractor.extract_keywords(text)
    ranked = sorted(((float(score), kw) for kw, score in found), key=lambda s: (s[0], s[1]))
    return [kw for _, kw in ranked]


def _singular(term: str) -> str:
    """Comparison key: normalised, each word without a plural -s ("workers" ~ "worker")."""
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in normalize_answer(term).split()
    )


def _usable(term: str, folded_text: str) -> bool:
    """Long enough, no digits, and recurring: a phrase seen once is rarely a term.

    *folded_text* is the document casefolded; counting is by substring, which is enough
    to tell a recurring phrase from a one-off.
    """
    words = term.split()
    if not (len(term) >= MIN_CHARS and 1 <= len(words) <= MAX_WORDS):
        return False
    if re.search(r"\d", term) or not any(ch.isalpha() for ch in term):
        return False
    return folded_text.count(term.casefold()) >= MIN_OCCURRENCES


def key_terms(
    text: str,
    *,
    glossary: Iterable[str] = (),
    defined: Sequence[str] = (),
    top: int = 40,
) -> tuple[KeyTerm, ...]:
    """Glossary terms first, then defined terms, then up to *top* recurring YAKE keywords.

    Terms are de-duplicated after normalising (case, accents, punctuation).
    """
    seen: set[str] = set()
    words_seen: set[str] = set()
    terms: list[KeyTerm] = []

    def add(term: str, source: TermSource) -> None:
        key = _singular(term)
        if key and key not in seen:
            seen.add(key)
            words_seen.update(key.split())
            terms.append(KeyTerm(term.strip(), source, len(terms)))

    for term in glossary:
        add(term, TermSource.GLOSSARY)
    for term in defined:
        add(term, TermSource.DEFINED)
    extracted = 0
    folded = text.casefold()
    for keyword in extract_keywords(text, top=top):
        if extracted >= top:
            break
        key = _singular(keyword)
        # a single word of a term already chosen ("desk" of "complaint desk") adds nothing
        subsumed = len(key.split()) == 1 and key in words_seen
        if not subsumed and key not in seen and _usable(keyword, folded):
            add(keyword, TermSource.EXTRACTED)
            extracted += 1
    return tuple(terms)
