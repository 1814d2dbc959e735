"""Question kinds: one class per kind of item owns how it is presented, answered, graded, studied
as a flashcard, exported, checked, labelled and edited.

A registry of small strategy classes keyed by ``Item.kind`` (the CTFd idea). Pure: no Flask, no
database. Quizzes, live sessions, study, reports and the content build all go through here.
"""

from quizapp.items.kinds import (
    CardFaces,
    EditorField,
    Grade,
    Presentation,
    PresentedItem,
    QuestionKind,
    all_kinds,
    card_faces,
    choice_kinds,
    flashcard_kinds,
    get_kind,
    get_type,
    gradable_kinds,
    grade,
    kind_label,
    live_kinds,
    present,
    quiz_kinds,
    register,
    unregister,
)

__all__ = [
    "CardFaces",
    "EditorField",
    "Grade",
    "Presentation",
    "PresentedItem",
    "QuestionKind",
    "all_kinds",
    "card_faces",
    "choice_kinds",
    "flashcard_kinds",
    "get_kind",
    "get_type",
    "gradable_kinds",
    "grade",
    "kind_label",
    "live_kinds",
    "present",
    "quiz_kinds",
    "register",
    "unregister",
]
