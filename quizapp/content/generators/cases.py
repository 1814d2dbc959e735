"""Case-study generator: one branching ``case_study`` item per entry of the ``cases`` section.

An option's ``next`` names the step it leads to; without one it leads to the following step in
the list (the last step's options end the case), and ``next: end`` ends the case at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from quizapp.enums import Skill
from quizapp.items.normalize import normalize_ws

from .common import difficulty, make, source_fields

if TYPE_CHECKING:
    from ..document import Document
    from ..pack import Pack
    from ..spec import ItemSpec
    from .common import Claim, Rejected

END = "end"


def _source(entry: Mapping[str, Any]) -> dict[str, str]:
    fields = source_fields(entry)
    if fields["passage"]:
        return {"passage": fields["passage"], "quote": fields["quote"]}
    return {"instrument": fields["instrument"], "provision": fields["provision"]}


def _next(option: Mapping[str, Any], following: str | None) -> str | None:
    if "next" not in option:
        return following
    return None if option["next"] in (None, END) else str(option["next"])


def case_body(case: Mapping[str, Any]) -> dict[str, Any]:
    """The item body of one ``cases`` entry (see :mod:`quizapp.items.branching`)."""
    steps = list(case["steps"])
    body_steps = []
    for index, step in enumerate(steps):
        following = str(steps[index + 1]["key"]) if index + 1 < len(steps) else None
        body_steps.append(
            {
                "key": str(step["key"]),
                "situation": normalize_ws(step["situation"]),
                "question": normalize_ws(step["question"]),
                "source": _source(step),
                "options": [
                    {
                        "text": normalize_ws(o["text"]),
                        "correct": bool(o.get("correct", False)),
                        "consequence": normalize_ws(o["consequence"]),
                        "feedback": normalize_ws(o["feedback"]),
                        "next": _next(o, following),
                    }
                    for o in step["options"]
                ],
            }
        )
    return {
        "title": normalize_ws(case["title"]),
        "intro": normalize_ws(case["intro"]),
        "start": body_steps[0]["key"] if body_steps else None,
        "steps": body_steps,
    }


def generate(doc: Document, pack: Pack) -> Iterator[ItemSpec | Rejected | Claim]:
    """Yield one case_study item per case."""
    for case in pack.cases:
        body = case_body(case)
        yield make(
            id=f"case.{case['key']}",
            kind="case_study",
            topic=case["topic"],
            prompt=f"{body['title']}. {body['intro']}",
            body=body,
            explanation=case["summary"],
            difficulty=difficulty("case_study", override=case.get("difficulty")),
            skill=Skill.APPLICATION,  # a case is a rule applied, decision by decision
            **source_fields(case),
        )
