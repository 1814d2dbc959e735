"""The case_study kind: branching, grading and the graph gates, on a small body and on the pack."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from quizapp.content.bank import build_bank
from quizapp.content.checks import run_checks
from quizapp.items import branching
from quizapp.items.kinds import get_kind, quiz_kinds

ROOT = Path(__file__).resolve().parents[2]
KIND = get_kind("case_study")


def _option(text: str, nxt: str | None, correct: bool = False) -> dict[str, Any]:
    return {
        "text": text,
        "correct": correct,
        "consequence": f"after {text}",
        "feedback": f"why {text}",
        "next": nxt,
    }


def _step(key: str, *options: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": key,
        "situation": f"situation {key}",
        "question": f"question {key}?",
        "source": {"instrument": "TIP Protocol", "provision": "art. 3"},
        "options": list(options),
    }


def body() -> dict[str, Any]:
    """a -(right)-> c -> d ; a -(wrong)-> b -> c -> d."""
    return {
        "title": "Toy case",
        "intro": "Something happens.",
        "start": "a",
        "steps": [
            _step("a", _option("right a", "c", True), _option("wrong a", "b")),
            _step("b", _option("right b", "c", True), _option("wrong b", "c")),
            _step("c", _option("right c", "d", True), _option("wrong c", "d")),
            _step("d", _option("right d", None, True), _option("wrong d", None)),
        ],
    }


def test_a_well_formed_case_passes_every_gate():
    assert KIND.problems("Toy case. Something happens.", body()) == []
    assert sorted(len(p) for p in branching.paths(body())) == [3, 4]


def test_branching_follows_the_option_taken():
    b = body()
    assert branching.current_step(b, {}) == "a"
    assert branching.current_step(b, {"a": "right a"}) == "c"
    assert branching.current_step(b, {"a": "wrong a"}) == "b"
    assert branching.current_step(b, {"a": "wrong a", "b": "wrong b", "c": "right c"}) == "d"
    done = {"a": "right a", "c": "right c", "d": "wrong d"}
    assert branching.current_step(b, done) is None


def test_grade_is_the_share_of_right_decisions_along_the_path():
    b = body()
    perfect = KIND.grade(b, KIND.clean(b, {"a": "right a", "c": "right c", "d": "right d"}))
    assert perfect.score == 1.0 and perfect.correct
    detour = {"a": "wrong a", "b": "right b", "c": "right c", "d": "wrong d", "x": "ignored"}
    cleaned = KIND.clean(b, detour)
    assert cleaned == {"a": "wrong a", "b": "right b", "c": "right c", "d": "wrong d"}
    graded = KIND.grade(b, cleaned)
    assert graded.score == 0.5 and not graded.correct


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"a": "right a"}, "Finish the case"),
        ({"a": "not an option"}, "Choose among the options"),
        ("right a", "Choose one option"),
    ],
)
def test_clean_refuses_unfinished_or_unknown_paths(raw, message):
    with pytest.raises(ValueError, match=message):
        KIND.clean(body(), raw)


def _broken(change) -> list[str]:
    b = copy.deepcopy(body())
    change(b)
    return KIND.problems("p", b)


def test_graph_gates_catch_each_defect():
    def unreachable(b):
        b["steps"][0]["options"][1]["next"] = "c"  # nothing leads to b any more

    def cycle(b):
        b["steps"][2]["options"][1]["next"] = "a"

    def no_key(b):
        for o in b["steps"][3]["options"]:
            o["correct"] = False

    def no_feedback(b):
        b["steps"][1]["options"][0]["feedback"] = ""

    def too_short(b):
        b["steps"][0]["options"][0]["next"] = "d"  # a > d: two decisions

    def no_source(b):
        b["steps"][2]["source"] = {}

    def unknown_next(b):
        b["steps"][2]["options"][0]["next"] = "zz"

    assert "step b: unreachable from the start" in _broken(unreachable)
    assert any("never ends" in p for p in _broken(cycle))
    assert "step d: no key" in _broken(no_key)
    assert "step b: option 'right b' has no feedback" in _broken(no_feedback)
    assert any(p.startswith("path a > d has 2 decisions") for p in _broken(too_short))
    assert any("cites no passage" in p for p in _broken(no_source))
    assert any("unknown step 'zz'" in p for p in _broken(unknown_next))


def test_the_pack_has_eight_cases_that_pass_and_are_not_quizzed():
    bank = build_bank(ROOT)
    cases = [i for i in bank.items if i.kind == "case_study"]
    assert len(cases) >= 8
    assert "case_study" not in quiz_kinds()
    assert any(len({len(p) for p in branching.paths(c.body)}) > 1 for c in cases)  # branching
    assert not [p for p in run_checks(bank).problems if p.startswith("case.")]


def test_a_step_quote_not_in_its_passage_fails_the_check():
    from dataclasses import replace

    bank = build_bank(ROOT)
    case = next(i for i in bank.items if i.id == "case.passport-in-the-drawer")
    b = copy.deepcopy(case.body)
    b["steps"][0]["source"] = {"passage": "area-6-p2", "quote": "workers never have rights"}
    bad = replace(case, body=b)
    items = tuple(bad if i.id == case.id else i for i in bank.items)
    problems = run_checks(replace(bank, items=items)).problems
    assert f"{case.id}: quote not found verbatim in area-6-p2" in problems
