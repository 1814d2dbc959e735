"""The in-memory item spec a generator produces (re-exported by :mod:`quizapp.content.bank`).

Not the database row: that is :class:`quizapp.models.content.Item`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from quizapp.items.kinds import get_kind

__all__ = ["ID_PATTERN", "ItemSpec"]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{0,119}$")


@dataclass(frozen=True)
class ItemSpec:
    """One generated study or quiz item; ``body`` follows the per-kind schema."""

    id: str
    kind: str
    topic: str
    origin: str
    prompt: str
    body: dict[str, Any]
    explanation: str
    difficulty: float
    passage: str | None = None
    quote: str | None = None
    instrument: str | None = None
    provision: str | None = None
    #: what the item tests, a :class:`quizapp.enums.Skill` value
    skill: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict of all fields."""
        return asdict(self)

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical JSON of the item, for change detection in sync."""
        canon = json.dumps(
            self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()

    @property
    def options(self) -> list[str]:
        """Option texts of a choice item (empty for other kinds)."""
        return list(self.body.get("options", []))

    @property
    def keys(self) -> list[str]:
        """Correct option texts of a choice item (empty for other kinds and unknown kinds)."""
        try:
            return get_kind(self.kind).keys(self.body)
        except KeyError:
            return []
