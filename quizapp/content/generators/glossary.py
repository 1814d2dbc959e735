"""Glossary generator: term -> definition flashcards and 'which term' choice items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from quizapp.enums import Skill
from quizapp.items.normalize import normalize_ws

from .common import Rejected, difficulty, make, pick_distractors, rng_for, source_fields

if TYPE_CHECKING:
    from ..document import Document
    from ..pack import Entry, Pack
    from ..spec import ItemSpec
    from .common import Claim, Rejected


def generate(doc: Document, pack: Pack) -> Iterator[ItemSpec | Rejected | Claim]:
    """Yield a flashcard per term and a single-choice item where the class has siblings."""
    by_class: dict[str, list[Entry]] = {}
    for term in pack.glossary.values():
        by_class.setdefault(term["class"], []).append(term)
    for key, term in sorted(pack.glossary.items()):
        src = source_fields(term)
        cite = _cite(term)
        yield make(
            id=f"gl.card.{key}",
            kind="flashcard",
            topic=term["topic"],
            prompt=f"Define: {term['term']}",
            body={"front": f"Define: {term['term']}", "back": normalize_ws(term["definition"])},
            explanation=term.get("note") or cite,
            difficulty=difficulty("flashcard"),
            skill=Skill.DEFINITION,
            **src,
        )
        if term.get("quiz") is False:
            continue
        item_id = f"gl.sc.{key}"
        siblings = [
            t["term"] for t in by_class[term["class"]] if t["key"] != key and not _nested(term, t)
        ]
        if len(siblings) < 2:
            yield Rejected("glossary class has fewer than 2 siblings for distractors", item_id)
            continue
        rng = rng_for(item_id)
        n = 3 if len(siblings) >= 3 else 2
        distractors = pick_distractors(term["term"], siblings, rng, n)
        if len(distractors) < 2:
            yield Rejected(
                "glossary class has fewer than 2 siblings within the length band", item_id
            )
            continue
        options = [term["term"], *distractors]
        noun = CLASS_NOUNS.get(term["class"], term["class"].replace("_", " "))
        why_not = {
            d: f"‘{d}’ is a different {noun}: "
            f"{_lower_first(normalize_ws(pack.glossary[_key_of(pack, d)]['definition']))}"
            for d in distractors
        }
        yield make(
            id=item_id,
            kind="single_choice",
            topic=term["topic"],
            prompt=_lead(term) + f"this description? {normalize_ws(term['definition'])}",
            body={
                "options": options,
                "answer": [term["term"]],
                "option_feedback": why_not,
            },
            explanation=f"The description defines {term['term']}. {cite}",
            difficulty=difficulty("single_choice", options=len(options)),
            skill=Skill.DEFINITION,
            **src,
        )


#: how a glossary class is named in a "why not" ("a different ...")
CLASS_NOUNS = {
    "ilo_category": "category of fundamental rights at work",
    "micic_principle": "MICIC principle",
    "micic_guideline": "MICIC guideline",
    "driver_of_migration": "driver of migration",
    "trafficking_element": "element of the trafficking definition",
}


def _nested(a: Entry, b: Entry) -> bool:
    """True when one term is a kind of the other (``broader`` in the glossary), so both would be
    right: a refugee is also a forced migrant, so they never share options."""
    return b["key"] in a.get("broader", []) or a["key"] in b.get("broader", [])


def _lead(term: Entry) -> str:
    """Attribute document usage to the 2017 response; background terms need no lead."""
    if term.get("passage"):
        return "In the vocabulary of the 2017 U.S. response, which term matches "
    return "Which term matches "


def _key_of(pack: Pack, term_text: str) -> str:
    return next(k for k, t in pack.glossary.items() if t["term"] == term_text)


def _lower_first(text: str) -> str:
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _cite(term: Entry) -> str:
    """Where the term comes from. A definition is the pack's own wording: a document term says
    where the response uses it and, if given, whose definition it follows (``defined_by``) rather
    than calling the 2017 response the source of a definition it does not give."""
    if term.get("passage"):
        used = f"The 2017 U.S. response uses the term in {term['passage']}."
        if term.get("defined_by"):
            return f"{used} Definition after {term['defined_by']}."
        return f"{used} The definition is this course's summary of how the response uses it."
    return f"Source: {term['instrument']}, {term['provision']}."
