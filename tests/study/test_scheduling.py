"""The scheduling glue, without an app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating, State

from quizapp.items.kinds import card_faces
from quizapp.study import scheduling

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class FakeState:
    state: int = 1
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime = NOW
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


def apply(state: FakeState, outcome: scheduling.Review) -> FakeState:
    for name, value in outcome.fields.items():
        if hasattr(state, name):
            setattr(state, name, value)
    return state


def test_new_card_previews_grow_with_the_rating():
    previews = scheduling.preview_intervals(scheduling.make_scheduler(), None, now=NOW)
    assert list(previews) == [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
    assert (
        previews[Rating.Again]
        < previews[Rating.Hard]
        < previews[Rating.Good]
        < previews[Rating.Easy]
    )
    assert previews[Rating.Again] == timedelta(minutes=1)


def test_preview_matches_the_actual_review_and_leaves_the_state_alone():
    state = FakeState()
    scheduler = scheduling.make_scheduler(0.9)
    preview = scheduling.preview_intervals(scheduler, state, now=NOW)[Rating.Good]
    assert state.reps == 0 and state.stability is None
    outcome = scheduling.review(scheduler, state, Rating.Good, now=NOW)
    assert outcome.interval == preview
    assert outcome.fields["due"] == NOW + preview


def test_review_counts_reps_lapses_and_sets_retained_until():
    scheduler = scheduling.make_scheduler()
    state = apply(FakeState(), scheduling.review(scheduler, None, Rating.Easy, now=NOW))
    assert state.state == State.Review and state.reps == 1 and state.lapses == 0
    outcome = scheduling.review(scheduler, state, Rating.Again, now=state.due)
    assert outcome.fields["lapses"] == 1 and outcome.fields["reps"] == 2
    assert outcome.fields["state"] == State.Relearning
    expected = outcome.fields["last_review"] + timedelta(days=outcome.fields["stability"])
    assert outcome.fields["retained_until"] == expected


def test_again_on_a_learning_card_is_not_a_lapse():
    outcome = scheduling.review(scheduling.make_scheduler(), FakeState(), Rating.Again, now=NOW)
    assert outcome.fields["lapses"] == 0


def test_higher_retention_gives_shorter_intervals():
    state = apply(
        FakeState(), scheduling.review(scheduling.make_scheduler(), None, Rating.Good, now=NOW)
    )
    state = apply(
        state, scheduling.review(scheduling.make_scheduler(), state, Rating.Good, now=state.due)
    )
    later = state.due + timedelta(days=1)
    relaxed = scheduling.preview_intervals(scheduling.make_scheduler(0.80), state, now=later)[
        Rating.Good
    ]
    strict = scheduling.preview_intervals(scheduling.make_scheduler(0.97), state, now=later)[
        Rating.Good
    ]
    assert strict < relaxed


def test_retention_is_clamped_to_the_allowed_range():
    assert scheduling.make_scheduler(0.5).desired_retention == 0.80
    assert scheduling.make_scheduler(0.999).desired_retention == 0.97


def test_card_from_state_round_trips_the_columns():
    state = FakeState(
        state=2,
        step=None,
        stability=4.5,
        difficulty=5.0,
        due=NOW,
        last_review=NOW - timedelta(days=4),
    )
    card = scheduling.card_from_state(state, now=NOW)
    assert (card.state, card.step, card.stability, card.difficulty, card.due, card.last_review) == (
        State.Review,
        None,
        4.5,
        5.0,
        NOW,
        NOW - timedelta(days=4),
    )


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (timedelta(seconds=5), "1 min"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(minutes=59), "59 min"),
        (timedelta(hours=3), "3 h"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=61), "2 months"),
        (timedelta(days=365), "1 year"),
        (timedelta(days=548), "1.5 years"),
    ],
)
def test_describe_interval(interval, text):
    assert scheduling.describe_interval(interval) == text


def test_duration_is_clamped():
    assert scheduling.clamp_duration_ms(NOW - timedelta(seconds=4), NOW) == 4000
    assert scheduling.clamp_duration_ms(NOW - timedelta(hours=2), NOW) == scheduling.MAX_DURATION_MS
    assert scheduling.clamp_duration_ms(NOW + timedelta(seconds=4), NOW) is None
    assert scheduling.clamp_duration_ms(None, NOW) is None


def test_card_faces_for_each_kind():
    assert card_faces("flashcard", "p", {"front": "F", "back": "B"}).back == "B"
    cloze = card_faces(
        "cloze", "p", {"text": "Crossing a ____ is not required.", "answer": "border"}
    )
    assert (
        cloze.front == "Crossing a _____ is not required."
        and cloze.back == "Crossing a border is not required."
    )
    choice = card_faces("single_choice", "Which?", {"options": ["A", "B"], "answer": ["B"]})
    assert choice.options == ("A", "B") and choice.answer_lines == ("B",)
    matching = card_faces("matching", "Match", {"pairs": [["1", "One"]]})
    assert matching.answer_lines == ("1 → One",)
    assert card_faces("gap_fill", "Fill", {"answer": "border"}).answer_lines == ("border",)
