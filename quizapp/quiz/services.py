"""Quiz attempts: building them, answering one question at a time, scoring, review.

Every answer is stored when given (one ``Response`` per attempt and item, and per attempt and
position), so a refresh, the back button or a lost connection never loses or duplicates one. The
first stored answer wins: later submissions for the same question are recognised and answered
politely instead of overwriting it.
"""

from __future__ import annotations

import enum
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import abort, current_app
from sqlalchemy import orm as so

from quizapp.core import tallies
from quizapp.courses import content_cache
from quizapp.courses.content_cache import ItemView
from quizapp.enums import ItemStatus, OriginFilter, QuizMode
from quizapp.extensions import db
from quizapp.items.kinds import PresentedItem, get_kind, gradable_kind, grade, present, quiz_kinds
from quizapp.models import (
    Assignment,
    Attempt,
    Item,
    ItemRevision,
    Response,
    Topic,
    User,
)
from quizapp.models.base import utcnow
from quizapp.models.settings import AttemptSettings
from quizapp.quiz.selection import pick_items
from quizapp.quiz.timing import duration_ms, shown_token
from quizapp.study.services import make_due_now

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "AnswerResult",
    "AttemptSummary",
    "InvalidAnswer",
    "NoMatchingItems",
    "Outcome",
    "Question",
    "QuizError",
    "ReviewEntry",
    "Score",
    "get_attempt",
    "learner_attempts",
    "load_question",
    "missed_item_ids",
    "practise_missed",
    "present_item",
    "question_token",
    "record_answer",
    "resume_position",
    "review",
    "score_of",
    "start_attempt",
    "topic_counts",
]

MIN_LENGTH, MAX_LENGTH = 5, 50
RECENT_FINISHED = 10


class QuizError(ValueError):
    """Settings that cannot make a quiz; the message is written for the learner."""


class NoMatchingItems(QuizError):
    """No live item matches the chosen topics, kinds and origin."""


class InvalidAnswer(ValueError):
    """A submitted answer that cannot be graded (nothing chosen, unknown option...)."""


def _quiz_item_filter(
    topic_ids: Sequence[int],
    kinds: Sequence[str],
    origin: str,
    course_ids: Sequence[int] | None = None,
) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = [
        Item.status == ItemStatus.PUBLISHED,
        Item.kind.in_(kinds or quiz_kinds()),
    ]
    if course_ids is not None:
        conditions.append(Item.course_id.in_(course_ids))
    if topic_ids:
        conditions.append(Item.topic_id.in_(topic_ids))
    if origin != OriginFilter.BOTH:
        conditions.append(Item.origin == origin)
    return conditions


def topic_counts(course_ids: Sequence[int] | None = None) -> list[tuple[Topic, int]]:
    """Topics (of ``course_ids``; None: every course) that have quiz items, in order, with how
    many live quiz items each has."""
    count = sa.func.count(Item.id)
    query = (
        sa.select(Topic, count)
        .join(Item, Item.topic_id == Topic.id)
        .where(*_quiz_item_filter((), (), OriginFilter.BOTH, course_ids))
        .group_by(Topic.id)
        .order_by(Topic.position, Topic.id)
    )
    return [(topic, n) for topic, n in db.session.execute(query)]


