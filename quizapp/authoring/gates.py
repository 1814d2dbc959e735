"""Quality gates for one draft item — the item-level rules of ``quizapp content check``.

The bank's gates (:mod:`quizapp.content.checks`) run over a whole built bank; these are
the rules that apply to a single draft without a content pack: verbatim quote, key
among options, duplicate options, longest-option cue, gap giveaway, one gap per cloze,
"Select all that apply", no all/none of the above, no negative stem.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..content.generators.cloze import BLANK
from ..content.spec import ID_PATTERN, ItemSpec
from ..enums import ItemOrigin
from ..items.kinds import choice_kinds, quiz_kinds
from ..items.normalize import answer_leaks, normalize_answer, normalize_ws, tokens

__all__ = [
    "JACCARD_LIMIT",
    "LONGEST_KEY_RATIO",
    "item_problems",
    "longest_key_problem",
    "near_duplicates",
]

JACCARD_LIMIT = 0.8
# A key this much longer than every distractor gives itself away.
LONGEST_KEY_RATIO = 1.5
_ABOVE = re.compile(r"\b(all|none|both|neither) of the above\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(NOT|EXCEPT)\b|\b(?i:which|what)\b[^?]*\b(?i:not|never|except)\b[^?]*\?")


def item_problems(item: ItemSpec, passage_text: str) -> list[str]:
    """Everything wrong with one draft; an empty list means it passes.

    Args:
        item: the draft item.
        passage_text: the text of the passage it cites (a background item, which cites an
            instrument and provision instead, is given "").
    """
    p: list[str] = []
    if not ID_PATTERN.match(item.id):
        p.append("id must be <=120 chars of [a-z0-9.-]")
    if item.origin == ItemOrigin.BACKGROUND:
        if not (item.instrument and item.provision):
            p.append("background item without instrument and provision")
    elif not item.quote or not item.passage:
        p.append("draft without passage and quote")
    elif normalize_ws(item.quote) not in normalize_ws(passage_text):
        p.append(f"quote not found verbatim in {item.passage}")
    if not item.explanation.strip():
        p.append("missing explanation")
    if item.kind == "flashcard" and item.prompt != item.body.get("front"):
        p.append("flashcard prompt must equal its front")
    if item.kind == "flashcard" and not str(item.body.get("back", "")).strip():
        p.append("flashcard without a back")
    if item.kind in choice_kinds():
        p.extend(_choice_problems(item))
    if item.kind in ("cloze", "gap_fill"):
        stem = str(item.body.get("text", item.prompt))
        answers = [str(item.body["answer"]), *item.body.get("accepted", [])]
        if answer_leaks(stem.replace(BLANK, " "), answers):
            p.append("gap answer appears elsewhere in its own stem")
        if stem.count(BLANK) != 1:
            p.append("a gap item must have exactly one gap")
    return p


def _choice_problems(item: ItemSpec) -> list[str]:
    p: list[str] = []
    options, keys = item.options, item.keys
    norm = [normalize_answer(o) for o in options]
    # true/false has exactly its two options (the kind's own gate checks them)
    if item.kind != "true_false" and not 3 <= len(options) <= 4:
        p.append("needs 3-4 options")
    if len(set(norm)) != len(norm):
        p.append("duplicate options after normalising")
    if not keys:
        p.append("no key")
    for key in keys:
        if key not in options:
            p.append(f"key {key!r} is not an option")
        elif norm.count(normalize_answer(key)) > 1:
            p.append(f"key {key!r} is also a distractor")
    if item.kind != "multiple_response" and len(keys) != 1:
        p.append("single-answer item must have exactly one key")
    if item.kind == "multiple_response" and "Select all that apply" not in item.prompt:
        p.append("multiple_response prompt must say 'Select all that apply'")
    if len(keys) == 1 and keys[0] in options and len(options) > 1:
        longest_other = max(len(o) for o in options if o != keys[0])
        if len(keys[0]) > LONGEST_KEY_RATIO * longest_other:
            p.append("key is conspicuously the longest option")
    if any(_ABOVE.search(o) for o in options):
        p.append("uses all/none of the above")
    if _NEGATIVE.search(item.prompt):
        p.append("negative stem")
    return p


def near_duplicates(items: Sequence[ItemSpec]) -> dict[str, str]:
    """Quiz items whose prompt is a near-duplicate of an earlier one: {later id: earlier id}.

    Token Jaccard >= 0.8, as in the bank's gate. Prefix filtering keeps this fast: two
    sets that similar must share one of the first few tokens in a global rare-first order.
    """
    quiz_kind_names = quiz_kinds()
    quiz = [i for i in items if i.kind in quiz_kind_names]
    sets = [tokens(i.prompt) for i in quiz]
    frequency: dict[str, int] = {}
    for s in sets:
        for t in s:
            frequency[t] = frequency.get(t, 0) + 1
    index: dict[str, list[int]] = {}
    found: dict[str, str] = {}
    for n, s in enumerate(sets):
        if not s:
            continue
        ordered = sorted(s, key=lambda t: (frequency[t], t))
        prefix = ordered[: len(s) - int(JACCARD_LIMIT * len(s)) + 1]
        candidates = sorted({m for t in prefix for m in index.get(t, [])})
        for m in candidates:
            other = sets[m]
            if quiz[m].id in found:
                continue
            if len(s & other) / len(s | other) >= JACCARD_LIMIT:
                found[quiz[n].id] = quiz[m].id
                break
        if quiz[n].id not in found:
            for t in prefix:
                index.setdefault(t, []).append(n)
    return found


def longest_key_problem(items: Sequence[ItemSpec]) -> str | None:
    """The bank's longest-key cue over a set of drafts, or None when within the limit.

    Among single-key choice items the key may be the strictly longest option in at most
    mean(1/k) + 10 % of them (the rule of ``quizapp content check``).
    """
    single = [i for i in items if i.kind in ("single_choice", "scenario") and len(i.keys) == 1]
    if not single:
        return None
    longest = sum(
        1 for i in single if all(len(i.keys[0]) > len(o) for o in i.options if o != i.keys[0])
    )
    limit = sum(1 / len(i.options) for i in single) / len(single) + 0.10
    if longest / len(single) <= limit:
        return None
    return (
        f"the key is the longest option in {longest}/{len(single)} single-choice drafts "
        f"(limit {limit:.0%}); edit the options before publishing"
    )
