"""Draft items from any imported document, with a per-passage report.

``draft_items(passages)`` runs four families over the passages, all deterministic:

* definitions ("X means ...", "X shall mean ...", "X refers to ...") -> a flashcard and
  a "which term" single-choice item whose distractors are the document's other terms;
* enumerations (a lead-in and its (a), (b) ... or bulleted items) -> a list-recall
  flashcard and a select-all item whose distractors come from the document's other lists;
* obligations ("States Parties shall ...") -> flashcards;
* cloze cards and gap-fill items over key terms (author's glossary, defined terms, YAKE).

Every draft quotes its passage verbatim (checked) and cites its anchor; every candidate
that was refused is reported with the reason. Drafts are items in ``draft`` state for the
author to review; the shared helpers of :mod:`quizapp.content.generators` build them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from ..content.bank import place_keys
from ..content.generators.cloze import BLANK, answer_leaks, find_gap
from ..content.generators.common import (
    difficulty,
    make,
    pick_distractors,
    rng_for,
    self_contained_problem,
    slug,
    split_sentences,
)
from ..content.model import ItemSpec
from ..content.normalize import normalize_answer, normalize_ws
from .gates import item_problems, near_duplicates
from .keyterms import KeyTerm, key_terms
from .passages import PassageKind, SourcePassage
from .patterns import Definition, Obligation, find_definition, find_obligation, trim_item

__all__ = [
    "DRAFT_TOPIC",
    "Draft",
    "DraftFamily",
    "DraftReport",
    "PassageReport",
    "Rejection",
    "draft_items",
]

DRAFT_TOPIC = "unsorted"  # drafts get their topic when an author files them
MAX_CLOZE_PER_PASSAGE = 2
MAX_LIST_ITEMS = 8
NEIGHBOUR_LISTS = 4
MAX_LIST_ITEM_WORDS = 25
CLOZE_WORDS = (8, 60)
GAP_FILL_MAX_TERM_WORDS = 4
_DETERMINERS = frozenset(["The", "Each", "Every", "All", "Any", "No"])
_PROTOCOL_RULE = "sentence names a protocol without saying which"


class DraftFamily(StrEnum):
    """Which pattern produced a draft."""

    DEFINITION = "definition"
    ENUMERATION = "enumeration"
    OBLIGATION = "obligation"
    CLOZE = "cloze"


@dataclass(frozen=True)
class Draft:
    """A generated item awaiting review; ``item`` is a plain ItemSpec with origin document."""

    item: ItemSpec
    family: DraftFamily

    @property
    def id(self) -> str:
        """The item id (deterministic)."""
        return self.item.id

    @property
    def quote(self) -> str | None:
        """The verbatim quote."""
        return self.item.quote

    @property
    def passage(self) -> str | None:
        """The anchor of the cited passage."""
        return self.item.passage


@dataclass(frozen=True)
class Rejection:
    """A candidate that was not drafted, and why."""

    family: DraftFamily
    target: str
    reason: str


@dataclass(frozen=True)
class PassageReport:
    """What was drafted from one passage and what was refused."""

    anchor: str
    label: str
    drafted: tuple[str, ...]
    rejected: tuple[Rejection, ...]


@dataclass(frozen=True)
class DraftReport:
    """The drafts, the key terms used and a report per passage (document order)."""

    drafts: tuple[Draft, ...]
    key_terms: tuple[KeyTerm, ...]
    passages: tuple[PassageReport, ...]

    def summary(self) -> str:
        """Counts by family and kind, then rejections by reason."""
        by_family: dict[str, int] = defaultdict(int)
        for d in self.drafts:
            by_family[f"{d.family.value}/{d.item.kind}"] += 1
        reasons: dict[str, int] = defaultdict(int)
        for p in self.passages:
            for r in p.rejected:
                reasons[f"{r.family.value}: {r.reason}"] += 1
        lines = [f"Drafts: {len(self.drafts)}"]
        lines.extend(f"  {n:4}  {key}" for key, n in sorted(by_family.items()))
        lines.append("Rejected candidates:")
        lines.extend(f"  {n:4}  {key}" for key, n in sorted(reasons.items()))
        return "\n".join(lines)


class _Out:
    """Collects drafts and rejections per passage anchor."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.rejected: dict[str, list[Rejection]] = defaultdict(list)

    def draft(self, item: ItemSpec, family: DraftFamily) -> None:
        self.drafts.append(Draft(item, family))

    def reject(self, anchor: str, family: DraftFamily, target: str, reason: str) -> None:
        self.rejected[anchor].append(Rejection(family, target, reason))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cite(passage: SourcePassage, title: str) -> str:
    where = passage.label or passage.heading
    if where == "Preamble":
        where = "the Preamble"
    return f"{where} of {title}" if where else title


