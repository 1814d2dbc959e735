"""Grading and presentation of every question type (pure, no app)."""

from __future__ import annotations

import pytest

from quizapp.items.kinds import gradable_kind, gradable_kinds, grade, present

CHOICE = {"options": ["Smuggling", "Trafficking", "Both", "Neither"], "answer": ["Trafficking"]}
MULTI = {"options": ["A", "B", "C", "D"], "answer": ["A", "C"]}
MATCH = {
    "pairs": [
        ["Principle 2", "Rights regardless of status"],
        ["Principle 7", "Vitality"],
        ["Principle 9", "Partnerships"],
    ]
}
GAP = {"answer": "collective bargaining", "accepted": ["the right to collective bargaining"]}


def test_registry_covers_every_quiz_kind():
    assert set(gradable_kinds()) == {
        "single_choice",
        "scenario",
        "true_false",
        "multiple_response",
        "matching",
        "gap_fill",
        "cloze",
        "case_study",  # graded as a whole path; played at /cases, not in quizzes
    }
    with pytest.raises(KeyError):
        gradable_kind("flashcard")


def test_single_choice_right_and_wrong():
    assert grade("single_choice", CHOICE, "Trafficking")[1].correct
    answer, result = grade("scenario", CHOICE, "Both")
    assert answer == ["Both"] and result.score == 0 and not result.correct
    with pytest.raises(ValueError, match="Choose one of the options"):
        grade("single_choice", CHOICE, "Something else")
    with pytest.raises(ValueError, match="Choose one of the options"):
        grade("single_choice", CHOICE, ["Both", "Neither"])


@pytest.mark.parametrize(
    ("chosen", "score"),
    [(["A", "C"], 1.0), (["A"], 0.5), (["A", "B"], 0.0), (["B", "D"], 0.0), (["A", "B", "C"], 0.5)],
)
def test_multiple_response_partial_credit(chosen, score):
    _, result = grade("multiple_response", MULTI, chosen)
    assert result.score == pytest.approx(score)
    assert result.correct == (score == 1.0)


def test_matching_partial_credit_and_missing_pairs():
    answer = {
        "Principle 2": "Rights regardless of status",
        "Principle 7": "Partnerships",
        "Principle 9": "Vitality",
    }
    _, result = grade("matching", MATCH, answer)
    assert result.score == pytest.approx(1 / 3) and not result.correct
    with pytest.raises(ValueError, match="Match every item"):
        grade("matching", MATCH, {"Principle 2": "Vitality"})


@pytest.mark.parametrize(
    "typed",
    ["Collective Bargaining", "  collective   bargaining. ", "The right to collective bargaining"],
)
def test_gap_fill_tolerates_case_punctuation_and_aliases(typed):
    assert grade("gap_fill", GAP, typed)[1].correct


def test_gap_fill_rejects_wrong_and_empty():
    assert not grade("gap_fill", GAP, "freedom of association")[1].correct
    with pytest.raises(ValueError, match="Type an answer"):
        grade("gap_fill", GAP, "   ")


def test_presentation_is_deterministic_per_seed_and_varies_between_seeds():
    first = present("single_choice", "Q?", CHOICE, seed=7, item_key="k")
    assert first == present("single_choice", "Q?", CHOICE, seed=7, item_key="k")
    orders = {
        present("single_choice", "Q?", CHOICE, seed=s, item_key="k").options for s in range(30)
    }
    assert len(orders) > 1
    assert sorted(first.options) == sorted(CHOICE["options"])


def test_true_false_keeps_conventional_order():
    body = {"options": ["True", "False"], "answer": ["False"]}
    assert present("true_false", "Q", body, seed=3, item_key="x").options == ("True", "False")
