"""Pure rules of a live session: pacing, points, PINs, nicknames, countdowns. No Flask, no
database."""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from quizapp.enums import LivePhase

__all__ = [
    "ANSWER_GRACE",
    "BASE_POINTS",
    "ENDED_GRACE",
    "MAX_POINTS",
    "NICKNAME_MAX",
    "PolledParticipant",
    "PolledSession",
    "Step",
    "answer_window_open",
    "clean_nickname",
    "distribution",
    "is_closed",
    "new_pin",
    "next_step",
    "option_letter",
    "points_for",
    "seconds_left",
]

#: Points for a fully correct answer without speed bonus; the bonus adds up to as much again.
BASE_POINTS = 500
MAX_POINTS = 1000
#: Without a timer, the speed bonus shrinks to nothing over this many seconds.
UNTIMED_BONUS_SECONDS = 30
#: Answers that reach the server this soon after the deadline still count (network latency).
ANSWER_GRACE = timedelta(seconds=2)
#: How long an ended session keeps answering its phones with the final results.
ENDED_GRACE = timedelta(minutes=10)
NICKNAME_MAX = 24
PIN_DIGITS = 6

# Deliberately short: only words that are never part of a fair nickname, matched as whole tokens.
_BLOCKED_WORDS = frozenset(
    {
        "fuck",
        "fucker",
        "fucking",
        "shit",
        "cunt",
        "bitch",
        "asshole",
        "bastard",
        "dick",
        "cock",
        "pussy",
        "whore",
        "slut",
        "nigger",
        "nigga",
        "faggot",
        "fag",
        "retard",
        "nazi",
        "hitler",
    }
)


@dataclass(frozen=True)
class Step:
    """Where a session is: a phase and, outside the lobby, the question index."""

    phase: str
    question_index: int


def next_step(current: Step, *, question_count: int, show_leaderboard: bool) -> Step:
    """The step the trainer's "next" button leads to from ``current``.

    lobby → question 0 → reveal → leaderboard (if shown) → question 1 → … → ended.

    Raises:
        ValueError: from ``ended`` (nothing follows) or for an unknown phase.
    """
    phase, index = current.phase, current.question_index
    if phase == LivePhase.LOBBY:
        return Step(LivePhase.QUESTION, 0) if question_count else Step(LivePhase.ENDED, index)
    if phase == LivePhase.QUESTION:
        return Step(LivePhase.REVEAL, index)
    if phase == LivePhase.REVEAL and show_leaderboard:
        return Step(LivePhase.LEADERBOARD, index)
    if phase in {LivePhase.REVEAL, LivePhase.LEADERBOARD}:
        return (
            Step(LivePhase.QUESTION, index + 1)
            if index + 1 < question_count
            else Step(LivePhase.ENDED, index)
        )
    raise ValueError(f"no step follows {phase!r}")


def points_for(
    score: float,
    *,
    speed_bonus: bool,
    opened_at: datetime,
    deadline: datetime | None,
    answered_at: datetime,
) -> int:
    """Points for one answer: ``score`` (0..1, partial credit) times base plus a speed bonus.

    With the bonus on, a full answer earns 500 plus up to 500 by the fraction of the time left
    (against the deadline, or against 30 seconds without a timer). With it off, a full answer
    earns 1000 whatever the speed.
    """
    if score <= 0:
        return 0
    if not speed_bonus:
        return round(score * MAX_POINTS)
    end = deadline or opened_at + timedelta(seconds=UNTIMED_BONUS_SECONDS)
    window = (end - opened_at).total_seconds()
    remaining = (end - answered_at).total_seconds()
    fraction = min(1.0, max(0.0, remaining / window)) if window > 0 else 0.0
    return round(score * (BASE_POINTS + (MAX_POINTS - BASE_POINTS) * fraction))


def answer_window_open(deadline: datetime | None, now: datetime) -> bool:
    """True while an answer may still be accepted (no deadline, or before it plus the grace)."""
    return deadline is None or now <= deadline + ANSWER_GRACE


def seconds_left(deadline: datetime | None, now: datetime) -> int | None:
    """Whole seconds until ``deadline`` (never negative); None without a timer."""
    if deadline is None:
        return None
    return max(0, round((deadline - now).total_seconds()))


def is_closed(phase: str, ended_at: datetime | None, now: datetime) -> bool:
    """True once an ended session's grace period is over: it no longer sends live data."""
    return phase == LivePhase.ENDED and (ended_at is None or now > ended_at + ENDED_GRACE)


def option_letter(position: int) -> str:
    """The letter of the option at ``position`` (0 → "A"), the same on every screen."""
    return chr(ord("A") + position) if 0 <= position < 26 else str(position + 1)


def new_pin() -> str:
    """A random six-digit PIN (leading zeros allowed); uniqueness is the database's job."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def clean_nickname(text: str) -> str:
    """A tidy nickname: spaces collapsed, 1..24 characters, nothing obviously abusive.

    Raises:
        ValueError: with a message to show the participant.
    """
    name = " ".join(unicodedata.normalize("NFKC", text or "").split())
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    if not name:
        raise ValueError("Choose a nickname.")
    if len(name) > NICKNAME_MAX:
        raise ValueError(f"Keep the nickname to {NICKNAME_MAX} characters.")
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    tokens = set(re.split(r"[^a-z0-9]+", folded)) | {re.sub(r"[^a-z]", "", folded)}
    if tokens & _BLOCKED_WORDS:
        raise ValueError("Please choose a different nickname.")
    return name


def distribution(options: Iterable[str], answer_counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """How many participants chose each option, in the order shown.

    Args:
        options: the options as presented.
        answer_counts: counts keyed by the stored answer serialised as JSON (a sorted list of
            option texts); a multiple-response answer counts once for each option it ticks.
    """
    per_option = dict.fromkeys(options, 0)
    for serialised, count in answer_counts.items():
        for chosen in _as_list(serialised):
            if chosen in per_option:
                per_option[chosen] += count
    return list(per_option.items())


def _as_list(serialised: str) -> list[Any]:
    try:
        value = json.loads(serialised)
    except (TypeError, ValueError):
        return []
    return value if isinstance(value, list) else [value]


class PolledSession(Protocol):
    """What the state poll reads of a session: a ``LiveSession`` or a row of its columns."""

    @property
    def id(self) -> int: ...
    @property
    def pin(self) -> str: ...
    @property
    def phase(self) -> str: ...
    @property
    def question_index(self) -> int: ...
    @property
    def item_ids(self) -> list[int]: ...
    @property
    def question_deadline(self) -> datetime | None: ...
    @property
    def revision(self) -> int: ...
    @property
    def ended_at(self) -> datetime | None: ...


class PolledParticipant(Protocol):
    """What the state poll reads of a participant: a ``LiveParticipant`` or a row."""

    @property
    def id(self) -> int: ...
    @property
    def nickname(self) -> str: ...
    @property
    def removed(self) -> bool: ...