def _source(passage: SourcePassage, quote: str) -> dict[str, str | None]:
    return {
        "origin": "document",
        "passage": passage.anchor,
        "quote": quote,
        "instrument": None,
        "provision": None,
    }


def _segments(passage: SourcePassage) -> list[str]:
    """Sentences of a passage (a list item is one segment, its terminal ';' kept)."""
    if passage.kind is PassageKind.LIST_ITEM:
        return [passage.text]
    return split_sentences(passage.text)


# --- definitions -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Defined:
    passage: SourcePassage
    quote: str
    found: Definition


def _find_definitions(passages: Sequence[SourcePassage], out: _Out) -> list[_Defined]:
    defined: list[_Defined] = []
    seen: set[str] = set()
    for p in passages:
        for sentence in _segments(p):
            found = find_definition(sentence)
            if isinstance(found, str):
                out.reject(p.anchor, DraftFamily.DEFINITION, sentence[:40], found)
            elif found is not None:
                key = normalize_answer(found.term)
                if key in seen:
                    out.reject(p.anchor, DraftFamily.DEFINITION, found.term, "term defined twice")
                    continue
                seen.add(key)
                defined.append(_Defined(p, normalize_ws(sentence), found))
    return defined


def _definition_items(defined: list[_Defined], title: str, out: _Out) -> None:
    terms = [d.found.term for d in defined]
    by_term = {d.found.term: d for d in defined}
    for d in defined:
        term, definition, p = d.found.term, d.found.definition, d.passage
        base = f"d.def.{p.anchor}.{slug(term)}"
        src = _source(p, d.quote)
        cite = f"Source: {_cite(p, title)}."
        front = f"Define, as used in {title}: {term}"
        out.draft(
            make(
                id=f"{base}.card",
                kind="flashcard",
                topic=DRAFT_TOPIC,
                prompt=front,
                body={"front": front, "back": _cap(definition)},
                explanation=cite,
                difficulty=difficulty("flashcard"),
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
                prompt=f"In {title}, which term matches this description? {_cap(definition)}",
                body={
                    "options": [term, *distractors],
                    "answer": [term],
                    "distractor_explanation": f"\u2018{tempting.found.term}\u2019 is defined "
                    f"in {_cite(tempting.passage, title)} as {tempting.found.definition}.",
                },
                explanation=f"The description defines {term}. {cite}",
                difficulty=difficulty("single_choice", options=1 + len(distractors)),
                **src,
            ),
            DraftFamily.DEFINITION,
        )


# --- enumerations ----------------------------------------------------------------------


@dataclass(frozen=True)
class _List:
    lead: SourcePassage
    quote: str
    lead_text: str
    items: tuple[str, ...]
    members: tuple[SourcePassage, ...]


def _find_lists(
    passages: Sequence[SourcePassage], defined_anchors: set[str], out: _Out
) -> list[_List]:
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
    lists: list[_List] = []
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
        lists.append(_List(lead, quote, lead_text, items, tuple(members)))
    return lists


def _borrowed_items(lists: list[_List], index: int) -> list[str]:
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


def _list_items(lists: list[_List], title: str, out: _Out) -> None:
    for index, lst in enumerate(lists):
        lead = lst.lead
        n = len(lst.items)
        where = _cite(lead, title)
        intro = trim_item(lst.lead_text.rstrip(":")).rstrip(",")
        front = f"According to {where}: \u201c{intro} \u2026\u201d \u2014 name all {n}."
        explanation = f"{_cap(where)} lists {n}: " + "; ".join(lst.items) + "."
        src = _source(lead, lst.quote)
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
                **src,
            ),
            DraftFamily.ENUMERATION,
        )


# --- obligations -----------------------------------------------------------------------


def _obligation_items(passages: Sequence[SourcePassage], title: str, out: _Out) -> None:
    for p in passages:
        if not p.teachable:
            continue
        fronts: set[str] = set()
        for n, sentence in enumerate(_segments(p), start=1):
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
    front = f"According to {_cite(p, title)}, {ask}"
    if front in fronts:
        front += f" (It begins \u201c{' '.join(ob.duty.split()[:3])} \u2026\u201d)"
    fronts.add(front)
    return make(
        id=f"d.ob.{p.anchor}.{n}",
        kind="flashcard",
        topic=DRAFT_TOPIC,
        prompt=front,
        body={"front": front, "back": _cap(ob.duty) + "."},
        explanation=f"Source: {_cite(p, title)}: \u201c{quote}\u201d",
        difficulty=difficulty("flashcard", answer_words=len(ob.duty.split())),
        **_source(p, quote),
    )


# --- cloze and gap-fill ----------------------------------------------------------------


