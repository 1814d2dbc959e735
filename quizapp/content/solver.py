"""A test-wise solver: answers single-key choice items from surface cues alone.

It never reads the document. Each option earns points for the cues a test-wise reader uses:

* longest option (+1 to the one strictly longest);
* stem overlap (+1 to the one option repeating most of the stem's content words);
* absolute words (-1 to each option with "only", "always", "never", "all", "none", ...);
* convergence (+1 to the one option sharing most words with the other options: the key's parts
  tend to reappear in the distractors written around it);
* odd one out (+1 to the one option whose first word differs when all others share theirs).

It picks the best-scoring option; a tie is split evenly, so its score is an expectation and the
run is deterministic. Content check reports its score against chance (mean 1/k) for the bank and
per generator, and gates the bank at ``MARGIN`` points above chance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from quizapp.items.kinds import get_kind

from .pedagogy import ABSOLUTE, content_words, stem_echo
from .spec import ItemSpec

__all__ = ["MARGIN", "SolverResult", "generator_of", "solve", "solve_item"]

MARGIN = 0.05


@dataclass(frozen=True)
class SolverResult:
    """Expected score of the solver and of blind guessing over ``n`` items."""

    n: int
    score: float
    chance: float

    @property
    def above_chance(self) -> float:
        """Score minus chance, in 0..1 units."""
        return self.score - self.chance


def cue_scores(item: ItemSpec) -> dict[str, float]:
    """Points per option from the surface cues."""
    options = item.options
    score = dict.fromkeys(options, 0.0)
    longest = max(len(o) for o in options)
    if sum(1 for o in options if len(o) == longest) == 1:
        score[next(o for o in options if len(o) == longest)] += 1
    echo = stem_echo(item)
    if echo is not None:
        score[echo] += 1
    for o in options:
        if ABSOLUTE.search(o):
            score[o] -= 1
    words = {o: content_words(o) for o in options}
    shared = {o: sum(len(words[o] & words[x]) for x in options if x != o) for o in options}
    top = max(shared.values())
    if top > 0 and sum(1 for v in shared.values() if v == top) == 1:
        score[max(shared, key=lambda o: shared[o])] += 1
    firsts = [o.split()[0].lower() if o.split() else "" for o in options]
    for o, first in zip(options, firsts, strict=True):
        if len(options) >= 3 and firsts.count(first) == 1 and len(set(firsts)) == 2:
            score[o] += 1
    return score


def solve_item(item: ItemSpec) -> float:
    """Expected score (0..1) of the solver on one single-key item."""
    score = cue_scores(item)
    best = max(score.values())
    picks = [o for o, s in score.items() if s == best]
    return (1.0 / len(picks)) if item.keys[0] in picks else 0.0


def _eligible(item: ItemSpec) -> bool:
    try:
        kind = get_kind(item.kind)
    except KeyError:
        return False
    return kind.single_key and kind.in_quiz and len(item.keys) == 1 and len(item.options) >= 3


def generator_of(item: ItemSpec) -> str:
    """The generator family that made an item, from its id (``gl``, ``qa``, ``scn``, tables)."""
    head = item.id.split(".")[0]
    return head if head in {"gl", "qa", "list", "scn", "cz", "gf"} else "tables"


def solve(items: list[ItemSpec]) -> tuple[SolverResult, dict[str, SolverResult]]:
    """The solver's result over every single-key choice item, and per generator."""
    groups: dict[str, list[ItemSpec]] = defaultdict(list)
    for item in items:
        if _eligible(item):
            groups[generator_of(item)].append(item)

    def result(group: list[ItemSpec]) -> SolverResult:
        if not group:
            return SolverResult(0, 0.0, 0.0)
        score = sum(solve_item(i) for i in group) / len(group)
        chance = sum(1 / len(i.options) for i in group) / len(group)
        return SolverResult(len(group), score, chance)

    everything = [i for g in groups.values() for i in g]
    return result(everything), {g: result(v) for g, v in sorted(groups.items())}
