"""The question-kind registry: one class per kind of item owns everything about that kind.

A kind says how an item is presented in a quiz or live session, how a submitted answer is cleaned
and graded, how the item reads as a flashcard, what its export record's ``answer`` is, which
content checks its body must pass, its label on screen, its base difficulty for the generators,
the answer-form fields it needs (through :class:`Presentation`) and the fields an item editor asks
for. Every list of kinds (all kinds, quiz kinds, flashcard-deck kinds, live kinds...) is derived
from the registry, so adding a kind is one class and one :func:`register` call.

Answers are JSON-able and refer to options by their text (never by a position that a shuffle
would change):

- choice kinds (single_choice, scenario, true_false, multiple_response): a sorted list of option
  texts;
- matching: a dict ``{left: chosen right}``;
- gap_fill and cloze: the typed string.

A choice kind's body may carry ``option_feedback``: ``{distractor text: why it is wrong}``, shown
beside each wrong option after a practice answer, in results and on the live reveal
(:meth:`QuestionKind.option_feedback`). The content check requires one for every distractor of
the built-in bank.

Pure: no Flask, no database.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

import yaml

from quizapp.items import branching
from quizapp.items.normalize import answer_leaks, normalize_answer

__all__ = [
    "CardFaces",
    "CaseStudy",
    "EditorField",
    "Grade",
    "Matching",
    "Presentation",
    "PresentedItem",
    "QuestionKind",
    "all_kinds",
    "card_faces",
    "choice_kinds",
    "flashcard_kinds",
    "get_kind",
    "gradable_kind",
    "gradable_kinds",
    "grade",
    "kind_label",
    "live_kinds",
    "present",
    "quiz_kinds",
    "register",
    "unregister",
]

Body = dict[str, Any]


class Presentation(StrEnum):
    """How a presented item is answered: which form fields and which template branch."""

    CHOICE = "choice"  # radio buttons, or checkboxes when ``multiple``
    MATCHING = "matching"  # one select per left-hand side
    TEXT = "text"  # a typed answer


@dataclass(frozen=True)
class Grade:
    """Score in 0..1; ``correct`` only for full marks."""

    score: float
    correct: bool
    expected: Any  # the key, in the same shape as an answer, for feedback


@dataclass(frozen=True)
class PresentedItem:
    """An item as one learner sees it: options (or match targets) in this attempt's order."""

    kind: Presentation
    prompt: str
    options: tuple[str, ...] = ()
    lefts: tuple[str, ...] = ()
    multiple: bool = False
    partial_credit_note: str | None = None


@dataclass(frozen=True)
class CardFaces:
    """The two sides of a card. ``options`` (front) and ``answer_lines`` (back) may be empty."""

    front: str
    back: str
    options: tuple[str, ...] = ()
    answer_lines: tuple[str, ...] = field(default_factory=tuple)
    instruction: str = ""


@dataclass(frozen=True)
class EditorField:
    """One field an item editor asks for: ``name`` in the item body, and how it is entered.

    ``shape`` is ``text`` (one line), ``long_text``, ``lines`` (one value per line), ``keys``
    (options ticked as correct) or ``pairs`` (left → right rows). A ``keys`` field ticks among
    the ``options`` field's lines, or among its own fixed ``choices`` (True / False).
    """

    name: str
    label: str
    shape: str
    help: str = ""
    choices: tuple[str, ...] = ()


_BLANK = re.compile(r"_{2,}")
_ABOVE = re.compile(r"\b(all|none|both|neither) of the above\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(NOT|EXCEPT)\b|\b(?i:which|what)\b[^?]*\b(?i:not|never|except)\b[^?]*\?")


def _rng(seed: int | str, item_key: str) -> random.Random:
    return random.Random(f"{seed}:{item_key}")


