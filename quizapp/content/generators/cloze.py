"""Cloze generator: one gap per card, only over typed glossary terms, in self-contained sentences.

Also scans every teachable sentence so the summary can say why sentences were not used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from quizapp.enums import Skill
from quizapp.items.normalize import answer_leaks, normalize_ws

from .common import Rejected, difficulty, make, self_contained_problem, slug, split_sentences

if TYPE_CHECKING:
    from ..document import Document
    from ..pack import Pack
    from ..spec import ItemSpec
    from .common import Claim, Rejected


BLANK = "____"


def surface_forms(term: dict[str, Any]) -> list[str]:
    """The term and its aliases, longest first (so the widest match wins)."""
    return sorted({term["term"], *term.get("aliases", [])}, key=lambda form: (-len(form), form))


def find_gap(sentence: str, term: dict[str, Any]) -> tuple[str, str] | None:
    """Return (sentence with one blank, matched text) or None if the term is absent."""
    for form in surface_forms(term):
        pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", re.IGNORECASE)
        matches = list(pattern.finditer(sentence))
        if matches:
            m = matches[0]
            return sentence[: m.start()] + BLANK + sentence[m.end() :], m.group(0)
    return None


def generate(doc: Document, pack: Pack) -> Iterator[ItemSpec | Rejected | Claim]:
    """Yield cloze cards and gap-fill items for the pack's selected sentences."""
    chosen = set()
    for sel in pack.cloze:
        sentence = normalize_ws(sel["quote"])
        term = pack.glossary[sel["gap"]]
        target = f"{sel['passage']}.{sel['gap']}"
        chosen.add(sentence)
        problem = self_contained_problem(sentence)
        if problem:
            yield Rejected(problem, target)
            continue
        gap = find_gap(sentence, term)
        if gap is None:
            yield Rejected("gap term does not occur in the sentence", target)
            continue
        stem, matched = gap
        accepted = sorted({matched, *surface_forms(term)}, key=lambda form: (form.lower(), form))
        if answer_leaks(stem, accepted):
            yield Rejected("gap answer appears elsewhere in the stem", target)
            continue
        base = f"{sel['passage']}.{slug(sel['gap'])}"
        text = f"From the 2017 U.S. response: \u201c{stem}\u201d"
        src = {
            "origin": "document",
            "passage": sel["passage"],
            "quote": sentence,
            "instrument": None,
            "provision": None,
        }
        why = sel.get("explanation") or (
            f"The response uses the term \u2018{matched}\u2019 here. Glossary "
            f"({term['class'].replace('_', ' ')}): "
            f"{term['definition']}"
        )
        yield make(
            id=f"cz.{base}",
            kind="cloze",
            topic=sel["topic"],
            prompt=text,
            body={"text": text, "answer": matched, "accepted": accepted},
            explanation=why,
            difficulty=difficulty("cloze"),
            skill=sel.get("skill", Skill.RECALL),
            **src,
        )
        if sel.get("quiz", True):
            prompt = (
                f"Fill the gap in this sentence from the 2017 U.S. response: \u201c{stem}\u201d"
            )
            yield make(
                id=f"gf.{base}",
                kind="gap_fill",
                topic=sel["topic"],
                prompt=prompt,
                body={"answer": matched, "accepted": accepted},
                explanation=why,
                difficulty=difficulty("gap_fill", override=sel.get("difficulty")),
                skill=sel.get("skill", Skill.RECALL),
                **src,
            )
    yield from _scan(doc, pack, chosen)


def _scan(doc: Document, pack: Pack, chosen: set[str]) -> Iterator[Rejected]:
    """Report why the remaining teachable sentences were not turned into cloze cards."""
    for passage in doc.passages:
        if not passage.teachable:
            continue
        for sentence in split_sentences(passage.text):
            if sentence in chosen:
                continue
            target = f"{passage.anchor}:{sentence[:30]}"
            problem = self_contained_problem(sentence)
            if problem:
                yield Rejected(f"cloze candidate: {problem}", target)
            elif not any(find_gap(sentence, t) for t in pack.glossary.values()):
                yield Rejected("cloze candidate: no glossary term to gap", target)
            else:
                yield Rejected("cloze candidate: not selected in the pack", target)
