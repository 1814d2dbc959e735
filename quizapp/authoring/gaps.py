"""Cloze cards and gap-fill items over key terms, one gap per sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..content.generators.cloze import BLANK, find_gap
from ..content.generators.common import difficulty, make, self_contained_problem, slug
from ..content.spec import ItemSpec
from ..enums import Skill
from ..items.normalize import answer_leaks, normalize_ws
from .keyterms import KeyTerm
from .passages import SourcePassage
from .report import DRAFT_TOPIC, Collector, DraftFamily, cap, cite, segments, source_fields

__all__ = ["cloze_items"]

MAX_CLOZE_PER_PASSAGE = 2
CLOZE_WORDS = (8, 60)
GAP_FILL_MAX_TERM_WORDS = 4
_PROTOCOL_RULE = "sentence names a protocol without saying which"


def _standalone_problem(sentence: str) -> str | None:
    """The bank's self-containment rules; naming "the Protocol" is fine (the prompt names it)."""
    problem = self_contained_problem(sentence)
    return None if problem == _PROTOCOL_RULE else problem


def _occurrences(sentence: str, term: str) -> int:
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    return len(pattern.findall(sentence))


def cloze_items(
    passages: Sequence[SourcePassage],
    terms: Sequence[KeyTerm],
    skip: set[str],
    title: str,
    out: Collector,
) -> None:
    for p in passages:
        if not p.teachable:
            continue
        made = 0
        for n, sentence in enumerate(segments(p), start=1):
            target = f"{p.anchor}:{sentence[:30]}"
            quote = normalize_ws(sentence)
            if quote in skip:
                continue
            words = len(quote.split())
            if not CLOZE_WORDS[0] <= words <= CLOZE_WORDS[1]:
                out.reject(p.anchor, DraftFamily.CLOZE, target, f"sentence of {words} words")
                continue
            problem = _standalone_problem(quote)
            complete = quote[:1].isupper() or quote[:1] in "\"\u201c'"
            if problem is None and not (complete and quote.endswith((".", ";", "!", "?"))):
                problem = "not a complete sentence"
            if problem:
                out.reject(p.anchor, DraftFamily.CLOZE, target, problem)
                continue
            chosen = _gap(quote, terms)
            if chosen is None:
                out.reject(p.anchor, DraftFamily.CLOZE, target, "no key term to gap once")
                continue
            if made >= MAX_CLOZE_PER_PASSAGE:
                out.reject(
                    p.anchor, DraftFamily.CLOZE, target,
                    f"passage already has {MAX_CLOZE_PER_PASSAGE} cloze drafts",
                )  # fmt: skip
                continue
            made += 1
            term, stem, matched = chosen
            for item in _gap_items(p, n, quote, term, stem, matched, title):
                out.draft(item, DraftFamily.CLOZE)


def _gap(sentence: str, terms: Sequence[KeyTerm]) -> tuple[KeyTerm, str, str] | None:
    """The first key term occurring exactly once whose answer does not leak into the stem."""
    for term in terms:
        if _occurrences(sentence, term.term) != 1:
            continue
        gap = find_gap(sentence, {"term": term.term})
        if gap is None:
            continue
        stem, matched = gap
        if not answer_leaks(stem.replace(BLANK, " "), [matched]):
            return term, stem, matched
    return None


def _gap_items(
    p: SourcePassage, n: int, quote: str, term: KeyTerm, stem: str, matched: str, title: str
) -> Iterator[ItemSpec]:
    base = f"d.cz.{p.anchor}.s{n}.{slug(term.term)}"
    accepted = sorted({matched, term.term}, key=lambda form: (form.lower(), form))
    src = source_fields(p, quote)
    why = f"{cite(p, title)} uses the term \u2018{matched}\u2019 here."
    text = f"From {cite(p, title)}: \u201c{stem}\u201d"
    yield make(
        id=f"{base}.cloze",
        kind="cloze",
        topic=DRAFT_TOPIC,
        prompt=text,
        body={"text": text, "answer": matched, "accepted": accepted},
        explanation=cap(why),
        difficulty=difficulty("cloze"),
        skill=Skill.RECALL,
        **src,
    )
    if len(term.term.split()) <= GAP_FILL_MAX_TERM_WORDS:
        yield make(
            id=f"{base}.gap",
            kind="gap_fill",
            topic=DRAFT_TOPIC,
            prompt=f"Fill the gap in this sentence from {cite(p, title)}: \u201c{stem}\u201d",
            body={"answer": matched, "accepted": accepted},
            explanation=cap(why),
            difficulty=difficulty("gap_fill"),
            skill=Skill.RECALL,
            **src,
        )
