"""Pure scheduling glue between our CardState rows and the ``fsrs`` package.

No Flask, no database: functions take anything shaped like a CardState (duck-typed through
:class:`CardLike`) and return new values. Fuzzing is off so the interval printed on each rating
button is exactly the interval that rating will give.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from fsrs import Card, Rating, Scheduler, State

__all__ = [
    "DEFAULT_RETENTION",
    "MAX_DURATION_MS",
    "RATING_LABELS",
    "RETENTION_RANGE",
    "CardLike",
    "Review",
    "card_from_state",
    "clamp_duration_ms",
    "describe_interval",
    "make_scheduler",
    "preview_intervals",
    "review",
]

DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.80, 0.97)
#: A review that took longer than this was interrupted; count it as this long.
MAX_DURATION_MS = 5 * 60 * 1000
RATING_LABELS = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}


class CardLike(Protocol):
    """The scheduling columns of a CardState (or None for a card never reviewed)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int


@dataclass(frozen=True)
class Review:
    """The outcome of one rating: the column values to store on the CardState."""

    fields: dict[str, Any]
    interval: timedelta


def make_scheduler(desired_retention: float = DEFAULT_RETENTION) -> Scheduler:
    """An FSRS scheduler for a learner's desired retention (clamped to RETENTION_RANGE), without
    fuzz."""
    low, high = RETENTION_RANGE
    retention = min(max(float(desired_retention), low), high)
    return Scheduler(desired_retention=retention, enable_fuzzing=False)


def card_from_state(state: CardLike | None, *, now: datetime) -> Card:
    """The fsrs Card for a stored state; a fresh Learning card when there is none yet."""
    if state is None:
        return Card(card_id=1, state=State.Learning, step=0, due=now)
    return Card(
        card_id=1,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def review(
    scheduler: Scheduler,
    state: CardLike | None,
    rating: Rating | int,
    *,
    now: datetime,
    duration_ms: int | None = None,
) -> Review:
    """Rate a card at ``now``; returns the new column values (reps, lapses and retained_until
    included)."""
    rating = Rating(rating)
    before = card_from_state(state, now=now)
    after, _log = scheduler.review_card(
        before, rating, review_datetime=now, review_duration=duration_ms
    )
    reps = (state.reps if state else 0) + 1
    lapses = (state.lapses if state else 0) + (
        1 if before.state == State.Review and rating == Rating.Again else 0
    )
    retained_until = (
        after.last_review + timedelta(days=after.stability)
        if after.last_review and after.stability is not None
        else None
    )
    fields = {
        "state": int(after.state),
        "step": after.step,
        "stability": after.stability,
        "difficulty": after.difficulty,
        "due": after.due,
        "last_review": after.last_review,
        "retained_until": retained_until,
        "reps": reps,
        "lapses": lapses,
    }
    return Review(fields=fields, interval=after.due - now)


def preview_intervals(
    scheduler: Scheduler, state: CardLike | None, *, now: datetime
) -> dict[Rating, timedelta]:
    """For each rating, how long until the card would be due again (the stored state is
    untouched)."""
    return {rating: review(scheduler, state, rating, now=now).interval for rating in Rating}


def describe_interval(interval: timedelta) -> str:
    """A short human reading of an interval: "1 min", "10 min", "5 h", "3 days", "4 months", "1.5
    years"."""
    seconds = max(0.0, interval.total_seconds())
    minutes = seconds / 60
    if minutes < 60:
        value = max(1, round(minutes))
        return f"{value} min"
    hours = minutes / 60
    if hours < 23.5:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 30.5:
        value = round(days)
        return f"{value} day" if value == 1 else f"{value} days"
    if days < 365:
        value = round(days / 30.44)
        return f"{value} month" if value == 1 else f"{value} months"
    years = days / 365.25
    text = f"{years:.1f}".rstrip("0").rstrip(".")
    return f"{text} year" if text == "1" else f"{text} years"


def clamp_duration_ms(shown_at: datetime | None, now: datetime) -> int | None:
    """Milliseconds from showing to rating, within 0..MAX_DURATION_MS; None when unknown."""
    if shown_at is None:
        return None
    elapsed = (now - shown_at).total_seconds() * 1000
    if elapsed < 0 or math.isnan(elapsed):
        return None
    return int(min(elapsed, MAX_DURATION_MS))
