"""Which items a quiz asks, and in what order (pure: no Flask, no database)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable

__all__ = ["pick_items"]


def pick_items(candidates: Iterable[tuple[int, int]], *, length: int, seed: int) -> list[int]:
    """A seeded sample of item ids, balanced across topics, in question order.

    Args:
        candidates: ``(item_id, topic_id)`` pairs of every item that matches the quiz settings.
        length: how many questions are wanted; fewer are returned when fewer match.
        seed: the attempt's seed; the same seed and candidates always give the same list.

    Returns:
        Item ids in the order they will be asked. Topics take turns, one item each per round (in
        a seeded order), so each chosen topic gets ``length // topics`` items or one more, unless
        it runs out and the others fill the gap.
    """
    rng = random.Random(f"select:{seed}")
    by_topic: dict[int, list[int]] = defaultdict(list)
    for item_id, topic_id in sorted(set(candidates)):
        by_topic[topic_id].append(item_id)
    pools = [by_topic[topic_id] for topic_id in sorted(by_topic)]
    for pool in pools:
        rng.shuffle(pool)
    chosen: list[int] = []
    while len(chosen) < length and any(pools):
        turn = [pool for pool in pools if pool]
        rng.shuffle(turn)
        for pool in turn[: length - len(chosen)]:
            chosen.append(pool.pop())
    rng.shuffle(chosen)
    return chosen