def start_attempt(
    user: User,
    *,
    topic_ids: Sequence[int],
    kinds: Sequence[str],
    length: int,
    origin: str,
    mode: str,
    assignment_id: int | None = None,
    seed: int | None = None,
    course_ids: Sequence[int] | None = None,
) -> Attempt:
    """Choose the questions and create an attempt (the caller commits).

    Args:
        user: the learner.
        topic_ids: topics to draw from; empty means every topic.
        kinds: item kinds among ``quiz_kinds()``; empty means all of them.
        length: questions wanted, 5 to 50. When fewer items match, the quiz has as many as match
            and ``attempt.requested_settings.requested`` keeps the number asked for.
        origin: "document", "background" or "both".
        mode: "practice" (feedback after each answer) or "test" (feedback at the end).
        assignment_id: the cohort assignment this attempt answers, if any.
        seed: shuffles questions and options; random when not given.
        course_ids: the courses questions come from (None: any course; callers pass the
            courses the learner may study from, or the cohort's course).

    Raises:
        QuizError: settings out of range; NoMatchingItems when nothing matches.
    """
    if mode not in set(QuizMode):
        raise QuizError("Choose practice or test mode.")
    if origin not in set(OriginFilter):
        raise QuizError(
            "Choose where the questions come from: the document, background law, or both."
        )
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise QuizError(f"A quiz has {MIN_LENGTH} to {MAX_LENGTH} questions.")
    unknown = set(kinds) - set(quiz_kinds())
    if unknown:
        raise QuizError(f"These kinds cannot be asked in a quiz: {', '.join(sorted(unknown))}.")
    seed = secrets.randbelow(2**31) if seed is None else seed
    candidates = db.session.execute(
        sa.select(Item.id, Item.topic_id).where(
            *_quiz_item_filter(topic_ids, kinds, origin, course_ids)
        )
    ).tuples()
    item_ids = pick_items(candidates, length=length, seed=seed)
    if not item_ids:
        raise NoMatchingItems(
            "No questions match those choices yet. Try more topics, more kinds, or both origins."
        )
    attempt = Attempt(
        user_id=user.id,
        assignment_id=assignment_id,
        mode=mode,
        seed=seed,
        item_ids=item_ids,
        settings=AttemptSettings(
            topic_ids=tuple(topic_ids), kinds=tuple(kinds), origin=origin, requested=length
        ).to_json(),
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


# Built once: every question page and answer runs them (building a statement costs more than
# running it on SQLite).
_ATTEMPT = sa.select(Attempt).where(
    Attempt.id == sa.bindparam("attempt_id"), Attempt.user_id == sa.bindparam("user_id")
)
_RESPONSES = sa.select(Response).where(Response.attempt_id == sa.bindparam("attempt_id"))


def get_attempt(user_id: int, attempt_id: int) -> Attempt:
    """The user's own attempt; 404 for anyone else's, so its existence never leaks."""
    attempt = db.session.scalar(_ATTEMPT, {"attempt_id": attempt_id, "user_id": user_id})
    if attempt is None:
        abort(404)
    return attempt


def _responses(attempt_id: int) -> dict[int, Response]:
    rows = db.session.scalars(_RESPONSES, {"attempt_id": attempt_id})
    return {response.position: response for response in rows}


def present_item(attempt: Attempt, item: Item | ItemView | AsAsked) -> PresentedItem:
    """The item as this attempt shows it: same seed, same option order, every time."""
    return present(item.kind, item.prompt, item.body, seed=attempt.seed, item_key=item.key)


@dataclass
class Question:
    """One position of an attempt, with what has been answered so far."""

    attempt: Attempt
    position: int  # 1-based
    item: ItemView
    presented: PresentedItem
    responses: dict[int, Response]

    @property
    def total(self) -> int:
        """Number of questions in the attempt."""
        return len(self.attempt.item_ids)

    @property
    def response(self) -> Response | None:
        """The stored answer to this question, if any."""
        return self.responses.get(self.position)

    @property
    def next_position(self) -> int | None:
        """The first unanswered position, or None when every question is answered."""
        return _first_unanswered(self.attempt, self.responses)

    @property
    def expected(self) -> Any:
        """The key, in the shape of an answer."""
        return _key(self.item)


def _first_unanswered(attempt: Attempt, responses: dict[int, Response]) -> int | None:
    return next((p for p in range(1, len(attempt.item_ids) + 1) if p not in responses), None)


def _key(item: Item | ItemView | AsAsked) -> Any:
    return get_kind(item.kind).key(item.body)


def resume_position(attempt: Attempt) -> int | None:
    """Where a learner returning to the attempt should be: the first unanswered question, or
    None when all are answered (results)."""
    return _first_unanswered(attempt, _responses(attempt.id))


def load_question(user_id: int, attempt_id: int, position: int) -> Question:
    """Question ``position`` of the user's attempt; 404 when the attempt is not theirs or the
    position does not exist."""
    attempt = get_attempt(user_id, attempt_id)
    if not 1 <= position <= len(attempt.item_ids):
        abort(404)
    item = content_cache.item(attempt.item_ids[position - 1])
    if item is None:  # an item deleted from the bank (content sync retires, never deletes)
        abort(404)
    return Question(attempt, position, item, present_item(attempt, item), _responses(attempt.id))


def question_token(question: Question) -> str:
    """The signed "shown at" stamp carried by the answer form, for the response's duration."""
    return shown_token(
        current_app.config["SECRET_KEY"],
        attempt_id=question.attempt.id,
        position=question.position,
        shown_ms=_now_ms(),
    )


def _now_ms() -> int:
    return int(time.time() * 1000)


class Outcome(enum.Enum):
    """What happened to a submitted answer."""

    SAVED = "saved"
    REPEATED = (
        "repeated"  # the same answer again (double click, resent form): the stored one stands
    )
    ALREADY_ANSWERED = "already_answered"  # a different answer to an answered question: first wins
    FINISHED = "finished"  # a different answer to a question of a finished attempt
    NOT_YET = "not_yet"  # a question beyond the current one


@dataclass(frozen=True)
class AnswerResult:
    """The outcome, and the position it concerns (for NOT_YET: the one to answer first)."""

    outcome: Outcome
    position: int


def record_answer(question: Question, raw: Any, *, token: str | None) -> AnswerResult:
    """Grade and store an answer to ``question`` once; recognise stale and repeated submissions.

    The check-then-insert runs inside the request's write transaction; if another request stored
    the same answer in between (two identical POSTs at once), the UNIQUE constraints fire inside a
    SAVEPOINT and the stored answer is reported instead. The caller commits.

    Raises:
        InvalidAnswer: nothing usable was submitted (only for the current question).
    """
    attempt = question.attempt
    if question.response is not None:
        return _stale(question, raw, question.response)
    current = question.next_position
    if current is None or question.position != current:
        return AnswerResult(Outcome.NOT_YET, current or question.position)
    try:
        answer, result = grade(question.item.kind, question.item.body, raw)
    except ValueError as error:
        raise InvalidAnswer(str(error)) from error
    response = Response(
        attempt_id=attempt.id,
        item_id=question.item.id,
        item_version=question.item.version,
        position=question.position,
        answer=answer,
        score=result.score,
        correct=result.correct,
        answered_at=utcnow(),
        duration_ms=duration_ms(
            current_app.config["SECRET_KEY"],
            token,
            attempt_id=attempt.id,
            position=question.position,
            now_ms=_now_ms(),
        ),
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except sa.exc.IntegrityError:
        stored = db.session.scalar(
            sa.select(Response).where(
                Response.attempt_id == attempt.id, Response.position == question.position
            )
        )
        if stored is None:  # the collision was on the item, which cannot happen for a valid attempt
            raise
        return _stale(question, raw, stored)
    tallies.count_quiz_answer(
        attempt.user_id,
        response.item_id,
        response.answered_at,
        score=response.score,
        correct=response.correct,
    )
    question.responses[question.position] = response
    _finish_if_complete(attempt, question.responses)
    return AnswerResult(Outcome.SAVED, question.position)


def _stale(question: Question, raw: Any, stored: Response) -> AnswerResult:
    """Classify a submission for a question that already has a stored answer."""
    try:
        same = gradable_kind(question.item.kind).clean(question.item.body, raw) == stored.answer
    except ValueError:
        same = False
    finished = question.attempt.finished_at is not None
    if same:
        outcome = Outcome.REPEATED
    else:
        outcome = Outcome.FINISHED if finished else Outcome.ALREADY_ANSWERED
    return AnswerResult(outcome, question.position)


def _finish_if_complete(attempt: Attempt, responses: dict[int, Response]) -> None:
    if attempt.finished_at is not None or len(responses) < len(attempt.item_ids):
        return
    db.session.flush()
    total = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(Response.score), 0.0)).where(
            Response.attempt_id == attempt.id
        )
    ).scalar_one()
    attempt.score = round(float(total), 6)
    attempt.max_score = float(len(attempt.item_ids))
    attempt.finished_at = utcnow()


