"""Sentence patterns the drafter looks for: definitions and obligations.

Pure regular expressions over one sentence or one list item; no language model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Definition", "Obligation", "find_definition", "find_obligation", "trim_item"]

_INTRO = r"(?:(?:For the purposes? of|In) (?:this|the present) [A-Za-z ]{2,40}?[,:]\s*)?"
_THE_TERM = r"(?:[Tt]he (?:term|terms|expression|word)\s+)?"
_QUOTED = r"[\"\u201c\u2018'](?P<qterm>[^\"\u201d\u2019']{2,80})[\"\u201d\u2019']"
_BARE = r"(?P<bterm>[A-Z][\w\-]*(?: [\w\-]+){0,5}?)"
_VERB = (
    r",?\s+(?P<verb>shall mean|shall be understood to mean|shall refer to|means|refers to|"
    r"is defined as|denotes)\s+"
)
_DEFINITION = re.compile(rf"^{_INTRO}{_THE_TERM}(?:{_QUOTED}|{_BARE}){_VERB}(?P<definition>\S.*)$")
_BACK_REFERENCE = frozenset(
    [
        "this",
        "that",
        "these",
        "those",
        "it",
        "such",
        "which",
        "they",
        "there",
        "he",
        "she",
        "what",
        "each",
        "every",
        "any",
    ]
)
_QUANTIFIERS = frozenset(["each", "every", "any"])  # "Each State Party shall" is a fine subject
_MODAL = r"(?P<modal>shall not|shall|must not|must|undertakes? to|agrees? to)"
_OBLIGATION = re.compile(
    rf"^(?:(?P<intro>[^,;:]{{3,100}}),\s+)?(?P<subject>[A-Z][^,;:]{{1,80}}?)\s+{_MODAL}\s+"
    rf"(?P<duty>\S.*)$"
)
_NOT_A_DUTY = re.compile(
    r"^(?:mean|be understood|refer to|include|have the meaning|apply mutatis|"
    r"be deemed|be construed)\b"
)
_ITEM_TAIL = re.compile(r"(?:[;,.]\s*(?:and|or)?|\s+(?:and|or))\s*$")


@dataclass(frozen=True)
class Definition:
    """A defined term, its definition, and the verb that linked them."""

    term: str
    definition: str
    verb: str


@dataclass(frozen=True)
class Obligation:
    """Who shall (not) do what."""

    subject: str
    modal: str
    duty: str


def trim_item(text: str) -> str:
    """Drop list punctuation at the end ("...;", "...; and", "..., or")."""
    previous = None
    while previous != text:
        previous = text
        text = _ITEM_TAIL.sub("", text).rstrip()
    return text


def find_definition(sentence: str) -> Definition | str | None:
    """A definition in *sentence*, None if it has none, or why a look-alike was refused."""
    m = _DEFINITION.match(sentence)
    if m is None:
        return None
    term = (m.group("qterm") or m.group("bterm") or "").strip()
    if not m.group("qterm") and term.split()[0].lower() in _BACK_REFERENCE:
        return "definition's subject is a back-reference"
    definition = m.group("definition").strip()
    if definition.endswith(":"):
        return "definition continues in a list"
    definition = trim_item(definition)
    if len(definition.split()) < 3:
        return "definition too short"
    return Definition(term=term, definition=definition, verb=m.group("verb"))


def find_obligation(sentence: str) -> Obligation | str | None:
    """An obligation in *sentence*, None if it has none, or why a look-alike was refused."""
    m = _OBLIGATION.match(sentence)
    if m is None:
        return None
    subject = m.group("subject").strip()
    duty = m.group("duty").strip()
    if _NOT_A_DUTY.match(duty):
        return None
    if subject.split()[0].lower() in _BACK_REFERENCE - _QUANTIFIERS or len(subject.split()) > 10:
        return "obligation's subject is a back-reference or unclear"
    if duty.endswith(":"):
        return "obligation continues in a list (drafted as a list)"
    duty = trim_item(duty)
    if len(duty.split()) < 3:
        return "obligation too short"
    return Obligation(subject=subject, modal=m.group("modal"), duty=duty)
