"""Question types: how each kind of item is presented, answered and graded.

A registry of small strategy classes keyed by ``Item.kind`` (the CTFd idea). Pure: no Flask, no
database. Quizzes, live sessions and reports all grade through here.
"""

from quizapp.items.types import (
    GRADABLE_KINDS,
    Grade,
    PresentedItem,
    QuestionType,
    get_type,
    grade,
    present,
)

__all__ = [
    "GRADABLE_KINDS",
    "Grade",
    "PresentedItem",
    "QuestionType",
    "get_type",
    "grade",
    "present",
]
