"""List-recall generator: 'name the N ...' flashcards and select-all-that-apply items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .common import Rejected, authored_distractors, difficulty, make, rng_for, source_fields

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
            skill=lst["skill"],
            **src,
        )
        distractors, why_not = authored_distractors(lst)
        item_id = f"list.mr.{lst['key']}"
        if not distractors:
            yield Rejected("list has no distractors for a select-all item", item_id)
            continue
        rng = rng_for(item_id)
        # 4 options; the number of keys varies between items (1-3, as many distractors allow)
        # so that "select all" never means "tick three of four"
        fewest = max(1, 4 - len(distractors))
        n_right = min(len(items), rng.randint(fewest, 3))
        n_wrong = min(len(distractors), 4 - n_right)
        right = rng.sample(items, n_right)
        wrong = rng.sample(distractors, n_wrong)
        options = right + wrong
        rng.shuffle(options)
        # only the distractors shown get their "why not": an explanation never names an
        # option the learner did not see
        body = {
            "options": options,
            "answer": [o for o in options if o in right],
            "option_feedback": {d: why_not[d] for d in wrong if d in why_not},
        }
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
            skill=lst["skill"],
            **src,
        )
