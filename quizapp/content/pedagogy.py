"""Pedagogy gates over a built bank (issue 12): what items test, and surface cues in options.

Pure: returns problems and printable lines, never raises. Thresholds (choices, stated here):

* Skills: number/label recall is at most 15 % of quiz items; application at least 25 % of quiz
  items and at least 3 quiz items in every topic.
* Absolute words ("only", "always", "never", "all", "none", ...) appear in a distractor only
  when a key has one too (test-wise readers discard absolute options).
* Length band: in a choice item the longest option is at most ``LENGTH_RATIO`` times the
  shortest (lengths below ``LENGTH_FLOOR`` characters count as the floor).
* Stem echo: the key is not the one option that repeats most of the stem's content words.
* Select-all items: the most common number of keys covers at most ``MR_KEY_SHARE`` of them,
  so "tick three of four" is no rule.
* Every distractor of every choice item has its own "why not" (``option_feedback``).
* A matching item whose every left-hand side is a numbered label ("area 1", "Guideline 3",
  "Convention No. 29 (1930)") tests number/label recall and says so (skill ``recall``), so
  the recall share cannot hide it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from quizapp.enums import Skill
from quizapp.items.kinds import get_kind
from quizapp.items.normalize import tokens

from .spec import ItemSpec

__all__ = [
    "ABSOLUTE",
    "item_surface_problems",
    "label_recall_problems",
    "option_feedback_problems",
    "select_all_problems",
    "skill_lines",
    "skill_problems",
]

RECALL_MAX = 0.15
APPLICATION_MIN = 0.25
APPLICATION_PER_TOPIC = 3
LENGTH_RATIO = 3.0
LENGTH_FLOOR = 12
MR_KEY_SHARE = 0.6
NUMBERED_LABEL = re.compile(
    r"^(areas?|guidelines?|principles?|conventions?|protocols?|articles?|art\.)\s+"
    r"(no\.\s*)?\d+[a-z]?(\s*(and|,|-)\s*\d+)*(\s*\(\d{4}\))?$",
    re.IGNORECASE,
)
ABSOLUTE = re.compile(r"\b(only|always|never|all|none|every|no one|nobody)\b", re.IGNORECASE)
STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "what",
        "which",
        "who",
        "whom",
        "with",
        "under",
        "according",
        "2017",
        "u",
        "s",
        "response",
    }
)


def content_words(text: str) -> set[str]:
    """Lower-case tokens of *text* without stop words."""
    return {t for t in tokens(text) if t not in STOP}


def _choice(item: ItemSpec) -> bool:
    try:
        kind = get_kind(item.kind)
    except KeyError:
        return False
    return kind.choice and item.kind != "true_false"


def skill_problems(quiz: list[ItemSpec], topics: list[str]) -> list[str]:
    """The bank-wide and per-topic skill gates."""
    p: list[str] = []
    if not quiz:
        return p
    shares = Counter(i.skill for i in quiz)
    recall, application = shares[Skill.RECALL] / len(quiz), shares[Skill.APPLICATION] / len(quiz)
    if recall > RECALL_MAX:
        p.append(
            f"bank: number/label recall is {recall:.0%} of quiz items (at most {RECALL_MAX:.0%})"
        )
    if application < APPLICATION_MIN:
        p.append(
            f"bank: application is {application:.0%} of quiz items (at least {APPLICATION_MIN:.0%})"
        )
    per_topic = Counter(i.topic for i in quiz if i.skill == Skill.APPLICATION)
    p.extend(
        f"topic {t}: {per_topic[t]} application quiz items (need {APPLICATION_PER_TOPIC})"
        for t in topics
        if per_topic[t] < APPLICATION_PER_TOPIC
    )
    return p


def skill_lines(quiz: list[ItemSpec], topics: list[str]) -> list[str]:
    """Printable shares of each skill among quiz items, per topic and for the bank."""
    columns = list(Skill)
    lines = [f"{'skills of quiz items':30}" + "".join(f"{s.value[:6]:>8}" for s in columns)]
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    for i in quiz:
        by_topic[i.topic][i.skill] += 1
    for t in [*topics, "bank"]:
        row = Counter(i.skill for i in quiz) if t == "bank" else by_topic[t]
        n = sum(row.values()) or 1
        lines.append(f"{t:30}" + "".join(f"{row[s] / n:>8.0%}" for s in columns))
    return lines


def label_recall_problems(item: ItemSpec) -> list[str]:
    """A number↔label matching item (every left a numbered label) is skill ``recall``."""
    if item.kind != "matching" or item.skill == Skill.RECALL:
        return []
    lefts = [str(pair[0]).strip() for pair in item.body.get("pairs", [])]
    if lefts and all(NUMBERED_LABEL.match(left) for left in lefts):
        return [f"number↔label matching must have skill {Skill.RECALL.value!r}"]
    return []


def item_surface_problems(item: ItemSpec) -> list[str]:
    """Absolute words, length band and stem echo of one choice item."""
    if not _choice(item) or not item.keys:
        return []
    p: list[str] = []
    keys = item.keys
    distractors = [o for o in item.options if o not in keys]
    if not any(ABSOLUTE.search(k) for k in keys):
        p.extend(
            f"distractor {d!r} has an absolute word the key lacks"
            for d in distractors
            if ABSOLUTE.search(d)
        )
    lengths = [max(len(o), LENGTH_FLOOR) for o in item.options]
    if max(lengths) > LENGTH_RATIO * min(lengths):
        p.append(f"options outside the length band (longest > {LENGTH_RATIO:g} x shortest)")
    if len(keys) == 1 and stem_echo(item) == keys[0]:
        p.append("the key is the one option that repeats the stem's words")
    return p


def stem_echo(item: ItemSpec) -> str | None:
    """The one option sharing the most content words with the stem, if there is exactly one."""
    stem = content_words(item.prompt)
    overlap = {o: len(content_words(o) & stem) for o in item.options}
    best = max(overlap.values(), default=0)
    winners = [o for o, n in overlap.items() if n == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def option_feedback_problems(item: ItemSpec) -> list[str]:
    """Every distractor of a choice item has its own non-empty "why not"."""
    try:
        kind = get_kind(item.kind)
    except KeyError:
        return []
    if not kind.choice:
        return []
    feedback = item.body.get("option_feedback") or {}
    given = kind.option_feedback(item.body)
    p = [
        f"distractor {o!r} has no option_feedback"
        for o in item.options
        if o not in item.keys and not given.get(o, "").strip()
    ]
    p.extend(
        f"option_feedback for {o!r}, which is not a distractor" for o in feedback if o not in given
    )
    return p


def select_all_problems(items: list[ItemSpec]) -> list[str]:
    """Select-all items do not all have the same number of keys."""
    mr = [i for i in items if i.kind == "multiple_response"]
    if len(mr) < 3:
        return []
    counts = Counter(len(i.keys) for i in mr)
    most, n = counts.most_common(1)[0]
    if n / len(mr) > MR_KEY_SHARE:
        return [
            (
                f"bank: {n}/{len(mr)} select-all items have {most} keys "
                f"(at most {MR_KEY_SHARE:.0%} may share a key count)"
            )
        ]
    return []