@dataclass
class ReviewEntry:
    """One question as seen, with the learner's answer and the key."""

    position: int
    item: Item | AsAsked
    presented: PresentedItem
    response: Response | None
    expected: Any


class AsAsked:
    """An item with the words it had at an earlier version (prompt, body, explanation); every
    other attribute (kind, key, source) is the item's own."""

    def __init__(self, item: Item, revision: ItemRevision) -> None:
        self._item = item
        self.prompt, self.body, self.explanation = (
            revision.prompt,
            revision.body,
            revision.explanation,
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)


def _as_asked(items: dict[int, Item], responses: dict[int, Response]) -> dict[int, Item | AsAsked]:
    """Replace items that changed since they were answered by their words at that version."""
    older = {
        (r.item_id, r.item_version)
        for r in responses.values()
        if r.item_version is not None
        and r.item_id in items
        and items[r.item_id].version != r.item_version
    }
    if not older:
        return dict(items)
    revisions = db.session.scalars(
        sa.select(ItemRevision).where(
            sa.tuple_(ItemRevision.item_id, ItemRevision.version).in_(list(older))
        )
    )
    shown: dict[int, Item | AsAsked] = dict(items)
    for revision in revisions:
        shown[revision.item_id] = AsAsked(items[revision.item_id], revision)
    return shown


