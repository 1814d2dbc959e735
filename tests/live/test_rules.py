"""The pure rules: pacing, points, PINs, nicknames, distribution — no app, no database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.live import rules
from quizapp.live.rules import Step

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def test_steps_walk_through_every_question_with_leaderboard():
    step, seen = Step("lobby", -1), []
    while step.phase != "ended":
        step = rules.next_step(step, question_count=2, show_leaderboard=True)
        seen.append((step.phase, step.question_index))
    assert seen == [
        ("question", 0),
        ("reveal", 0),
        ("leaderboard", 0),
        ("question", 1),
        ("reveal", 1),
        ("leaderboard", 1),
        ("ended", 1),
    ]


def test_steps_skip_leaderboard_when_off_and_nothing_follows_the_end():
    assert rules.next_step(Step("reveal", 0), question_count=2, show_leaderboard=False) == Step(
        "question", 1
    )
    assert rules.next_step(Step("reveal", 1), question_count=2, show_leaderboard=False) == Step(
        "ended", 1
    )
    with pytest.raises(ValueError, match="no step follows"):
        rules.next_step(Step("ended", 1), question_count=2, show_leaderboard=True)


@pytest.mark.parametrize(
    ("seconds", "score", "bonus", "expected"),
    [
        (0, 1.0, True, 1000),
        (10, 1.0, True, 750),
        (20, 1.0, True, 500),
        (25, 1.0, True, 500),
        (10, 0.5, True, 375),
        (10, 0.0, True, 0),
        (15, 1.0, False, 1000),
        (15, 0.5, False, 500),
    ],
)
def test_points_base_plus_speed_bonus_scaled_by_partial_credit(seconds, score, bonus, expected):
    points = rules.points_for(
        score,
        speed_bonus=bonus,
        opened_at=T0,
        deadline=T0 + timedelta(seconds=20),
        answered_at=T0 + timedelta(seconds=seconds),
    )
    assert points == expected


def test_untimed_question_bonus_fades_over_thirty_seconds():
    assert (
        rules.points_for(
            1.0,
            speed_bonus=True,
            opened_at=T0,
            deadline=None,
            answered_at=T0 + timedelta(seconds=15),
        )
        == 750
    )


def test_answer_window_has_a_small_grace():
    deadline = T0
    assert rules.answer_window_open(deadline, T0 + timedelta(seconds=1))
    assert not rules.answer_window_open(deadline, T0 + timedelta(seconds=3))
    assert rules.answer_window_open(None, T0 + timedelta(days=1))
    assert rules.seconds_left(deadline, T0 - timedelta(seconds=7)) == 7
    assert rules.seconds_left(deadline, T0 + timedelta(seconds=7)) == 0


def test_pin_is_six_digits():
    pins = {rules.new_pin() for _ in range(200)}
    assert all(len(p) == 6 and p.isdigit() for p in pins)
    assert len(pins) > 150


@pytest.mark.parametrize("raw", ["", "   ", "x" * 25, "Fuck you", "big_SHIT", "sh!t head fuck"])
def test_unsuitable_nicknames_are_refused(raw):
    with pytest.raises(ValueError, match="nickname"):
        rules.clean_nickname(raw)


def test_nickname_is_tidied_and_ordinary_words_pass():
    assert rules.clean_nickname("  Ana   María ") == "Ana María"
    assert rules.clean_nickname("Scunthorpe") == "Scunthorpe"  # whole words only


def test_distribution_counts_each_ticked_option_in_shown_order():
    counts = {json.dumps(["Beta"]): 3, json.dumps(["Alpha", "Gamma"]): 2, "not json": 1}
    assert rules.distribution(["Gamma", "Beta", "Alpha", "Delta"], counts) == [
        ("Gamma", 2),
        ("Beta", 3),
        ("Alpha", 2),
        ("Delta", 0),
    ]
