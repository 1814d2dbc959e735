"""The trainer's side of a live session: create, load (with ownership), pace, and read its state.

Every change is a conditional UPDATE on the session row (``WHERE phase = :expected``) that also
bumps ``revision``, so two workers, or a double click, can never move a session twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import abort

from quizapp.cohorts.access import can_manage_cohort, managed_cohort_ids
from quizapp.content.services import builtin_course
from quizapp.enums import ItemStatus, LivePhase
from quizapp.extensions import db
from quizapp.items.kinds import PresentedItem, live_kinds, present
from quizapp.live import rules
from quizapp.live.access import sessions_visible_to
from quizapp.live.rules import PolledSession, Step
from quizapp.models.accounts import User
from quizapp.models.base import utcnow
from quizapp.models.cohorts import Cohort
from quizapp.models.content import Item
from quizapp.models.live import LiveAnswer, LiveParticipant, LiveSession

ADD_TIME = timedelta(seconds=15)
PIN_ATTEMPTS = 25
MAX_QUESTIONS = 50


class LiveError(Exception):
    """A request we refuse politely; the message is shown to the person."""


@dataclass(frozen=True)
class NewSession:
    """What the trainer chose on the "new session" form."""

    title: str
    cohort_id: int | None
    topic_id: int | None
    kinds: tuple[str, ...]
    count: int
    picked_item_ids: tuple[int, ...]
    seconds_per_question: int | None
    allow_guests: bool
    speed_bonus: bool
    show_leaderboard: bool
    #: the course questions come from (a cohort's own course wins; None: the built-in course)
    course_id: int | None = None


# --- choosing ---------------------------------------------------------------------------------


def cohort_choices(user: User) -> list[tuple[int, str]]:
    """(id, name) of the active cohorts ``user`` manages, for the cohort select."""
    rows = db.session.execute(
        sa.select(Cohort.id, Cohort.name)
        .where(Cohort.id.in_(managed_cohort_ids(user)), Cohort.archived.is_(False))
        .order_by(Cohort.name)
    )
    return [(row.id, row.name) for row in rows]


def bank_items(
    search: str = "", *, keep: Sequence[int] = (), course_id: int | None = None
) -> list[Item]:
    """Items a live session can ask (phone-friendly kinds, published; of ``course_id`` when
    given), optionally filtered; the items in ``keep`` (ticked) stay listed whatever the search."""
    query = sa.select(Item).where(Item.kind.in_(live_kinds()), Item.status == ItemStatus.PUBLISHED)
    if course_id is not None:
        query = query.where(Item.course_id == course_id)
    if search.strip():
        query = query.where(
            sa.or_(Item.prompt.ilike(f"%{search.strip()}%"), Item.id.in_(list(keep)))
        )
    return list(db.session.scalars(query.order_by(Item.topic_id, Item.id).limit(500)))


def session_course_id(choice: NewSession) -> int:
    """The course a new session draws from: its cohort's, else the one chosen, else the
    built-in course."""
    if choice.cohort_id is not None:
        cohort_course = db.session.scalar(
            sa.select(Cohort.course_id).where(Cohort.id == choice.cohort_id)
        )
        if cohort_course is not None:
            return cohort_course
    return choice.course_id or builtin_course().id


def _choose_items(choice: NewSession, course_id: int) -> list[int]:
    live_items = sa.select(Item.id).where(
        Item.kind.in_(live_kinds()),
        Item.status == ItemStatus.PUBLISHED,
        Item.course_id == course_id,
    )
    if choice.picked_item_ids:
        found = set(db.session.scalars(live_items.where(Item.id.in_(choice.picked_item_ids))))
        if len(found) != len(set(choice.picked_item_ids)):
            raise LiveError("Some chosen questions are no longer available; please choose again.")
        return list(dict.fromkeys(choice.picked_item_ids))[:MAX_QUESTIONS]
    query = live_items.where(Item.kind.in_(choice.kinds or live_kinds()))
    if choice.topic_id:
        query = query.where(Item.topic_id == choice.topic_id)
    ids = list(
        db.session.scalars(query.order_by(sa.func.random()).limit(min(choice.count, MAX_QUESTIONS)))
    )
    if not ids:
        raise LiveError(
            "No questions match that topic and kind. Choose another topic or more kinds."
        )
    return ids


def create_session(trainer: User, choice: NewSession) -> LiveSession:
    """A new session in the lobby with a fresh six-digit PIN (retrying on the rare collision)."""
    if choice.cohort_id is not None and not can_manage_cohort(trainer, choice.cohort_id):
        raise LiveError("You do not manage that cohort.")
    course_id = session_course_id(choice)
    item_ids = _choose_items(choice, course_id)
    for _ in range(PIN_ATTEMPTS):
        pin = rules.new_pin()
        if db.session.scalar(sa.select(LiveSession.id).where(LiveSession.pin == pin)) is not None:
            continue
        session = LiveSession(
            pin=pin,
            trainer_id=trainer.id,
            course_id=course_id,
            cohort_id=choice.cohort_id,
            title=choice.title.strip() or "Live quiz",
            item_ids=item_ids,
            allow_guests=choice.allow_guests,
            speed_bonus=choice.speed_bonus,
            show_leaderboard=choice.show_leaderboard,
            seconds_per_question=choice.seconds_per_question,
            phase=LivePhase.LOBBY,
            question_index=-1,
            revision=1,
            settings={},
        )
        try:
            with db.session.begin_nested():
                db.session.add(session)
        except sa.exc.IntegrityError:  # another worker took the PIN between our check and insert
            continue
        return session
    raise LiveError("Could not find a free PIN; please try again.")


# --- loading ----------------------------------------------------------------------------------


def trainer_sessions(user: User) -> list[LiveSession]:
    """The sessions ``user`` may run (their own and their cohorts'), newest first."""
    return list(
        db.session.scalars(
            sa.select(LiveSession)
            .where(sessions_visible_to(user))
            .order_by(LiveSession.created_at.desc(), LiveSession.id.desc())
            .limit(200)
        )
    )


def current_item(session: LiveSession) -> Item | None:
    """The item of the current question, if the session is on one."""
    if not 0 <= session.question_index < len(session.item_ids):
        return None
    return db.session.get(Item, session.item_ids[session.question_index])


def presented(session: LiveSession, item: Item) -> PresentedItem:
    """The item as everyone in this session sees it: the same option order on every screen."""
    return present(item.kind, item.prompt, item.body, seed=f"live-{session.pin}", item_key=item.key)


# --- pacing -----------------------------------------------------------------------------------


def _move(session: LiveSession, expected: Step, values: dict[str, Any]) -> None:
    result = db.session.execute(
        sa.update(LiveSession)
        .where(
            LiveSession.id == session.id,
            LiveSession.phase == expected.phase,
            LiveSession.question_index == expected.question_index,
        )
        .values(revision=LiveSession.revision + 1, **values)
        .execution_options(synchronize_session=False)
    )
    # A DML statement executes to a CursorResult, which counts the rows it touched.
    if cast("sa.CursorResult[Any]", result).rowcount != 1:
        raise LiveError("The session had already moved on; nothing was skipped.")
    db.session.expire(session)


def advance(session: LiveSession, expected: Step, *, now: datetime | None = None) -> Step:
    """Take the next step if the session is still at ``expected`` (so a double click is
    harmless)."""
    now = now or utcnow()
    if Step(session.phase, session.question_index) != expected or session.phase == LivePhase.ENDED:
        raise LiveError("The session had already moved on; nothing was skipped.")
    target = rules.next_step(
        expected, question_count=len(session.item_ids), show_leaderboard=session.show_leaderboard
    )
    values: dict[str, Any] = {"phase": target.phase, "question_index": target.question_index}
    if target.phase == LivePhase.QUESTION:
        seconds = session.seconds_per_question
        values |= {
            "question_opened_at": now,
            "question_deadline": now + timedelta(seconds=seconds) if seconds else None,
        }
    if target.phase == LivePhase.ENDED:
        values["ended_at"] = now
    _move(session, expected, values)
    return target


def end_session(session: LiveSession, expected: Step, *, now: datetime | None = None) -> None:
    """End the session early (or at the end); its PIN is never reused."""
    if session.phase == LivePhase.ENDED:
        raise LiveError("The session has already ended.")
    _move(session, expected, {"phase": LivePhase.ENDED, "ended_at": now or utcnow()})


def add_time(session: LiveSession, expected: Step, *, now: datetime | None = None) -> None:
    """Give the current question 15 more seconds (from now, if time was already up)."""
    now = now or utcnow()
    if session.phase != LivePhase.QUESTION or session.question_deadline is None:
        raise LiveError("Time can only be added to a timed question that is open.")
    deadline = max(session.question_deadline, now) + ADD_TIME
    _move(session, expected, {"question_deadline": deadline})


def remove_participant(session: LiveSession, participant_id: int) -> LiveParticipant:
    """Remove a participant: they see "you were removed" and can no longer answer."""
    participant = db.session.scalar(
        sa.select(LiveParticipant).where(
            LiveParticipant.id == participant_id, LiveParticipant.session_id == session.id
        )
    )
    if participant is None:
        abort(404)
    participant.removed = True
    session.revision = LiveSession.revision + 1
    db.session.flush()
    return participant


# --- reading ----------------------------------------------------------------------------------


def participants(session: LiveSession) -> list[LiveParticipant]:
    """Everyone still in the session, in the order they joined."""
    return list(
        db.session.scalars(
            sa.select(LiveParticipant)
            .where(LiveParticipant.session_id == session.id, LiveParticipant.removed.is_(False))
            .order_by(LiveParticipant.joined_at, LiveParticipant.id)
        )
    )


def leaderboard(session: LiveSession, limit: int = 10) -> list[LiveParticipant]:
    """The best scores, ties broken by who joined first."""
    return list(
        db.session.scalars(
            sa.select(LiveParticipant)
            .where(LiveParticipant.session_id == session.id, LiveParticipant.removed.is_(False))
            .order_by(LiveParticipant.score.desc(), LiveParticipant.joined_at, LiveParticipant.id)
            .limit(limit)
        )
    )


def answer_count(session: LiveSession) -> int:
    """How many answers the current question has received."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(LiveAnswer.id)).where(
                LiveAnswer.session_id == session.id,
                LiveAnswer.question_index == session.question_index,
            )
        )
        or 0
    )


@dataclass(frozen=True)
class Reveal:
    """What the reveal shows: each option with its count, the key, and how many got it right."""

    options: list[tuple[str, int]]
    key: list[str]
    answered: int
    correct: int


def reveal(session: LiveSession, item: Item, shown: PresentedItem) -> Reveal:
    """The distribution of answers to the current question, counted in SQL."""
    rows = db.session.execute(
        sa.select(
            sa.cast(LiveAnswer.answer, sa.Text).label("answer"),
            sa.func.count().label("n"),
            sa.func.sum(sa.case((LiveAnswer.correct, 1), else_=0)).label("right"),
        )
        .where(
            LiveAnswer.session_id == session.id, LiveAnswer.question_index == session.question_index
        )
        .group_by(sa.cast(LiveAnswer.answer, sa.Text))
    ).all()
    counts = {row.answer: row.n for row in rows}
    return Reveal(
        options=rules.distribution(shown.options, counts),
        key=list(item.body.get("answer", [])),
        answered=sum(row.n for row in rows),
        correct=sum(int(row.right or 0) for row in rows),
    )


def presenter_state(session: LiveSession, *, now: datetime | None = None) -> dict[str, Any]:
    """The presenter's polling payload: the shared state plus how many joined and answered, both
    counted in one statement. Who joined is not sent: a join or removal bumps ``revision``, and the
    presenter page reloads on a new revision."""
    now = now or utcnow()
    joined = (
        sa.select(sa.func.count(LiveParticipant.id))
        .where(LiveParticipant.session_id == session.id, LiveParticipant.removed.is_(False))
        .scalar_subquery()
    )
    answered = (
        sa.select(sa.func.count(LiveAnswer.id))
        .where(
            LiveAnswer.session_id == session.id, LiveAnswer.question_index == session.question_index
        )
        .scalar_subquery()
    )
    count, answers = db.session.execute(sa.select(joined, answered)).one()
    return {
        **public_state(session, now=now),
        "participant_count": count,
        "answers": answers if session.phase == LivePhase.QUESTION else None,
    }


def public_state(session: PolledSession, *, now: datetime) -> dict[str, Any]:
    """What every screen may know about the session (nothing about answers)."""
    return {
        "pin": session.pin,
        "phase": session.phase,
        "question_index": session.question_index,
        "question_count": len(session.item_ids),
        "step": f"{session.phase}:{session.question_index}",
        "revision": session.revision,
        "seconds_left": rules.seconds_left(session.question_deadline, now)
        if session.phase == LivePhase.QUESTION
        else None,
    }
