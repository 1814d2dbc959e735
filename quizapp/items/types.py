"""The question-type registry.

Answers are JSON-able and refer to options by their text (never by a position that a shuffle
would change):

- choice kinds (single_choice, scenario, true_false, multiple_response): a sorted list of option
  texts;
- matching: a dict ``{left: chosen right}``;
- gap_fill and cloze: the typed string.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.content.normalize import normalize_answer

__all__ = [
    "GRADABLE_KINDS",
    "Grade",
    "PresentedItem",
    "QuestionType",
    "get_type",
    "grade",
    "present",
]


@dataclass(frozen=True)
class Grade:
    """Score in 0..1; ``correct`` only for full marks."""

    score: float
    correct: bool
    expected: Any  # the key, in the same shape as an answer, for feedback


@dataclass(frozen=True)
class PresentedItem:
    """An item as one learner sees it: options (or match targets) in this attempt's order."""

    kind: str
    prompt: str
    options: tuple[str, ...] = ()
    lefts: tuple[str, ...] = ()
    multiple: bool = False
    partial_credit_note: str | None = None


def _rng(seed: int | str, item_key: str) -> random.Random:
    return random.Random(f"{seed}:{item_key}")


class QuestionType:
    """Base strategy: subclasses set ``kinds`` and implement the three methods."""

    kinds: ClassVar[tuple[str, ...]] = ()

    def present(
        self, prompt: str, body: dict[str, Any], *, seed: int | str, item_key: str
    ) -> PresentedItem:
        """The item as shown in one attempt (deterministic for a given seed)."""
        raise NotImplementedError

    def clean(self, body: dict[str, Any], raw: Any) -> Any:
        """Turn submitted values into a canonical answer; raise ValueError for nonsense."""
        raise NotImplementedError

    def grade(self, body: dict[str, Any], answer: Any) -> Grade:
        """Score a cleaned answer."""
        raise NotImplementedError


class ChoiceType(QuestionType):
    """One key among options: single choice, scenario classification, true/false."""

    kinds = ("single_choice", "scenario", "true_false")

    def present(
        self, prompt: str, body: dict[str, Any], *, seed: int | str, item_key: str
    ) -> PresentedItem:
        options = list(body["options"])
        if body["options"] != ["True", "False"]:  # True/False keeps its conventional order
            _rng(seed, item_key).shuffle(options)
        return PresentedItem(kind="choice", prompt=prompt, options=tuple(options))

    def clean(self, body: dict[str, Any], raw: Any) -> Any:
        values = [raw] if isinstance(raw, str) else list(raw or [])
        if len(values) != 1 or values[0] not in body["options"]:
            raise ValueError("Choose one of the options.")
        return [values[0]]

    def grade(self, body: dict[str, Any], answer: Any) -> Grade:
        correct = list(answer) == list(body["answer"])
        return Grade(1.0 if correct else 0.0, correct, list(body["answer"]))


class MultipleResponseType(QuestionType):
    """Several keys: partial credit, a wrong tick cancels a right one, never below zero."""

    kinds = ("multiple_response",)
    NOTE = (
        "Partial credit: each correct choice earns its share of the mark; each wrong choice "
        "takes one share away; the score never goes below zero."
    )

    def present(
        self, prompt: str, body: dict[str, Any], *, seed: int | str, item_key: str
    ) -> PresentedItem:
        options = list(body["options"])
        _rng(seed, item_key).shuffle(options)
        return PresentedItem(
            kind="choice",
            prompt=prompt,
            options=tuple(options),
            multiple=True,
            partial_credit_note=self.NOTE,
        )

    def clean(self, body: dict[str, Any], raw: Any) -> Any:
        values = [raw] if isinstance(raw, str) else list(raw or [])
        if not values:
            raise ValueError("Choose at least one option.")
        if any(v not in body["options"] for v in values):
            raise ValueError("Choose among the options shown.")
        return sorted(set(values))

    def grade(self, body: dict[str, Any], answer: Any) -> Grade:
        keys = set(body["answer"])
        chosen = set(answer)
        share = 1.0 / len(keys)
        score = max(0.0, share * len(chosen & keys) - share * len(chosen - keys))
        score = round(min(score, 1.0), 6)
        return Grade(score, chosen == keys, sorted(keys))


