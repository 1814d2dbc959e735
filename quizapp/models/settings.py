"""Typed views of the JSON ``settings`` columns of assignments and attempts.

The columns stay JSON (no migration; old rows read back unchanged); these dataclasses are the one
place their shape is written (:meth:`to_json`) and read (:meth:`from_json`). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["GOAL_MASTERY", "AttemptSettings", "GoalSettings", "QuizSettings"]

#: A flashcard goal is met at this mastery in every topic unless it says otherwise.
GOAL_MASTERY = 0.8


@dataclass(frozen=True)
class QuizSettings:
    """A quiz assignment: exactly what starting it hands to ``start_attempt``."""

    topic_ids: tuple[int, ...]
    kinds: tuple[str, ...]
    length: int
    mode: str
    origin: str

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "topic_ids": list(self.topic_ids),
            "kinds": list(self.kinds),
            "length": self.length,
            "mode": str(self.mode),
            "origin": str(self.origin),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuizSettings:
        """Read the stored form."""
        return cls(
            topic_ids=tuple(data.get("topic_ids", [])),
            kinds=tuple(data.get("kinds", [])),
            length=int(data["length"]),
            mode=data["mode"],
            origin=data["origin"],
        )


@dataclass(frozen=True)
class GoalSettings:
    """A flashcard goal: its topics and the mastery each must reach."""

    topic_ids: tuple[int, ...]
    threshold: float = GOAL_MASTERY

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {"topic_ids": list(self.topic_ids), "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GoalSettings:
        """Read the stored form (goals stored before ``threshold`` existed use the default)."""
        return cls(
            topic_ids=tuple(data.get("topic_ids", [])),
            threshold=float(data.get("threshold", GOAL_MASTERY)),
        )


@dataclass(frozen=True)
class AttemptSettings:
    """What the learner asked for when a quiz attempt was built."""

    topic_ids: tuple[int, ...]
    kinds: tuple[str, ...]
    origin: str
    requested: int

    def to_json(self) -> dict[str, Any]:
        """The stored form (topics and kinds sorted)."""
        return {
            "topic_ids": sorted(self.topic_ids),
            "kinds": sorted(self.kinds),
            "origin": str(self.origin),
            "requested": self.requested,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttemptSettings:
        """Read the stored form."""
        return cls(
            topic_ids=tuple(data.get("topic_ids", [])),
            kinds=tuple(data.get("kinds", [])),
            origin=data.get("origin", "both"),
            requested=int(data.get("requested", 0)),
        )
