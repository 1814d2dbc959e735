"""The pure parts: the registry's editor round trip per kind, workflow moves, word diffs and
which field a gate problem is shown next to."""

from __future__ import annotations

import pytest

from quizapp.editor.checks import FORM, field_of
from quizapp.editor.diffs import body_text, field_diffs, word_diff
from quizapp.editor.workflow import can_move
from quizapp.items.kinds import all_kinds, get_kind
from tests.factories import default_body


@pytest.mark.parametrize("kind", all_kinds())
def test_editor_values_and_body_round_trip(kind: str) -> None:
    editor = get_kind(kind)
    body = default_body(kind)
    assert editor.editor_body(editor.editor_values(body)) == body


def test_typed_answer_is_always_accepted() -> None:
    body = get_kind("gap_fill").editor_body({"answer": "border", "accepted": ["frontier"]})
    assert body == {"answer": "border", "accepted": ["border", "frontier"]}


def test_workflow_moves() -> None:
    assert can_move("draft", "published") and can_move("retired", "published")
    assert can_move("in_review", "draft")
    assert not can_move("published", "draft") and not can_move("published", "in_review")
    assert not can_move("bogus", "published") and not can_move("draft", "bogus")


def test_word_diff_marks_changed_words() -> None:
    segments = word_diff("the quick fox", "the slow fox")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "the "),
        ("delete", "quick"),
        ("insert", "slow"),
        ("equal", " fox"),
    ]
    assert "Correct option:\n• Beta" in body_text("single_choice", default_body("single_choice"))


@pytest.mark.parametrize(
    ("message", "kind", "field"),
    [
        ("quote not found verbatim in art-1", "flashcard", "quote"),
        ("duplicate options after normalising", "single_choice", "options"),
        ("true_false options must be exactly ['True', 'False']", "true_false", "answer"),
        ("gap answer appears elsewhere in its own stem", "cloze", "text"),
        ("gap answer appears elsewhere in its own stem", "gap_fill", "prompt"),
        ("matching needs 3-6 pairs", "matching", "pairs"),
        ("flashcard without a back", "flashcard", "back"),
        ("id must be <=120 chars of [a-z0-9.-]", "flashcard", FORM),
    ],
)
def test_problems_find_their_field(message: str, kind: str, field: str) -> None:
    assert field_of(message, kind) == field


def test_history_shows_a_change_of_skill() -> None:
    old = {"prompt": "Q?", "skill": "recall"}
    diffs = field_diffs("single_choice", old, {**old, "skill": "application"})
    assert [d.label for d in diffs] == ["What it tests"]
    assert field_diffs("single_choice", old, dict(old)) == []
