"""Authored question generator: question -> answer flashcards plus choice or gap items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import authored_distractors, difficulty, make, rng_for, source_fields

if TYPE_CHECKING:
    from ..document import Document
    from ..pack import Pack
    from ..spec import ItemSpec
    from .common import Claim, Rejected


def generate(doc: Document, pack: Pack) -> Iterator[ItemSpec | Rejected | Claim]:
    """Yield a flashcard for each authored question and its quiz form, if any."""
    for q in pack.questions:
        src = source_fields(q)
        answers = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
        back = "; ".join(answers)
        diff = q.get("difficulty")
        skill = q["skill"]
        if q.get("card", True):
            yield make(
                id=f"qa.card.{q['key']}",
                kind="flashcard",
                topic=q["topic"],
                prompt=q["question"],
                body={"front": q["question"], "back": back},
                explanation=q["explanation"],
                difficulty=difficulty("flashcard"),
                skill=skill,
                **src,
            )
        if q.get("accepted") is not None:
            yield make(
                id=f"qa.gap.{q['key']}",
                kind="gap_fill",
                topic=q["topic"],
                prompt=q["question"],
                body={"answer": answers[0], "accepted": list(q["accepted"])},
                explanation=q["explanation"],
                difficulty=difficulty("gap_fill", override=diff),
                skill=skill,
                **src,
            )
        distractors, why_not = authored_distractors(q)
        if distractors:
            item_id = f"qa.{'mr' if len(answers) > 1 else 'sc'}.{q['key']}"
            # a select-all item may show only some of the true answers (``mr_answer``), so the
            # number of keys varies; the card and the explanation keep the full list
            answers = list(q.get("mr_answer") or answers)
            options = [*answers, *distractors]
            if (
                len(answers) > 1
            ):  # spread the keys of select-all items; single keys are placed later
                rng_for(item_id).shuffle(options)
            kind = "multiple_response" if len(answers) > 1 else "single_choice"
            prompt = q["question"] + (" Select all that apply." if len(answers) > 1 else "")
            body = {"options": options, "answer": answers, "option_feedback": why_not}
            yield make(
                id=item_id,
                kind=kind,
                topic=q["topic"],
                prompt=prompt,
                body=body,
                explanation=q["explanation"],
                difficulty=difficulty(kind, override=diff, options=len(options)),
                skill=skill,
                **src,
            )