class QuestionKind:
    """Base class of a kind. Subclasses set the class attributes and override what applies.

    A kind that cannot be graded automatically (a self-rated flashcard) keeps ``gradable`` False
    and does not override :meth:`present`, :meth:`clean` and :meth:`grade`.
    """

    #: the value stored in ``Item.kind`` and the export's ``kind``
    name: ClassVar[str] = ""
    #: what the kind is called on screen
    label: ClassVar[str] = ""
    #: column heading in ``quizapp content check``'s summary
    short_label: ClassVar[str] = ""
    #: the generators' difficulty estimate before option-count and answer-length adjustments
    base_difficulty: ClassVar[float] = 0.5
    #: graded automatically (quizzes, live sessions, item analysis)
    gradable: ClassVar[bool] = False
    #: offered when building a quiz or a quiz assignment, and counted as a quiz item by the checks
    in_quiz: ClassVar[bool] = False
    #: part of the flashcard deck (study, flashcard goals, mastery)
    in_flashcard_deck: ClassVar[bool] = False
    #: can be asked in a live session (answerable on a phone in seconds)
    in_live: ClassVar[bool] = False
    #: scored with partial credit (a share of the mark per correct part)
    partial_credit: ClassVar[bool] = False
    #: body has ``options`` and ``answer`` (the keys among the options)
    choice: ClassVar[bool] = False
    #: exactly one key, placed at an evenly rotating position by the bank builder
    single_key: ClassVar[bool] = False
    #: a document item of this kind must name the 2017 response in its prompt
    attributed: ClassVar[bool] = False
    #: the statement is checked against a typed claim in a fact table
    fact_checked: ClassVar[bool] = False
    #: what an item editor asks for (beyond id, topic, origin, source and explanation)
    editor_fields: ClassVar[tuple[EditorField, ...]] = ()
    #: the body field that is also the item's prompt (the editor then asks no separate prompt)
    prompt_field: ClassVar[str | None] = None

    # --- editing -------------------------------------------------------------------------------

    def editor_values(self, body: Body) -> dict[str, Any]:
        """The item body as the editor's field values (``lines``/``keys`` lists, ``pairs`` rows;
        ``option_feedback``, a dict in the body, is edited as option → why-not rows)."""
        empty: dict[str, Any] = {"lines": [], "keys": [], "pairs": []}
        values = {f.name: body.get(f.name, empty.get(f.shape, "")) for f in self.editor_fields}
        if isinstance(values.get("option_feedback"), dict):
            values["option_feedback"] = [[o, why] for o, why in values["option_feedback"].items()]
        return values

    def editor_body(self, values: dict[str, Any]) -> Body:
        """The item body made from the editor's field values (the inverse of
        :meth:`editor_values`); rows of option feedback without a text are left out."""
        body = {f.name: values[f.name] for f in self.editor_fields}
        if "option_feedback" in body:
            rows = body.pop("option_feedback") or []
            notes = {str(o): str(why) for o, why in rows if str(o).strip() and str(why).strip()}
            if notes:
                body["option_feedback"] = notes
        return body

    # --- answering -----------------------------------------------------------------------------

    def present(self, prompt: str, body: Body, *, seed: int | str, item_key: str) -> PresentedItem:
        """The item as shown in one attempt (deterministic for a given seed)."""
        raise NotImplementedError(f"{self.name} is not asked in quizzes")

    def clean(self, body: Body, raw: Any) -> Any:
        """Turn submitted values into a canonical answer; raise ValueError for nonsense."""
        raise NotImplementedError(f"{self.name} is not asked in quizzes")

    def grade(self, body: Body, answer: Any) -> Grade:
        """Score a cleaned answer."""
        raise NotImplementedError(f"{self.name} is not asked in quizzes")

    def key(self, body: Body) -> Any:
        """The correct answer in the shape of an answer (for feedback and review)."""
        return body["answer"]

    # --- studying and exporting ----------------------------------------------------------------

    def faces(self, prompt: str, body: Body) -> CardFaces:
        """The front and back of the item as a flashcard."""
        return CardFaces(front=prompt, back=str(body.get("answer", "")))

    def export_answer(self, body: Body) -> Any:
        """The ``answer`` of the item's export record."""
        return body["answer"]

    def options(self, body: Body) -> list[str]:
        """Option texts (empty for kinds without options)."""
        return list(body.get("options", []))

    def keys(self, body: Body) -> list[str]:
        """Correct option texts of a choice kind (empty for other kinds)."""
        return list(body.get("answer", [])) if self.choice else []

    def option_feedback(self, body: Body) -> dict[str, str]:
        """``{distractor: why it is wrong}`` for the distractors that have one (choice kinds)."""
        if not self.choice:
            return {}
        keys = set(self.keys(body))
        given = body.get("option_feedback") or {}
        return {o: str(given[o]) for o in self.options(body) if o not in keys and given.get(o)}

    # --- content checks ------------------------------------------------------------------------

    def problems(self, prompt: str, body: Body) -> list[str]:
        """What is wrong with an item of this kind (empty when it passes every per-kind gate)."""
        return []

    def citations(self, body: Body) -> list[tuple[str, str]]:
        """(passage anchor, quote) pairs cited inside the body, beyond the item's own source;
        the content checks find each quote verbatim in its passage."""
        return []

    def cited_parts(self, body: Body) -> list[tuple[str, str, str]]:
        """``(part label, passage anchor, quote)`` for parts of an item that cite their own
        passage (a matching item's rows), shown with the item's source; empty for most kinds."""
        return []


