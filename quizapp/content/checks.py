"""Quality gates over a built bank. Pure: returns problems, never raises.

Bank-wide rules (documented here because the thresholds are choices):

* Longest-key cue: among single-key choice items (single_choice, scenario) the
  key may be the strictly longest option in at most mean(1/k) + 10 % of items.
* Key positions: per option count k, a chi-square goodness-of-fit test of the key
  positions against the uniform distribution must stay below the p = 0.01
  critical value for k - 1 degrees of freedom.
* Near-duplicates: two quiz items whose prompts have token Jaccard >= 0.8 are
  reported, unless both come from the same generator over the same fact table
  (same first two id segments, e.g. ``micic-guidelines.tf``): those differ by
  their typed target by construction and each is re-checked by the claim gate.
* Dated ILO facts: a prompt that speaks of "the four" categories or principles of
  rights at work must say which list it means ("2017" response or "1998"
  Declaration), because a fifth category exists since June 2022; and the bank must
  hold at least one quiz item that teaches that 2022 addition.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from quizapp.enums import ItemOrigin
from quizapp.items.kinds import Matching, QuestionKind, all_kinds, get_kind
from quizapp.items.normalize import tokens

from . import pedagogy
from .bank import Bank
from .solver import MARGIN, solve
from .spec import ID_PATTERN, ItemSpec

__all__ = ["MIN_KINDS", "MIN_QUIZ_ITEMS", "CheckReport", "run_checks"]

MIN_QUIZ_ITEMS = 10
MIN_KINDS = 3
JACCARD_LIMIT = 0.8
CHI2_CRITICAL_P01 = {1: 6.635, 2: 9.210, 3: 11.345, 4: 13.277, 5: 15.086}
_FOUR_ILO = re.compile(r"\bfour\b[^.?!]*\b(categor|principles|rights at work)", re.IGNORECASE)
_FIFTH_ILO = re.compile(r"safe and healthy working environment", re.IGNORECASE)


@dataclass(frozen=True)
class CheckReport:
    """Problems (``item-id: reason``) and a human-readable summary."""

    problems: tuple[str, ...]
    summary: str
    coverage: float

    @property
    def ok(self) -> bool:
        """True when no gate failed."""
        return not self.problems


def _kind_of(item: ItemSpec) -> QuestionKind | None:
    try:
        return get_kind(item.kind)
    except KeyError:
        return None


def _is_quiz_item(item: ItemSpec) -> bool:
    kind = _kind_of(item)
    return kind is not None and kind.in_quiz


def _is_single_key(item: ItemSpec) -> bool:
    kind = _kind_of(item)
    return kind is not None and kind.single_key and len(item.keys) == 1


def _item_problems(bank: Bank, item: ItemSpec) -> list[str]:
    p: list[str] = []
    kind = _kind_of(item)
    if not ID_PATTERN.match(item.id):
        p.append("id must be <=120 chars of [a-z0-9.-]")
    if kind is None:
        p.append(f"unknown kind {item.kind!r}")
    if item.topic not in bank.pack.topics:
        p.append(f"unknown topic {item.topic!r}")
    if not 0.0 <= item.difficulty <= 1.0:
        p.append("difficulty outside 0..1")
    if item.origin == ItemOrigin.DOCUMENT:
        if not item.passage or not item.quote:
            p.append("document item without passage and quote")
        elif not bank.document.contains(item.quote, item.passage):
            p.append(f"quote not found verbatim in {item.passage}")
    elif item.origin == ItemOrigin.BACKGROUND:
        if not (item.instrument and item.provision):
            p.append("background item without instrument and provision")
    else:
        p.append(f"unknown origin {item.origin!r}")
    if not item.explanation.strip():
        p.append("missing explanation")
    if kind is not None:
        p.extend(kind.problems(item.prompt, item.body))  # the kind's own gates
        p.extend(
            f"quote not found verbatim in {anchor}"
            for anchor, quote in kind.citations(item.body)
            if not bank.document.contains(quote, anchor)
        )
        p.extend(_row_source_problems(bank, item))
        p.extend(pedagogy.label_recall_problems(item))
        if kind.in_quiz:
            p.extend(pedagogy.item_surface_problems(item))
        p.extend(pedagogy.option_feedback_problems(item))
        if kind.fact_checked:
            p.extend(_claim_problems(bank, item))
    if _FOUR_ILO.search(item.prompt) and not ("2017" in item.prompt or "1998" in item.prompt):
        p.append(
            "'four' ILO categories without a date (say 'as listed in the 2017 response' "
            "or 'in the 1998 Declaration'; a fifth was added in 2022)"
        )
    if (
        item.origin == ItemOrigin.DOCUMENT
        and kind is not None
        and kind.attributed
        and "2017" not in item.prompt
    ):
        p.append("U.S. position not attributed (prompt must name the 2017 response)")
    return p


def _row_source_problems(bank: Bank, item: ItemSpec) -> list[str]:
    """A document matching item whose fact-table rows come from several passages cites each
    row (``row_sources``): its own source is one passage only."""
    if item.kind != Matching.name or item.origin != ItemOrigin.DOCUMENT:
        return []
    if item.body.get("row_sources") is not None:
        return []  # the kind's gate checks their shape, the citation gate their quotes
    table = bank.pack.tables.get(item.id.split(".")[0])
    if table is None:
        return []
    passage_of = {str(row["label"]): row.get("passage") for row in table["rows"]}
    passages = sorted({passage_of[left] for left, _ in item.body["pairs"] if passage_of.get(left)})
    if len(passages) < 2:
        return []
    where = ", ".join(passages)
    return [f"matching rows come from {len(passages)} passages ({where}) but has no row_sources"]


def _claim_problems(bank: Bank, item: ItemSpec) -> list[str]:
    """A true/false statement agrees with the typed claim in its fact table."""
    p: list[str] = []
    claim = bank.claims.get(item.id)
    if claim is None:
        return ["true/false statement has no typed claim in a fact table"]
    table = bank.pack.tables[claim.table]
    row = next(r for r in table["rows"] if r["key"] == claim.row)
    values = row["value"] if isinstance(row["value"], list) else [row["value"]]
    holds = claim.column in values
    if holds != claim.asserted:
        p.append(
            "false statement is true according to the fact table"
            if not claim.asserted
            else "true statement is false in the fact table"
        )
    if item.keys != (["True"] if holds else ["False"]):
        p.append("key disagrees with the fact table")
    return p


def _bank_problems(bank: Bank) -> list[str]:
    p: list[str] = []
    counts = Counter(i.id for i in bank.items)
    p.extend(f"{i}: duplicate id" for i, n in sorted(counts.items()) if n > 1)
    single = [i for i in bank.items if _is_single_key(i)]
    if single:
        longest = sum(1 for i in single if _key_is_longest(i))
        expected = sum(1 / len(i.options) for i in single) / len(single)
        if longest / len(single) > expected + 0.10:
            p.append(
                f"bank: key is the longest option in {longest}/{len(single)} choice items "
                f"(limit {expected + 0.10:.0%})"
            )
    by_k: dict[int, Counter[int]] = defaultdict(Counter)
    for i in single:
        by_k[len(i.options)][i.options.index(i.keys[0])] += 1
    for k, pos in sorted(by_k.items()):
        n = sum(pos.values())
        chi2 = sum((pos[j] - n / k) ** 2 / (n / k) for j in range(k))
        if chi2 > CHI2_CRITICAL_P01.get(k - 1, 20.0):
            p.append(
                f"bank: uneven key positions for {k}-option items {dict(sorted(pos.items()))} "
                f"(chi2={chi2:.1f})"
            )
    quiz = [i for i in bank.items if _is_quiz_item(i)]
    toks = {i.id: tokens(i.prompt) for i in quiz}
    for a, b in combinations(quiz, 2):
        if a.id.split(".")[:2] == b.id.split(".")[:2] and a.id.split(".")[0] in bank.pack.tables:
            continue
        ta, tb = toks[a.id], toks[b.id]
        if ta and tb and len(ta & tb) / len(ta | tb) >= JACCARD_LIMIT:
            p.append(f"{b.id}: near-duplicate of {a.id}")
    topics = list(bank.pack.topics)
    p.extend(pedagogy.skill_problems(quiz, topics))
    p.extend(pedagogy.select_all_problems(quiz))
    overall, _ = solve(quiz)
    if overall.n and overall.above_chance > MARGIN:
        p.append(
            f"bank: the test-wise solver scores {overall.score:.0%} against {overall.chance:.0%} "
            f"by chance (at most {MARGIN:.0%} above)"
        )
    if not any(_teaches_fifth_category(i) for i in quiz):
        p.append(
            "bank: no quiz item teaches that a safe and healthy working environment "
            "became a fundamental principle and right at work in 2022"
        )
    per_topic: dict[str, list[ItemSpec]] = defaultdict(list)
    for i in quiz:
        per_topic[i.topic].append(i)
    for slug in bank.pack.topics:
        items = per_topic.get(slug, [])
        kinds = {i.kind for i in items}
        if len(items) < MIN_QUIZ_ITEMS:
            p.append(f"topic {slug}: only {len(items)} quiz items (need {MIN_QUIZ_ITEMS})")
        if len(kinds) < MIN_KINDS:
            p.append(f"topic {slug}: only {len(kinds)} quiz item kinds (need {MIN_KINDS})")
    return p


def _teaches_fifth_category(item: ItemSpec) -> bool:
    """A quiz item whose key or prompt is the 2022 category and that dates it to 2022."""
    answer = " ".join(item.keys) + " " + str(item.body.get("answer", ""))
    named = _FIFTH_ILO.search(answer) or _FIFTH_ILO.search(item.prompt)
    return bool(named) and "2022" in f"{item.prompt} {item.explanation}"


def _key_is_longest(item: ItemSpec) -> bool:
    key = item.keys[0]
    return all(len(key) > len(o) for o in item.options if o != key)


def coverage(bank: Bank) -> tuple[int, int, list[str]]:
    """Teachable passages with at least one item, total teachable, and the uncovered anchors."""
    teachable = [p.anchor for p in bank.document.passages if p.teachable]
    used = {i.passage for i in bank.items}
    missing = [a for a in teachable if a not in used]
    return len(teachable) - len(missing), len(teachable), missing


def summarize(bank: Bank) -> str:
    """Items per topic x kind, passage coverage and rejected candidates."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for i in bank.items:
        table[i.topic][i.kind] += 1
    kinds = all_kinds()
    columns = "".join(f"{get_kind(k).short_label:>6}" for k in kinds)
    head = f"{'topic':30}{columns}{'quiz':>6}"
    lines = [
        f"Items: {len(bank.items)} ({sum(1 for i in bank.items if _is_quiz_item(i))} quiz)",
        head,
    ]
    for slug in bank.pack.topics:
        row = table[slug]
        quiz = sum(n for k, n in row.items() if k in kinds and get_kind(k).in_quiz)
        lines.append(f"{slug:30}" + "".join(f"{row[k]:>6}" for k in kinds) + f"{quiz:>6}")
    covered, total, missing = coverage(bank)
    lines.append(
        f"Passage coverage: {covered}/{total} teachable passages "
        f"({covered / total:.0%})" + (f"; uncovered: {', '.join(missing)}" if missing else "")
    )
    quiz_items = [i for i in bank.items if _is_quiz_item(i)]
    lines.extend(pedagogy.skill_lines(quiz_items, list(bank.pack.topics)))
    overall, per_generator = solve(quiz_items)
    lines.append("Test-wise solver (surface cues only) on single-key choice items:")
    for name, res in [("bank", overall), *per_generator.items()]:
        lines.append(
            f"  {name:8}{res.n:5} items  solver {res.score:6.1%}  chance {res.chance:6.1%}  "
            f"({res.above_chance * 100:+.1f} points)"
        )
    origin = Counter(i.origin for i in bank.items)
    lines.append(f"Origin: {dict(sorted(origin.items()))}")
    if bank.rejected:
        lines.append("Rejected candidates by reason:")
        lines.extend(f"  {n:4}  {reason}" for reason, n in sorted(bank.rejected.items()))
    return "\n".join(lines)


def run_checks(bank: Bank) -> CheckReport:
    """Run every gate over *bank*.

    Returns:
        A CheckReport whose ``problems`` are ``item-id: reason`` or ``bank: reason``
        strings (empty when all gates pass) and whose ``summary`` is printable.
    """
    problems = [
        f"{item.id}: {reason}" for item in bank.items for reason in _item_problems(bank, item)
    ]
    problems.extend(_bank_problems(bank))
    covered, total, _ = coverage(bank)
    return CheckReport(tuple(problems), summarize(bank), covered / total if total else 0.0)
