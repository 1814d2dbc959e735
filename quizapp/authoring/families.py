"""Draft families over patterns: definitions, enumerations and obligations.

* definitions ("X means ...", "X shall mean ...", "X refers to ...") -> a flashcard and a
  "which term" single-choice item whose distractors are the document's other terms;
* enumerations (a lead-in and its (a), (b) ... or bulleted items) -> a list-recall
  flashcard and a select-all item whose distractors come from neighbouring lists;
* obligations ("States Parties shall ...") -> flashcards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..content.generators.common import difficulty, make, pick_distractors, rng_for, slug
from ..content.spec import ItemSpec
from ..enums import Skill
from ..items.normalize import answer_leaks, normalize_answer, normalize_ws
from .passages import PassageKind, SourcePassage
from .patterns import Definition, Obligation, find_definition, find_obligation, trim_item
from .report import DRAFT_TOPIC, Collector, DraftFamily, cap, cite, segments, source_fields

__all__ = [
    "Defined",
    "Enumeration",
    "definition_items",
    "find_definitions",
    "find_lists",
    "list_items",
    "obligation_items",
]

MAX_LIST_ITEMS = 8
NEIGHBOUR_LISTS = 4
MAX_LIST_ITEM_WORDS = 25
_DETERMINERS = frozenset(["The", "Each", "Every", "All", "Any", "No"])


# --- definitions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Defined:
    """A definition found in a passage, with the sentence that states it (the quote)."""

    passage: SourcePassage
    quote: str
    found: Definition


def find_definitions(passages: Sequence[SourcePassage], out: Collector) -> list[Defined]:
    """Every definition in the passages; a term defined twice keeps its first definition."""
    defined: list[Defined] = []
    seen: set[str] = set()
    for p in passages:
        for sentence in segments(p):
            found = find_definition(sentence)
            if isinstance(found, str):
                out.reject(p.anchor, DraftFamily.DEFINITION, sentence[:40], found)
            elif found is not None:
                key = normalize_answer(found.term)
                if key in seen:
                    out.reject(p.anchor, DraftFamily.DEFINITION, found.term, "term defined twice")
                    continue
                seen.add(key)
                defined.append(Defined(p, normalize_ws(sentence), found))
    return defined


def definition_items(defined: list[Defined], title: str, out: Collector) -> None:
    """A flashcard per definition, and a "which term" item when two other terms exist."""
    terms = [d.found.term for d in defined]
    by_term = {d.found.term: d for d in defined}
    for d in defined:
        term, definition, p = d.found.term, d.found.definition, d.passage
        base = f"d.def.{p.anchor}.{slug(term)}"
        src = source_fields(p, d.quote)
        source_note = f"Source: {cite(p, title)}."
        front = f"Define, as used in {title}: {term}"
        out.draft(
            make(
                id=f"{base}.card",
                kind="flashcard",
                topic=DRAFT_TOPIC,
                prompt=front,
                body={"front": front, "back": cap(definition)},
                explanation=source_note,
                difficulty=difficulty("flashcard"),
                skill=Skill.DEFINITION,
                **src,
            ),
            DraftFamily.DEFINITION,
        )
        item_id = f"{base}.sc"
        others = [t for t in terms if normalize_answer(t) != normalize_answer(term)]
        if len(others) < 2:
            out.reject(
                p.anchor, DraftFamily.DEFINITION, item_id, "fewer than 2 other defined terms"
            )
            continue
        if answer_leaks(definition, [term]):
            out.reject(p.anchor, DraftFamily.DEFINITION, item_id, "the definition names the term")
            continue
        rng = rng_for(item_id)
        distractors = pick_distractors(term, others, rng, 3 if len(others) >= 3 else 2)
        tempting = by_term[distractors[0]]
        out.draft(
            make(
                id=item_id,
                kind="single_choice",
                topic=DRAFT_TOPIC,
                prompt=f"In {title}, which term matches this description? {cap(definition)}",
                body={
                    "options": [term, *distractors],
                    "answer": [term],
                    "distractor_explanation": f"\u2018{tempting.found.term}\u2019 is defined "
                    f"in {cite(tempting.passage, title)} as {tempting.found.definition}.",
                },
                explanation=f"The description defines {term}. {source_note}",
                difficulty=difficulty("single_choice", options=1 + len(distractors)),
                skill=Skill.DEFINITION,
                **src,
            ),
            DraftFamily.DEFINITION,
        )


# --- enumerations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Enumeration:
    """A lead-in passage and the items listed under it (trimmed of list punctuation)."""

    lead: SourcePassage
    quote: str
    lead_text: str
    items: tuple[str, ...]
    members: tuple[SourcePassage, ...]


def find_lists(
    passages: Sequence[SourcePassage], defined_anchors: set[str], out: Collector
) -> list[Enumeration]:
    """Group consecutive list items under the same lead-in passage."""
    by_anchor = {p.anchor: p for p in passages}
    groups: list[list[SourcePassage]] = []
    for p in passages:
        if p.kind is not PassageKind.LIST_ITEM:
            continue
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.parent == p.parent
            and last.heading == p.heading
            and (last.marker == "\u2022") == (p.marker == "\u2022")
            and p.position - last.position <= 2
        ):
            groups[-1].append(p)
        else:
            groups.append([p])
    lists: list[Enumeration] = []
    for members in groups:
        lead = by_anchor.get(members[0].parent or "") or members[0]
        lead_text = lead.text if lead is not members[0] else lead.heading
        quote = lead.text
        target = f"list under {lead.anchor}"
        if len(members) < 2:
            out.reject(lead.anchor, DraftFamily.ENUMERATION, target, "a list of one item")
            continue
        if sum(m.anchor in defined_anchors for m in members) * 2 >= len(members):
            out.reject(
                lead.anchor,
                DraftFamily.ENUMERATION,
                target,
                "a list of definitions (drafted as such)",
            )
            continue
        if len(members) > MAX_LIST_ITEMS:
            out.reject(
                lead.anchor, DraftFamily.ENUMERATION, target,
                f"too many items to recall ({len(members)} > {MAX_LIST_ITEMS})",
            )  # fmt: skip
            continue
        items = tuple(trim_item(m.text) for m in members)
        if any(len(i.split()) > MAX_LIST_ITEM_WORDS for i in items):
            out.reject(
                lead.anchor, DraftFamily.ENUMERATION, target,
                f"items too long to recall (> {MAX_LIST_ITEM_WORDS} words)",
            )  # fmt: skip
            continue
        if len({normalize_answer(i) for i in items}) != len(items):
            out.reject(lead.anchor, DraftFamily.ENUMERATION, target, "repeated list items")
            continue
        lists.append(Enumeration(lead, quote, lead_text, items, tuple(members)))
    return lists


def _borrowed_items(lists: list[Enumeration], index: int) -> list[str]:
    """Distractors for list *index*: items of the nearest other lists, none equal to its own.

    Neighbours in document order are the most plausible (same part, same subject) and
    keep the pool small, so drafting stays linear in the number of lists.
    """
    own = {normalize_answer(i) for i in lists[index].items}
    order = sorted((j for j in range(len(lists)) if j != index), key=lambda j: (abs(j - index), j))[
        :NEIGHBOUR_LISTS
    ]
    pool = {i for j in order for i in lists[j].items if normalize_answer(i) not in own}
    return sorted(pool)


def list_items(lists: list[Enumeration], title: str, out: Collector) -> None:
    """A list-recall flashcard per list, and a select-all item with borrowed distractors."""
    for index, lst in enumerate(lists):
        lead = lst.lead
        n = len(lst.items)
        where = cite(lead, title)
        intro = trim_item(lst.lead_text.rstrip(":")).rstrip(",")
        front = f"According to {where}: \u201c{intro} \u2026\u201d \u2014 name all {n}."
        explanation = f"{cap(where)} lists {n}: " + "; ".join(lst.items) + "."
        src = source_fields(lead, lst.quote)
        base = f"d.list.{lead.anchor}"
        out.draft(
            make(
                id=f"{base}.card",
                kind="flashcard",
                topic=DRAFT_TOPIC,
                prompt=front,
                body={"front": front, "back": "; ".join(lst.items)},
                explanation=explanation,
                difficulty=difficulty("flashcard", answer_words=n),
                skill=Skill.RECALL,
                **src,
            ),
            DraftFamily.ENUMERATION,
        )
        item_id = f"{base}.mr"
        pool = _borrowed_items(lists, index)
        if not pool:
            out.reject(
                lead.anchor, DraftFamily.ENUMERATION, item_id,
                "no other list to borrow distractors from",
            )  # fmt: skip
            continue
        rng = rng_for(item_id)
        n_wrong = 1 if len(pool) == 1 or n >= 4 else 2
        n_right = min(n, 4 - n_wrong)
        right = rng.sample(list(lst.items), n_right)
        wrong = pick_distractors(right[0], pool, rng, n_wrong)
        options = right + wrong
        rng.shuffle(options)
        out.draft(
            make(
                id=item_id,
                kind="multiple_response",
                topic=DRAFT_TOPIC,
                prompt=f"According to {where}, which of these complete \u201c{intro} \u2026\u201d? "
                "Select all that apply.",
                body={"options": options, "answer": [o for o in options if o in right]},
                explanation=explanation,
                difficulty=difficulty("multiple_response", options=len(options)),
                skill=Skill.RECALL,
                **src,
            ),
            DraftFamily.ENUMERATION,
        )


# --- obligations -----------------------------------------------------------------------


def obligation_items(passages: Sequence[SourcePassage], title: str, out: Collector) -> None:
    """A flashcard per "shall" / "must" sentence of a teachable passage."""
    for p in passages:
        if not p.teachable:
            continue
        fronts: set[str] = set()
        for n, sentence in enumerate(segments(p), start=1):
            found = find_obligation(sentence)
            if isinstance(found, str):
                out.reject(p.anchor, DraftFamily.OBLIGATION, sentence[:40], found)
                continue
            if found is None:
                continue
            out.draft(
                _obligation(p, n, normalize_ws(sentence), found, title, fronts),
                DraftFamily.OBLIGATION,
            )


def _obligation(
    p: SourcePassage, n: int, quote: str, ob: Obligation, title: str, fronts: set[str]
) -> ItemSpec:
    negative = ob.modal.endswith(" not")
    modal = ob.modal.removesuffix(" not")
    first, _, rest = ob.subject.partition(" ")
    if first in _DETERMINERS:  # "Each State Party" -> "each State Party"; names keep capitals
        first = first.lower()
    subject = f"{first} {rest}".strip()
    if modal in ("shall", "must"):
        ask = f"what {modal} {subject}{' not' if negative else ''} do?"
    else:  # "undertakes to" / "agrees to": ask in the base form
        verb = modal.split()[0].removesuffix("s")
        ask = f"what does {subject} {verb} {'not ' if negative else ''}to do?"
    front = f"According to {cite(p, title)}, {ask}"
    if front in fronts:
        front += f" (It begins \u201c{' '.join(ob.duty.split()[:3])} \u2026\u201d)"
    fronts.add(front)
    return make(
        id=f"d.ob.{p.anchor}.{n}",
        kind="flashcard",
        topic=DRAFT_TOPIC,
        prompt=front,
        body={"front": front, "back": cap(ob.duty) + "."},
        explanation=f"Source: {cite(p, title)}: \u201c{quote}\u201d",
        difficulty=difficulty("flashcard", answer_words=len(ob.duty.split())),
        skill=Skill.OBLIGATION,
        **source_fields(p, quote),
    )