class _ChoiceKind(QuestionKind):
    """One key among options: single choice, scenario classification, true/false."""

    gradable = in_quiz = in_live = choice = True
    attributed = True
    editor_fields: ClassVar[tuple[EditorField, ...]] = (
        EditorField("options", "Options", "lines", "3 or 4 options"),
        EditorField("answer", "Correct option", "keys", "exactly one of the options"),
        EditorField(
            "option_feedback", "Why each wrong option is wrong", "pairs", "option → why not"
        ),
    )

    def present(self, prompt: str, body: Body, *, seed: int | str, item_key: str) -> PresentedItem:
        """Options in a per-attempt shuffled order; True/False keeps its conventional order."""
        options = list(body["options"])
        if body["options"] != ["True", "False"]:
            _rng(seed, item_key).shuffle(options)
        return PresentedItem(kind=Presentation.CHOICE, prompt=prompt, options=tuple(options))

    def clean(self, body: Body, raw: Any) -> Any:
        """A one-element list holding the chosen option."""
        values = [raw] if isinstance(raw, str) else list(raw or [])
        if len(values) != 1 or values[0] not in body["options"]:
            raise ValueError("Choose one of the options.")
        return [values[0]]

    def grade(self, body: Body, answer: Any) -> Grade:
        """Full marks for the key, nothing otherwise."""
        correct = list(answer) == list(body["answer"])
        return Grade(1.0 if correct else 0.0, correct, list(body["answer"]))

    def faces(self, prompt: str, body: Body) -> CardFaces:
        """The prompt and options; on the back, the key(s)."""
        keys = tuple(body.get("answer", []))
        label = "Correct answers" if len(keys) > 1 else "Correct answer"
        return CardFaces(
            front=prompt,
            back=label,
            options=tuple(body.get("options", [])),
            answer_lines=keys,
            instruction="Recall the answer before you reveal it.",
        )

    def problems(self, prompt: str, body: Body) -> list[str]:
        """Option count, duplicates, keys among the options, no "all of the above", no negative
        stem."""
        p: list[str] = []
        options, keys = self.options(body), self.keys(body)
        norm = [normalize_answer(o) for o in options]
        if len(options) < 3:
            p.append("fewer than 3 options")
        if len(options) > 4:
            p.append("more than 4 options")
        if len(set(norm)) != len(norm):
            p.append("duplicate options after normalising")
        for key in keys:
            if key not in options:
                p.append(f"key {key!r} is not an option")
            elif norm.count(normalize_answer(key)) > 1:
                p.append(f"key {key!r} is also a distractor")
        if not keys:
            p.append("no key")
        p.extend(self._key_count_problems(prompt, keys))
        if any(_ABOVE.search(o) for o in options):
            p.append("uses all/none of the above")
        if _NEGATIVE.search(prompt):
            p.append("negative stem")
        return p

    def _key_count_problems(self, prompt: str, keys: list[str]) -> list[str]:
        return [] if len(keys) == 1 else ["single-answer item must have exactly one key"]


