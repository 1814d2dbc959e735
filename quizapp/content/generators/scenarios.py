"""Scenario generator: classify a short case as trafficking, smuggling, both or neither."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from quizapp.enums import Skill

from ..facts import LABELS, classify, why_not
from .common import Rejected, difficulty, make, source_fields

if TYPE_CHECKING:
    from ..document import Document
    from ..pack import Pack
    from ..spec import ItemSpec
    from .common import Claim, Rejected


PROMPT = "Under the UNTOC protocols' definitions, how should this case be classified? "


def generate(doc: Document, pack: Pack) -> Iterator[ItemSpec | Rejected | Claim]:
    """Yield one scenario item per stem whose declared class matches the fact rules."""
    for s in pack.scenarios:
        item_id = f"scn.{s['key']}"
        derived = classify(set(s["features"]))
        if derived != s["expected"]:
            yield Rejected("scenario class contradicts the fact rules", item_id)
            continue
        features = set(s["features"])
        body = {
            "options": list(LABELS.values()),
            "answer": [LABELS[derived]],
            "option_feedback": {
                text: why_not(features, key) for key, text in LABELS.items() if key != derived
            },
        }
        yield make(
            id=item_id,
            kind="scenario",
            topic=s["topic"],
            prompt=PROMPT + s["stem"],
            body=body,
            explanation=s["explanation"],
            difficulty=difficulty("scenario", override=s.get("difficulty"), options=4),
            skill=s.get("skill", Skill.APPLICATION),
            **source_fields(s),
        )
