"""Every fixed set of states, modes and tags, each defined once as a ``StrEnum``.

Pure (no Flask, no database), so models, services, pure rules and templates all use the same
names. The database stores the values (``str`` columns with a CHECK built from the enum), so a
member compares equal to the string read back from a row, and serialises to it in JSON.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AssignmentKind",
    "BulkAction",
    "CourseRole",
    "CourseVisibility",
    "ItemOrigin",
    "ItemStatus",
    "LivePhase",
    "OriginFilter",
    "ProblemReason",
    "ProblemStatus",
    "QuizMode",
    "Skill",
    "TestKind",
    "sql_in",
]


class LivePhase(StrEnum):
    """Where a live session is: lobby → question → reveal → leaderboard (optional) → … → ended."""

    LOBBY = "lobby"
    QUESTION = "question"
    REVEAL = "reveal"
    LEADERBOARD = "leaderboard"
    ENDED = "ended"


class AssignmentKind(StrEnum):
    """What a cohort is asked to do."""

    QUIZ = "quiz"
    FLASHCARDS = "flashcards"


class QuizMode(StrEnum):
    """Practice shows feedback after each answer; test keeps it for the results page."""

    PRACTICE = "practice"
    TEST = "test"


class ItemOrigin(StrEnum):
    """Where an item comes from: the 2017 document, or background law."""

    DOCUMENT = "document"
    BACKGROUND = "background"


class ItemStatus(StrEnum):
    """An item's place in the authoring workflow; learners are served only published items.

    draft → in review → published → retired (and back to published). Nothing answered is ever
    deleted: retiring keeps the item and its history.
    """

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        """The status on screen."""
        return self.value.replace("_", " ").capitalize()


class BulkAction(StrEnum):
    """What the item list's bulk action does to the checked items."""

    PUBLISH = "publish"
    SEND_TO_REVIEW = "send_to_review"
    BACK_TO_DRAFT = "back_to_draft"
    RETIRE = "retire"
    ASSIGN_TOPIC = "assign_topic"

    @property
    def label(self) -> str:
        """The action on screen."""
        return self.value.replace("_", " ").capitalize()


class CourseRole(StrEnum):
    """What an author may do in one course: the owner also invites co-authors."""

    OWNER = "owner"
    CO_AUTHOR = "co_author"


class Skill(StrEnum):
    """What an item tests (issue 12): the content check gates the shares of recall and application.

    RECALL is recall of a number, date, name or label (which guideline has which number);
    DEFINITION what a term means; DISTINCTION telling two close things apart; OBLIGATION what an
    instrument or the 2017 response asks of whom (a duty, a right, a position); APPLICATION using
    a rule on a case ("which applies here").
    """

    RECALL = "recall"
    DEFINITION = "definition"
    DISTINCTION = "distinction"
    OBLIGATION = "obligation"
    APPLICATION = "application"


class CourseVisibility(StrEnum):
    """Who may see a course's published items: every learner (listed in the catalogue), or only
    its authors and the cohorts that draw from it."""

    PUBLIC = "public"
    PRIVATE = "private"


class OriginFilter(StrEnum):
    """Which origins a quiz draws from: one of :class:`ItemOrigin`, or both."""

    DOCUMENT = "document"
    BACKGROUND = "background"
    BOTH = "both"


class TestKind(StrEnum):
    """What a "test" of the item analysis is (one-letter tags, as the aggregate rows carry them)."""

    ASSIGNMENT = "a"
    LIVE = "l"
    SELF_STUDY = "s"

    @property
    def label(self) -> str:
        """The kind on screen and in exports."""
        return _TEST_KIND_LABELS[self]


_TEST_KIND_LABELS = {
    TestKind.ASSIGNMENT: "Assignment",
    TestKind.LIVE: "Live session",
    TestKind.SELF_STUDY: "Self-study",
}


class ProblemReason(StrEnum):
    """Why a learner reports a problem with an item."""

    WRONG_KEY = "wrong_key"
    TWO_ANSWERS = "two_answers"
    UNCLEAR = "unclear"
    SOURCE = "source"
    TYPO = "typo"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The reason on screen."""
        return _PROBLEM_REASON_LABELS[self]


_PROBLEM_REASON_LABELS = {
    ProblemReason.WRONG_KEY: "The marked answer is wrong",
    ProblemReason.TWO_ANSWERS: "Two answers can be defended",
    ProblemReason.UNCLEAR: "The question is unclear",
    ProblemReason.SOURCE: "The source does not support it",
    ProblemReason.TYPO: "Typo or wording",
    ProblemReason.OTHER: "Something else",
}


class ProblemStatus(StrEnum):
    """A problem report is open until an author resolves (fixes) or dismisses it."""

    OPEN = "open"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


def sql_in(column: str, values: type[StrEnum]) -> str:
    """``column IN ('a', 'b')`` for a CHECK constraint over every value of ``values``."""
    quoted = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({quoted})"