class SingleChoice(_ChoiceKind):
    """One correct option among three or four."""

    name = "single_choice"
    label = "Single choice"
    short_label = "sc"
    base_difficulty = 0.4
    single_key = True


class MultipleResponse(_ChoiceKind):
    """Several keys: partial credit, a wrong tick cancels a right one, never below zero."""

    name = "multiple_response"
    label = "Multiple response (select all that apply)"
    short_label = "mr"
    base_difficulty = 0.6
    partial_credit = True
    editor_fields = (
        EditorField("options", "Options", "lines", "3 or 4 options"),
        EditorField("answer", "Correct options", "keys", "one or more of the options"),
        EditorField(
            "option_feedback", "Why each wrong option is wrong", "pairs", "option → why not"
        ),
    )
    NOTE = (
        "Partial credit: each correct choice earns its share of the mark; each wrong choice "
        "takes one share away; the score never goes below zero."
    )

    def present(self, prompt: str, body: Body, *, seed: int | str, item_key: str) -> PresentedItem:
        """Shuffled options as checkboxes, with the partial-credit rule stated."""
        options = list(body["options"])
        _rng(seed, item_key).shuffle(options)
        return PresentedItem(
            kind=Presentation.CHOICE,
            prompt=prompt,
            options=tuple(options),
            multiple=True,
            partial_credit_note=self.NOTE,
        )

    def clean(self, body: Body, raw: Any) -> Any:
        """The sorted, distinct chosen options."""
        values = [raw] if isinstance(raw, str) else list(raw or [])
        if not values:
            raise ValueError("Choose at least one option.")
        if any(v not in body["options"] for v in values):
            raise ValueError("Choose among the options shown.")
        return sorted(set(values))

    def grade(self, body: Body, answer: Any) -> Grade:
        """Each key earns its share; each wrong choice takes a share away; never below zero."""
        keys = set(body["answer"])
        chosen = set(answer)
        share = 1.0 / len(keys)
        score = max(0.0, share * len(chosen & keys) - share * len(chosen - keys))
        score = round(min(score, 1.0), 6)
        return Grade(score, chosen == keys, sorted(keys))

    def _key_count_problems(self, prompt: str, keys: list[str]) -> list[str]:
        if "Select all that apply" not in prompt:
            return ["multiple_response prompt must say 'Select all that apply'"]
        return []


class TrueFalse(_ChoiceKind):
    """A statement that is true or false; the key is checked against a fact table."""

    name = "true_false"
    label = "True or false"
    short_label = "tf"
    base_difficulty = 0.3
    fact_checked = True
    editor_fields = (
        EditorField("answer", "The statement is", "keys", "True or False", ("True", "False")),
        EditorField("option_feedback", "Why the wrong verdict is wrong", "pairs"),
    )

    def editor_body(self, values: dict[str, Any]) -> Body:
        """The fixed options True and False, the chosen key and the why-not of the other."""
        return {**super().editor_body(values), "options": ["True", "False"]}

    def problems(self, prompt: str, body: Body) -> list[str]:
        """Options exactly True and False (the key is checked against the fact table)."""
        if self.options(body) != ["True", "False"]:
            return ["true_false options must be exactly ['True', 'False']"]
        return []


class Scenario(_ChoiceKind):
    """A short case to classify (trafficking, smuggling, both, neither...)."""

    name = "scenario"
    label = "Scenario (classify a case)"
    short_label = "scen"
    base_difficulty = 0.55
    single_key = True


