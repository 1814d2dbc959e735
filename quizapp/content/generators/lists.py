"""List-recall generator: 'name the N ...' flashcards and select-all-that-apply items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import Rejected, difficulty, make, rng_for, source_fields

if TYPE_CHECKING:
    from ..document import Document
    from ..pack import Pack
    from ..spec import ItemSpec
    from .common import Claim, Rejected


def generate(doc: Document, pack: Pack) -> Iterator[ItemSpec | Rejected | Claim]:
    """Yield a recall flashcard per list and a multiple-response item when distractors exist."""
    for lst in pack.lists:
        src = source_fields(lst)
        items = list(lst["items"])
        yield make(
            id=f"list.card.{lst['key']}",
            kind="flashcard",
            topic=lst["topic"],
            prompt=lst["prompt"],
            body={"front": lst["prompt"], "back": "; ".join(items)},
            explanation=lst["explanation"],
            difficulty=difficulty("flashcard", answer_words=len(items)),
            **src,
        )
        distractors = list(lst.get("distractors", []))
        item_id = f"list.mr.{lst['key']}"
        if not distractors:
            yield Rejected("list has no distractors for a select-all item", item_id)
            continue
        rng = rng_for(item_id)
        n_wrong = 1 if len(distractors) == 1 or len(items) >= 4 else 2
        n_right = min(len(items), 4 - n_wrong)
        right = rng.sample(items, n_right)
        wrong = rng.sample(distractors, n_wrong)
        options = right + wrong
        rng.shuffle(options)
        body = {"options": options, "answer": [o for o in options if o in right]}
        if lst.get("distractor_explanation"):
            body["distractor_explanation"] = lst["distractor_explanation"]
        yield make(
            id=item_id,
            kind="multiple_response",
            topic=lst["topic"],
            prompt=lst.get("mr_prompt", lst["prompt"]) + " Select all that apply.",
            body=body,
            explanation=lst["explanation"],
            difficulty=difficulty(
                "multiple_response", override=lst.get("difficulty"), options=len(options)
            ),
            **src,
        )