class MatchingType(QuestionType):
    """Pairs: each left gets one right; credit per correct pair."""

    kinds = ("matching",)
    NOTE = "Partial credit: each correctly matched pair earns its share of the mark."

    def present(
        self, prompt: str, body: dict[str, Any], *, seed: int | str, item_key: str
    ) -> PresentedItem:
        lefts = [left for left, _ in body["pairs"]]
        rights = [right for _, right in body["pairs"]]
        rng = _rng(seed, item_key)
        rng.shuffle(lefts)
        rng.shuffle(rights)
        return PresentedItem(
            kind="matching",
            prompt=prompt,
            options=tuple(rights),
            lefts=tuple(lefts),
            partial_credit_note=self.NOTE,
        )

    def clean(self, body: dict[str, Any], raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise ValueError("Match every item on the left.")
        rights = {right for _, right in body["pairs"]}
        answer = {}
        for left, _ in body["pairs"]:
            value = raw.get(left)
            if not value:
                raise ValueError("Match every item on the left.")
            if value not in rights:
                raise ValueError("Choose among the options shown.")
            answer[left] = value
        return answer

    def grade(self, body: dict[str, Any], answer: Any) -> Grade:
        key = dict(body["pairs"])
        right_count = sum(1 for left, right in key.items() if answer.get(left) == right)
        score = round(right_count / len(key), 6)
        return Grade(score, right_count == len(key), key)


class TypedAnswerType(QuestionType):
    """A typed answer, tolerant of case, accents, punctuation, spacing and accepted aliases."""

    kinds = ("gap_fill", "cloze")

    def present(
        self, prompt: str, body: dict[str, Any], *, seed: int | str, item_key: str
    ) -> PresentedItem:
        return PresentedItem(kind="text", prompt=prompt)

    def clean(self, body: dict[str, Any], raw: Any) -> Any:
        text = raw if isinstance(raw, str) else ""
        text = text.strip()
        if not text:
            raise ValueError("Type an answer.")
        if len(text) > 200:
            raise ValueError("That answer is too long (200 characters at most).")
        return text

    def grade(self, body: dict[str, Any], answer: Any) -> Grade:
        accepted = {normalize_answer(a) for a in [body["answer"], *body.get("accepted", [])]}
        correct = normalize_answer(answer) in accepted
        return Grade(1.0 if correct else 0.0, correct, body["answer"])


_REGISTRY: dict[str, QuestionType] = {}
for _type in (ChoiceType(), MultipleResponseType(), MatchingType(), TypedAnswerType()):
    for _kind in _type.kinds:
        _REGISTRY[_kind] = _type

#: Kinds that a quiz or live session can grade automatically (flashcards are self-rated).
GRADABLE_KINDS: tuple[str, ...] = tuple(sorted(_REGISTRY))


def get_type(kind: str) -> QuestionType:
    """The strategy for ``kind``; KeyError for flashcards and unknown kinds."""
    return _REGISTRY[kind]


def present(
    kind: str, prompt: str, body: dict[str, Any], *, seed: int | str, item_key: str
) -> PresentedItem:
    """Shortcut for ``get_type(kind).present(...)``."""
    return get_type(kind).present(prompt, body, seed=seed, item_key=item_key)


def grade(kind: str, body: dict[str, Any], raw: Any) -> tuple[Any, Grade]:
    """Clean ``raw`` and grade it; returns (answer, grade). ValueError for an unusable answer."""
    question_type = get_type(kind)
    answer = question_type.clean(body, raw)
    return answer, question_type.grade(body, answer)