class Matching(QuestionKind):
    """Pairs: each left gets one right; credit per correct pair."""

    name = "matching"
    label = "Matching"
    short_label = "match"
    base_difficulty = 0.5
    partial_credit = True
    gradable = in_quiz = True
    editor_fields = (EditorField("pairs", "Pairs", "pairs", "3 to 6 rows of left → right"),)
    NOTE = "Partial credit: each correctly matched pair earns its share of the mark."

    def present(self, prompt: str, body: Body, *, seed: int | str, item_key: str) -> PresentedItem:
        """Lefts and rights, each shuffled."""
        lefts = [left for left, _ in body["pairs"]]
        rights = [right for _, right in body["pairs"]]
        rng = _rng(seed, item_key)
        rng.shuffle(lefts)
        rng.shuffle(rights)
        return PresentedItem(
            kind=Presentation.MATCHING,
            prompt=prompt,
            options=tuple(rights),
            lefts=tuple(lefts),
            partial_credit_note=self.NOTE,
        )

    def clean(self, body: Body, raw: Any) -> Any:
        """``{left: right}`` for every left, each right among those shown."""
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

    def grade(self, body: Body, answer: Any) -> Grade:
        """Each correct pair earns its share."""
        key = self.key(body)
        right_count = sum(1 for left, right in key.items() if answer.get(left) == right)
        score = round(right_count / len(key), 6)
        return Grade(score, right_count == len(key), key)

    def key(self, body: Body) -> Any:
        """``{left: right}``."""
        return dict(body["pairs"])

    def faces(self, prompt: str, body: Body) -> CardFaces:
        """The lefts; on the back, every pair."""
        pairs = [tuple(pair) for pair in body.get("pairs", [])]
        return CardFaces(
            front=prompt,
            back="Matching pairs",
            options=tuple(left for left, _ in pairs),
            answer_lines=tuple(f"{left} → {right}" for left, right in pairs),
            instruction="Recall what each of these matches.",
        )

    def export_answer(self, body: Body) -> Any:
        """The pairs, ``[[left, right], ...]``."""
        return body["pairs"]

    def problems(self, prompt: str, body: Body) -> list[str]:
        """3–6 pairs with distinct right-hand sides; ``row_sources``, when given, one
        ``[passage anchor, quote]`` per pair."""
        p: list[str] = []
        pairs = body.get("pairs", [])
        rights = [normalize_answer(r) for _, r in pairs]
        if not 3 <= len(pairs) <= 6:
            p.append("matching needs 3-6 pairs")
        if len(set(rights)) != len(rights):
            p.append("matching right-hand sides are not unique")
        sources = body.get("row_sources")
        if sources is not None and not _row_sources_valid(sources, len(pairs)):
            p.append("matching row_sources must give [passage, quote] for every pair, in order")
        return p

    def cited_parts(self, body: Body) -> list[tuple[str, str, str]]:
        """Each pair's left-hand side with its row's passage and quote (``row_sources``, aligned
        with ``pairs``: a matching item whose rows come from several passages cites each)."""
        sources = body.get("row_sources")
        pairs = body.get("pairs", [])
        if sources is None or not _row_sources_valid(sources, len(pairs)):
            return []
        return [
            (str(pair[0]), str(src[0]), str(src[1]))
            for pair, src in zip(pairs, sources, strict=True)
        ]

    def citations(self, body: Body) -> list[tuple[str, str]]:
        """Every row's passage and quote."""
        return [(anchor, quote) for _, anchor, quote in self.cited_parts(body)]


def _row_sources_valid(sources: Any, count: int) -> bool:
    """``sources`` is a list of ``count`` ``[anchor, quote]`` pairs of non-empty strings."""
    return (
        isinstance(sources, list)
        and len(sources) == count
        and all(
            isinstance(src, (list, tuple))
            and len(src) == 2
            and all(isinstance(part, str) and part.strip() for part in src)
            for src in sources
        )
    )


