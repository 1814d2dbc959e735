"""Cohort join codes and the shared "Code or PIN" box: pure functions, no Flask, no database.

A join code is 8 letters from an alphabet without look-alikes (no I/L, O, U/V), so it is easy to
read aloud or copy from a projector, and it can never be mistaken for a 6-digit live-session PIN.
"""

from __future__ import annotations

import enum
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "EntryKind",
    "JoinEntry",
    "classify_entry",
    "format_code",
    "generate_code",
    "normalise_code",
]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 8
PIN_LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-_.]+")
_PIN = re.compile(rf"\d{{{PIN_LENGTH}}}")
_CODE = re.compile(r"[A-Z0-9]{4,16}")


class EntryKind(enum.Enum):
    """What a visitor typed into the "Code or PIN" box."""

    PIN = "pin"
    COHORT_CODE = "cohort_code"
    INVALID = "invalid"


@dataclass(frozen=True)
class JoinEntry:
    """The classified entry: its kind and the normalised value (empty when invalid)."""

    kind: EntryKind
    value: str


def generate_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh random join code (uniqueness is the database's job: the caller retries on collision).

    Args:
        choice: picks one character from a string; ``secrets.choice`` unless a test passes another.
    """
    return "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """Upper case without spaces, hyphens, dots or underscores ("abcd-efgh " → "ABCDEFGH")."""
    return _SEPARATORS.sub("", text or "").upper()


def format_code(code: str) -> str:
    """A code grouped in fours for reading aloud ("ABCDEFGH" → "ABCD-EFGH"); other lengths
    unchanged."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def classify_entry(text: str) -> JoinEntry:
    """Decide whether ``text`` is a live PIN (exactly six digits) or a cohort code.

    Returns:
        A :class:`JoinEntry`; ``INVALID`` for empty input or characters no code can contain.
    """
    value = normalise_code(text)
    if _PIN.fullmatch(value):
        return JoinEntry(EntryKind.PIN, value)
    if _CODE.fullmatch(value):
        return JoinEntry(EntryKind.COHORT_CODE, value)
    return JoinEntry(EntryKind.INVALID, "")
