"""Pure quiz logic: balanced seeded selection and the signed "shown at" stamp (no app)."""

from __future__ import annotations

from collections import Counter

import pytest

from quizapp.quiz.selection import pick_items
from quizapp.quiz.timing import MAX_DURATION_MS, duration_ms, shown_token

# 30 items in topic 1, 4 in topic 2, 10 in topic 3
CANDIDATES = (
    [(i, 1) for i in range(1, 31)]
    + [(i, 2) for i in range(31, 35)]
    + [(i, 3) for i in range(35, 45)]
)
TOPIC = dict(CANDIDATES)


def test_same_seed_same_questions_in_same_order_and_other_seeds_differ():
    first = pick_items(CANDIDATES, length=12, seed=7)
    assert first == pick_items(list(reversed(CANDIDATES)), length=12, seed=7)
    assert len(first) == len(set(first)) == 12
    assert first != pick_items(CANDIDATES, length=12, seed=8)


@pytest.mark.parametrize("seed", range(20))
def test_balanced_across_topics_and_small_topics_fill_from_the_others(seed):
    counts = Counter(TOPIC[i] for i in pick_items(CANDIDATES, length=12, seed=seed))
    assert counts == {1: 4, 2: 4, 3: 4}
    counts = Counter(TOPIC[i] for i in pick_items(CANDIDATES, length=20, seed=seed))
    assert counts[2] == 4 and {counts[1], counts[3]} == {
        8
    }  # topic 2 runs out; 1 and 3 share the rest
    counts = Counter(TOPIC[i] for i in pick_items(CANDIDATES, length=10, seed=seed))
    assert sorted(counts.values()) == [3, 3, 4]


def test_question_order_is_shuffled_not_grouped_by_topic():
    order = [TOPIC[i] for i in pick_items(CANDIDATES, length=12, seed=3)]
    assert order != sorted(order)


def test_fewer_candidates_than_wanted_gives_them_all_and_none_gives_nothing():
    assert sorted(pick_items([(5, 1), (6, 2)], length=10, seed=1)) == [5, 6]
    assert pick_items([], length=10, seed=1) == []


def test_duration_from_a_valid_stamp_and_none_for_anything_doubtful():
    token = shown_token("key", attempt_id=3, position=2, shown_ms=1_000_000)
    assert duration_ms("key", token, attempt_id=3, position=2, now_ms=1_004_500) == 4500
    assert duration_ms("other-key", token, attempt_id=3, position=2, now_ms=1_004_500) is None
    assert (
        duration_ms("key", token, attempt_id=3, position=3, now_ms=1_004_500) is None
    )  # another question
    assert (
        duration_ms("key", token, attempt_id=4, position=2, now_ms=1_004_500) is None
    )  # another attempt
    assert duration_ms("key", token + "x", attempt_id=3, position=2, now_ms=1_004_500) is None
    assert duration_ms("key", None, attempt_id=3, position=2, now_ms=1_004_500) is None
    assert (
        duration_ms("key", token, attempt_id=3, position=2, now_ms=999_000) is None
    )  # from the future
    late = 1_000_000 + MAX_DURATION_MS + 1
    assert duration_ms("key", token, attempt_id=3, position=2, now_ms=late) is None