class _TypedKind(QuestionKind):
    """A typed answer, tolerant of case, accents, punctuation, spacing and accepted aliases."""

    gradable = True

    def present(self, prompt: str, body: Body, *, seed: int | str, item_key: str) -> PresentedItem:
        """A text box."""
        return PresentedItem(kind=Presentation.TEXT, prompt=prompt)

    def clean(self, body: Body, raw: Any) -> Any:
        """The stripped text, at most 200 characters."""
        text = raw if isinstance(raw, str) else ""
        text = text.strip()
        if not text:
            raise ValueError("Type an answer.")
        if len(text) > 200:
            raise ValueError("That answer is too long (200 characters at most).")
        return text

    def grade(self, body: Body, answer: Any) -> Grade:
        """Right when it normalises to the answer or an accepted alias."""
        accepted = {normalize_answer(a) for a in [body["answer"], *body.get("accepted", [])]}
        correct = normalize_answer(answer) in accepted
        return Grade(1.0 if correct else 0.0, correct, body["answer"])

    def editor_body(self, values: dict[str, Any]) -> Body:
        """The answer and the accepted strings, which always include the answer (as the
        generators write them)."""
        body = super().editor_body(values)
        if body["answer"] not in body["accepted"]:
            body["accepted"] = [body["answer"], *body["accepted"]]
        return body

    def export_answer(self, body: Body) -> Any:
        """The answer, then the other accepted strings."""
        return [body["answer"], *[a for a in body["accepted"] if a != body["answer"]]]

    def problems(self, prompt: str, body: Body) -> list[str]:
        """The answer (or an alias) must not appear elsewhere in its own stem."""
        stem = body.get("text", prompt)
        if answer_leaks(stem.replace("____", " "), [body["answer"], *body["accepted"]]):
            return ["gap answer appears elsewhere in its own stem"]
        return []


class GapFill(_TypedKind):
    """A question answered by typing the missing word or phrase."""

    name = "gap_fill"
    label = "Fill the gap (typed answer)"
    short_label = "gap"
    base_difficulty = 0.6
    in_quiz = attributed = True
    editor_fields = (
        EditorField("answer", "Answer", "text"),
        EditorField("accepted", "Also accepted", "lines", "other spellings, one per line"),
    )

    def faces(self, prompt: str, body: Body) -> CardFaces:
        """The question; on the back, the answer."""
        return CardFaces(
            front=prompt,
            back="Answer",
            answer_lines=(body.get("answer", ""),),
            instruction="Recall the missing word or phrase.",
        )


class Cloze(_TypedKind):
    """A sentence of the document with one gap, studied as a flashcard."""

    name = "cloze"
    label = "Cloze card"
    short_label = "cloze"
    base_difficulty = 0.45
    in_flashcard_deck = True
    editor_fields = (
        EditorField("text", "Sentence with one gap (____)", "long_text", "also the item's prompt"),
        EditorField("answer", "Answer", "text"),
        EditorField("accepted", "Also accepted", "lines", "other spellings, one per line"),
    )
    prompt_field = "text"

    def faces(self, prompt: str, body: Body) -> CardFaces:
        """The text with a blank; on the back, the answer in place."""
        text = body.get("text", prompt)
        answer = body.get("answer", "")
        filled = _BLANK.sub(answer, text, count=1) if _BLANK.search(text) else f"{text} — {answer}"
        return CardFaces(
            front=_BLANK.sub("_____", text),
            back=filled,
            answer_lines=(answer,),
            instruction="Recall the missing word or phrase.",
        )

    def problems(self, prompt: str, body: Body) -> list[str]:
        """Exactly one gap, and no leak of the answer."""
        p = super().problems(prompt, body)
        if body.get("text", prompt).count("____") != 1:
            p.append("cloze must have exactly one gap")
        return p


