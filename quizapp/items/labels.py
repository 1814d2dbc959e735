"""What each kind of item is called on screen (pure; shared by every form that offers kinds)."""

from __future__ import annotations

__all__ = ["KIND_LABELS"]

KIND_LABELS: dict[str, str] = {
    "flashcard": "Flashcard",
    "cloze": "Cloze card",
    "single_choice": "Single choice",
    "multiple_response": "Multiple response (select all that apply)",
    "true_false": "True or false",
    "matching": "Matching",
    "scenario": "Scenario (classify a case)",
    "gap_fill": "Fill the gap (typed answer)",
}
