"""Draft items from any imported document, with a per-passage report.

``draft_items(passages)`` runs four families over the passages, all deterministic:

* definitions ("X means ...", "X shall mean ...", "X refers to ...") -> a flashcard and
  a "which term" single-choice item whose distractors are the document's other terms;
* enumerations (a lead-in and its (a), (b) ... or bulleted items) -> a list-recall
  flashcard and a select-all item whose distractors come from neighbouring lists;
* obligations ("States Parties shall ...") -> flashcards;
* cloze cards and gap-fill items over key terms (author's glossary, defined terms, YAKE).

Every draft quotes its passage verbatim (checked) and cites its anchor; every candidate
that was refused is reported with the reason. Drafts are items in ``draft`` state for the
author to review; the shared helpers of :mod:`quizapp.content.generators` build them.
The families live in :mod:`.families` and :mod:`.gaps`; the result types in :mod:`.report`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..content.bank import place_keys
from .families import definition_items, find_definitions, find_lists, list_items, obligation_items
from .gaps import cloze_items
from .gates import item_problems, longest_key_problem, near_duplicates
from .keyterms import KeyTerm, key_terms
from .passages import SourcePassage
from .report import (
    DRAFT_TOPIC,
    Collector,
    Draft,
    DraftFamily,
    DraftReport,
    PassageReport,
    Rejection,
)

__all__ = [
    "DRAFT_TOPIC",
    "Draft",
    "DraftFamily",
    "DraftReport",
    "PassageReport",
    "Rejection",
    "draft_items",
]


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
    out = Collector()
    defined = find_definitions(passages, out)
    definition_items(defined, title, out)
    lists = find_lists(passages, {d.passage.anchor for d in defined}, out)
    list_items(lists, title, out)
    obligation_items(passages, title, out)
    text = "\n".join(p.text for p in passages if p.teachable)
    terms = key_terms(
        text,
        glossary=glossary_terms,
        defined=[d.found.term for d in defined],
        top=max_key_terms,
    )
    cloze_items(passages, terms, {d.quote for d in defined}, title, out)
    return _report(passages, terms, out)


def _report(
    passages: Sequence[SourcePassage], terms: tuple[KeyTerm, ...], out: Collector
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
        target = f"{later} (like {earlier})"
        out.reject(anchor_of[later], family[later], target, "near-duplicate of an earlier draft")
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
    cue = longest_key_problem([d.item for d in drafts])
    return DraftReport(
        drafts=drafts, key_terms=terms, passages=tuple(reports), notes=(cue,) if cue else ()
    )