def review(attempt: Attempt) -> list[ReviewEntry]:
    """Every question of the attempt in the order asked, options in the order shown and words as
    they were when answered — even if a content sync has reworded an item since (three or four
    queries)."""
    items = {
        item.id: item
        for item in db.session.scalars(
            sa.select(Item)
            .where(Item.id.in_(attempt.item_ids))
            .options(so.selectinload(Item.passage))
        )
    }
    responses = _responses(attempt.id)
    shown = _as_asked(items, responses)
    entries = []
    for position, item_id in enumerate(attempt.item_ids, start=1):
        item = shown.get(item_id)
        if item is not None:
            entries.append(
                ReviewEntry(
                    position, item, present_item(attempt, item), responses.get(position), _key(item)
                )
            )
    return entries


@dataclass(frozen=True)
class Score:
    """An attempt's score: points (sum of response scores) out of the number of questions."""

    points: float
    out_of: int
    correct: int

    @property
    def percent(self) -> int:
        """The score as a whole percentage."""
        return round(100 * self.points / self.out_of) if self.out_of else 0


def score_of(entries: Sequence[ReviewEntry]) -> Score:
    """Points, questions and fully correct answers of a reviewed attempt."""
    answered = [e.response for e in entries if e.response is not None]
    return Score(
        round(sum(r.score for r in answered), 2),
        len(entries),
        sum(1 for r in answered if r.correct),
    )


def missed_item_ids(attempt: Attempt) -> list[int]:
    """Items of the attempt answered with less than full marks."""
    query = sa.select(Response.item_id).where(
        Response.attempt_id == attempt.id, Response.correct.is_(False)
    )
    return sorted(db.session.scalars(query))


def practise_missed(user_id: int, attempt_id: int) -> int:
    """Put the items the learner missed in this finished attempt in their flashcard deck, due now.
    Returns how many; the caller commits. QuizError for an unfinished attempt."""
    attempt = get_attempt(user_id, attempt_id)
    if attempt.finished_at is None:
        raise QuizError("Finish the quiz first; then you can practise the questions you missed.")
    return make_due_now(user_id, missed_item_ids(attempt))


@dataclass(frozen=True)
class AttemptSummary:
    """An attempt for the quiz index: how far it got and what it was for."""

    attempt: Attempt
    answered: int
    assignment_title: str | None

    @property
    def total(self) -> int:
        """Number of questions."""
        return len(self.attempt.item_ids)


def learner_attempts(user_id: int) -> tuple[list[AttemptSummary], list[AttemptSummary]]:
    """(in progress, newest first; the last few finished, newest first) — one query each."""
    answered = (
        sa.select(sa.func.count(Response.id))
        .where(Response.attempt_id == Attempt.id)
        .scalar_subquery()
    )
    base = (
        sa.select(Attempt, answered, Assignment.title)
        .outerjoin(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Attempt.user_id == user_id)
    )
    open_rows = db.session.execute(
        base.where(Attempt.finished_at.is_(None)).order_by(
            Attempt.started_at.desc(), Attempt.id.desc()
        )
    )
    done_rows = db.session.execute(
        base.where(Attempt.finished_at.is_not(None))
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
        .limit(RECENT_FINISHED)
    )
    return (
        [AttemptSummary(a, n, t) for a, n, t in open_rows],
        [AttemptSummary(a, n, t) for a, n, t in done_rows],
    )
