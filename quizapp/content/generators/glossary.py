"""Glossary generator: term -> definition flashcards and 'which term' choice items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

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
            **src,
        )
        if term.get("quiz") is False:
            continue
        item_id = f"gl.sc.{key}"
        siblings = [t["term"] for t in by_class[term["class"]] if t["key"] != key]
        if len(siblings) < 2:
            yield Rejected("glossary class has fewer than 2 siblings for distractors", item_id)
            continue
        rng = rng_for(item_id)
        n = 3 if len(siblings) >= 3 else 2
        distractors = pick_distractors(term["term"], siblings, rng, n)
        options = [term["term"], *distractors]
        tempting = distractors[0]
        tempting_def = pack.glossary[_key_of(pack, tempting)]["definition"]
        yield make(
            id=item_id,
            kind="single_choice",
            topic=term["topic"],
            prompt=_lead(term) + f"this description? {normalize_ws(term['definition'])}",
            body={
                "options": options,
                "answer": [term["term"]],
                "distractor_explanation": (
                    f"'{tempting}' is a different {term['class'].replace('_', ' ')}: "
                    f"{_lower_first(normalize_ws(tempting_def))}"
                ),
            },
            explanation=f"The description defines {term['term']}. {cite}",
            difficulty=difficulty("single_choice", options=len(options)),
            **src,
        )


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
    if term.get("passage"):
        return f"Source: 2017 U.S. response, {term['passage']}."
    return f"Source: {term['instrument']}, {term['provision']}."