def _standalone_problem(sentence: str) -> str | None:
    """The bank's self-containment rules; naming "the Protocol" is fine (the prompt names it)."""
    problem = self_contained_problem(sentence)
    return None if problem == _PROTOCOL_RULE else problem


def _occurrences(sentence: str, term: str) -> int:
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    return len(pattern.findall(sentence))


def _cloze_items(
    passages: Sequence[SourcePassage],
    terms: Sequence[KeyTerm],
    skip: set[str],
    title: str,
    out: _Out,
) -> None:
    for p in passages:
        if not p.teachable:
            continue
        made = 0
        for n, sentence in enumerate(_segments(p), start=1):
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
    src = _source(p, quote)
    why = f"{_cite(p, title)} uses the term \u2018{matched}\u2019 here."
    text = f"From {_cite(p, title)}: \u201c{stem}\u201d"
    yield make(
        id=f"{base}.cloze",
        kind="cloze",
        topic=DRAFT_TOPIC,
        prompt=text,
        body={"text": text, "answer": matched, "accepted": accepted},
        explanation=_cap(why),
        difficulty=difficulty("cloze"),
        **src,
    )
    if len(term.term.split()) <= GAP_FILL_MAX_TERM_WORDS:
        yield make(
            id=f"{base}.gap",
            kind="gap_fill",
            topic=DRAFT_TOPIC,
            prompt=f"Fill the gap in this sentence from {_cite(p, title)}: \u201c{stem}\u201d",
            body={"answer": matched, "accepted": accepted},
            explanation=_cap(why),
            difficulty=difficulty("gap_fill"),
            **src,
        )


# --- the entry point ---------------------------------------------------------------------


def draft_items(
    passages: Sequence[SourcePassage],
    glossary_terms: Iterable[str] = (),
    *,
    title: str = "the document",
    max_key_terms: int = 40,
) -> DraftReport:
    """Draft items from a document's passages.

    Args:
        passages: from :func:`~quizapp.authoring.passages.split_passages`.
        glossary_terms: terms an author added to the course glossary (gapped first).
        title: how prompts name the document ("the Seasonal Workers Protocol").
        max_key_terms: how many YAKE keywords to add to the glossary and defined terms.

    Returns:
        The drafts (ids deterministic, single-key options placed evenly as in the bank),
        the key terms used and, per passage, what was drafted and what was refused.
    """
    out = _Out()
    defined = _find_definitions(passages, out)
    _definition_items(defined, title, out)
    lists = _find_lists(passages, {d.passage.anchor for d in defined}, out)
    _list_items(lists, title, out)
    _obligation_items(passages, title, out)
    text = "\n".join(p.text for p in passages if p.teachable)
    terms = key_terms(
        text,
        glossary=glossary_terms,
        defined=[d.found.term for d in defined],
        top=max_key_terms,
    )
    _cloze_items(passages, terms, {d.quote for d in defined}, title, out)
    return _report(passages, terms, out)


def _report(
    passages: Sequence[SourcePassage], terms: tuple[KeyTerm, ...], out: _Out
) -> DraftReport:
    """Apply the gates, drop duplicates and near-duplicates, place keys, report per passage."""
    texts = {p.anchor: p.text for p in passages}
    kept: list[Draft] = []
    ids: set[str] = set()
    for draft in out.drafts:
        anchor = draft.item.passage or ""
        problems = item_problems(draft.item, texts.get(anchor, ""))
        if draft.id in ids:
            problems.append("duplicate id")
        if problems:
            for problem in problems:
                out.reject(anchor, draft.family, draft.id, problem)
            continue
        ids.add(draft.id)
        kept.append(draft)
    duplicates = near_duplicates([d.item for d in kept])
    family = {d.id: d.family for d in kept}
    anchor_of = {d.id: d.passage or "" for d in kept}
    for later, earlier in duplicates.items():
        out.reject(anchor_of[later], family[later], later, f"near-duplicate of {earlier}")
    kept = [d for d in kept if d.id not in duplicates]
    placed = {i.id: i for i in place_keys([d.item for d in kept])}
    drafts = tuple(sorted((replace(d, item=placed[d.id]) for d in kept), key=lambda d: d.id))
    drafted: dict[str, list[str]] = defaultdict(list)
    for d in drafts:
        drafted[d.passage or ""].append(d.id)
    reports = []
    for p in passages:
        rejected = list(out.rejected.get(p.anchor, []))
        if not p.teachable and not drafted.get(p.anchor):
            rejected.append(Rejection(DraftFamily.CLOZE, p.anchor, "passage too short to teach"))
        reports.append(
            PassageReport(p.anchor, p.label, tuple(drafted.get(p.anchor, [])), tuple(rejected))
        )
    return DraftReport(drafts=drafts, key_terms=terms, passages=tuple(reports))