class Flashcard(QuestionKind):
    """A front and a back, self-rated (never graded)."""

    name = "flashcard"
    label = "Flashcard"
    short_label = "card"
    base_difficulty = 0.3
    in_flashcard_deck = True
    editor_fields = (
        EditorField("front", "Front", "long_text", "also the item's prompt"),
        EditorField("back", "Back", "long_text"),
    )
    prompt_field = "front"

    def faces(self, prompt: str, body: Body) -> CardFaces:
        """Its own front and back."""
        return CardFaces(front=body.get("front") or prompt, back=body.get("back", ""))

    def export_answer(self, body: Body) -> Any:
        """The back, as a one-element list."""
        return [body["back"]]

    def problems(self, prompt: str, body: Body) -> list[str]:
        """The prompt is the front."""
        return [] if prompt == body.get("front") else ["flashcard prompt must equal its front"]


class CaseStudy(QuestionKind):
    """A branching case: 3-5 decisions, each with a consequence and feedback citing its source.

    Played step by step at ``/cases`` (not in quizzes or live sessions). The answer is the path
    taken, ``{step key: chosen option text}``; the score is the share of decisions that were keys.
    The step graph lives in :mod:`quizapp.items.branching`.
    """

    name = "case_study"
    label = "Case study (branching)"
    short_label = "case"
    base_difficulty = 0.55
    gradable = True
    prompt_field = "title"
    editor_fields = (
        EditorField("title", "Title", "text"),
        EditorField("intro", "Opening situation", "long_text"),
        EditorField(
            "steps",
            "Steps (YAML)",
            "long_text",
            "a list of steps, each with key, situation, question, source (passage and quote, "
            "or instrument and provision) and options (text, correct, consequence, feedback, "
            "next); the first step opens the case",
        ),
    )

    def editor_values(self, body: Body) -> dict[str, Any]:
        """Title and opening as text; the step graph as YAML, the format of ``cases.yaml``."""
        steps = body.get("steps") or []
        return {
            "title": body.get("title", ""),
            "intro": body.get("intro", ""),
            "steps": yaml.safe_dump(steps, sort_keys=False, allow_unicode=True) if steps else "",
        }

    def editor_body(self, values: dict[str, Any]) -> Body:
        """The body from the editor's values; ValueError (with the line) for unreadable YAML."""
        text = str(values.get("steps") or "")
        try:
            steps = yaml.safe_load(text) if text.strip() else []
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark is not None else ""
            raise ValueError(f"Steps:{where}: not readable as YAML") from None
        if not isinstance(steps, list):
            raise ValueError("Steps: a list of steps is expected")
        first = steps[0].get("key") if steps and isinstance(steps[0], dict) else None
        return {
            "title": values.get("title", ""),
            "intro": values.get("intro", ""),
            "start": first,
            "steps": steps,
        }

    def clean(self, body: Body, raw: Any) -> Any:
        """A complete path from the start to an end, ``{step key: option text}``."""
        if not isinstance(raw, dict):
            raise ValueError("Choose one option at each step.")
        try:
            decided, waiting = branching.path_of(body, raw)
        except KeyError:
            raise ValueError("Choose among the options shown.") from None
        if waiting is not None:
            raise ValueError("Finish the case: a decision is still open.")
        return {key: raw[key] for key in decided}

    def grade(self, body: Body, answer: Any) -> Grade:
        """The share of decisions along the path that were keys; correct when all were."""
        decided, _ = branching.path_of(body, answer)
        right = sum(1 for key in decided if branching.option(body, key, answer[key])["correct"])
        score = round(right / len(decided), 6) if decided else 0.0
        return Grade(score, bool(decided) and right == len(decided), self.key(body))

    def key(self, body: Body) -> Any:
        """``{step key: [key option texts]}`` for every step."""
        return {
            s["key"]: [o["text"] for o in s["options"] if o.get("correct")] for s in body["steps"]
        }

    def faces(self, prompt: str, body: Body) -> CardFaces:
        """The opening; on the back, the best choice at each step."""
        lines = tuple(
            f"{s['question']} — {'; '.join(o['text'] for o in s['options'] if o.get('correct'))}"
            for s in body.get("steps", [])
        )
        return CardFaces(front=prompt, back="Best choices", answer_lines=lines)

    def export_answer(self, body: Body) -> Any:
        """``[[step key, key option text], ...]`` in step order."""
        return [[key, text] for key, texts in self.key(body).items() for text in texts]

    def problems(self, prompt: str, body: Body) -> list[str]:
        """The graph gates (:func:`quizapp.items.branching.graph_problems`) and a title."""
        p = branching.graph_problems(body)
        if not str(body.get("title") or "").strip():
            p.append("case has no title")
        return p

    def citations(self, body: Body) -> list[tuple[str, str]]:
        """Every step's passage and quote."""
        return [
            (s["source"]["passage"], s["source"]["quote"])
            for s in body.get("steps", [])
            if (s.get("source") or {}).get("passage")
        ]


# --- the registry -------------------------------------------------------------------------------

_REGISTRY: dict[str, QuestionKind] = {}


def register(kind: QuestionKind) -> QuestionKind:
    """Add ``kind`` to the registry (in registration order); ValueError for a taken name."""
    if not kind.name or kind.name in _REGISTRY:
        raise ValueError(f"kind name {kind.name!r} is empty or already registered")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests that register a toy kind clean up with this)."""
    del _REGISTRY[name]


for _kind in (
    Flashcard(),
    Cloze(),
    SingleChoice(),
    MultipleResponse(),
    TrueFalse(),
    Matching(),
    Scenario(),
    GapFill(),
    CaseStudy(),
):
    register(_kind)


def get_kind(name: str) -> QuestionKind:
    """The kind called ``name``; KeyError for an unknown kind."""
    return _REGISTRY[name]


def all_kinds() -> tuple[str, ...]:
    """Every kind, in registration order."""
    return tuple(_REGISTRY)


def quiz_kinds() -> tuple[str, ...]:
    """Kinds offered in quizzes and quiz assignments (auto-graded; cloze cards stay in the deck:
    each has a gap-fill twin asking the same gap, so a quiz would ask it twice)."""
    return tuple(n for n, k in _REGISTRY.items() if k.in_quiz and k.gradable)


def flashcard_kinds() -> tuple[str, ...]:
    """Kinds in the flashcard deck."""
    return tuple(n for n, k in _REGISTRY.items() if k.in_flashcard_deck)


def live_kinds() -> tuple[str, ...]:
    """Kinds a live session can ask."""
    return tuple(n for n, k in _REGISTRY.items() if k.in_live and k.gradable)


def choice_kinds() -> tuple[str, ...]:
    """Kinds whose body has options and keys."""
    return tuple(n for n, k in _REGISTRY.items() if k.choice)


def gradable_kinds() -> tuple[str, ...]:
    """Kinds graded automatically, sorted by name."""
    return tuple(sorted(n for n, k in _REGISTRY.items() if k.gradable))


def kind_label(name: str) -> str:
    """What ``name`` is called on screen."""
    return _REGISTRY[name].label


def gradable_kind(kind: str) -> QuestionKind:
    """The gradable kind called ``kind``; KeyError for flashcards and unknown kinds."""
    found = _REGISTRY[kind]
    if not found.gradable:
        raise KeyError(kind)
    return found


def present(kind: str, prompt: str, body: Body, *, seed: int | str, item_key: str) -> PresentedItem:
    """Shortcut for ``gradable_kind(kind).present(...)``."""
    return gradable_kind(kind).present(prompt, body, seed=seed, item_key=item_key)


def grade(kind: str, body: Body, raw: Any) -> tuple[Any, Grade]:
    """Clean ``raw`` and grade it; returns (answer, grade). ValueError for an unusable answer."""
    question_type = gradable_kind(kind)
    answer = question_type.clean(body, raw)
    return answer, question_type.grade(body, answer)


def card_faces(kind: str, prompt: str, body: Body) -> CardFaces:
    """The front and back of an item of any kind as a flashcard."""
    return get_kind(kind).faces(prompt, body)
