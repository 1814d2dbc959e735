"""The participant's side: join with a PIN, answer once per question, follow the state.

A participant is known by a random token kept in a cookie (``LiveParticipant.token``), so any
worker can recognise them and a reload finds them again with their score.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import abort

from quizapp.core import tallies
from quizapp.enums import LivePhase
from quizapp.extensions import db
from quizapp.items.kinds import grade
from quizapp.live import guessing, rules
from quizapp.live.access import participation_refusal
from quizapp.live.rules import PolledParticipant, PolledSession
from quizapp.live.services import LiveError, current_item, public_state
from quizapp.models.accounts import User
from quizapp.models.base import utcnow
from quizapp.models.live import LiveAnswer, LiveParticipant, LiveSession

PIN_PATTERN = re.compile(r"^\d{6}$")


def cookie_name(pin: str) -> str:
    """The cookie that holds a participant's token for one session."""
    return f"live_{pin}"


NO_SUCH_PIN = "No live session has that PIN. Check the 6 digits on the big screen and try again."


def lookup(pin: str, token: str | None, address: str) -> tuple[LiveSession, LiveParticipant | None]:
    """The session and (if the token belongs to it) the participant, in one indexed query.

    A PIN no session has counts as a wrong guess of ``address`` (404, or 429 past the limit); an
    address past the limit gets 429 for real PINs too unless it has joined (see ``guessing``).
    """
    if not PIN_PATTERN.match(pin or ""):
        abort(404)
    row = db.session.execute(
        sa.select(LiveSession, LiveParticipant)
        .outerjoin(
            LiveParticipant,
            sa.and_(
                LiveParticipant.session_id == LiveSession.id, LiveParticipant.token == (token or "")
            ),
        )
        .where(LiveSession.pin == pin)
    ).first()
    if row is None:
        guessing.record_wrong(address)
        abort(404, NO_SUCH_PIN)
    session, participant = row
    if participant is None:
        guessing.check_address(address)
    return session, participant


def find_by_pin(pin: str, address: str) -> LiveSession | None:
    """The session with this PIN, or None (counted as a wrong guess of ``address``).

    Raises:
        TooManyGuesses: ``address`` is past its limit of wrong PINs and codes.
    """
    session = db.session.scalar(sa.select(LiveSession).where(LiveSession.pin == pin))
    if session is None:
        guessing.record_wrong(address)
    else:
        guessing.check_address(address)
    return session


#: The on-screen name of a signed-in participant whose account name the nickname filter refuses.
SIGNED_IN_FALLBACK_NICKNAME = "Participant"


def join(session: LiveSession, *, user: User | None, nickname: str | None) -> LiveParticipant:
    """Add a participant: a signed-in user as themselves (rejoining finds them), or a guest.

    Raises:
        LiveError: session ended, guests not allowed, not a member of the session's cohort,
            nickname taken or unsuitable, removed.
    """
    if session.phase == LivePhase.ENDED:
        raise LiveError("This session has ended.")
    refusal = participation_refusal(session, user.id if user else None)
    if refusal is not None:
        raise LiveError(refusal)
    if user is not None:
        existing = db.session.scalar(
            sa.select(LiveParticipant).where(
                LiveParticipant.session_id == session.id, LiveParticipant.user_id == user.id
            )
        )
        if existing is not None:
            if existing.removed:
                raise LiveError("You were removed from this session.")
            return existing
        try:
            base = rules.clean_nickname(user.display_name[: rules.NICKNAME_MAX])
        except ValueError:  # an account name the nickname filter refuses still gets a seat
            base = SIGNED_IN_FALLBACK_NICKNAME
        name = _free_nickname(session, base)
    else:
        if not session.allow_guests:
            raise LiveError(
                "This session is for signed-in participants only. Please log in to join."
            )
        try:
            name = rules.clean_nickname(nickname or "")
        except ValueError as error:
            raise LiveError(str(error)) from None
        if _nickname_taken(session, name):
            raise LiveError(
                f"The nickname “{name}” is already taken in this session. Please choose another."
            )
    participant = LiveParticipant(
        session_id=session.id,
        user_id=user.id if user else None,
        nickname=name,
        token=secrets.token_urlsafe(32),
        score=0,
        removed=False,
    )
    try:
        with db.session.begin_nested():
            db.session.add(participant)
    except sa.exc.IntegrityError:  # someone took the nickname (or joined twice) at the same moment
        raise LiveError("That nickname was just taken. Please choose another.") from None
    session.revision = LiveSession.revision + 1
    db.session.flush()
    return participant


def _nickname_taken(session: LiveSession, name: str) -> bool:
    return (
        db.session.scalar(
            sa.select(LiveParticipant.id).where(
                LiveParticipant.session_id == session.id,
                sa.func.lower(LiveParticipant.nickname) == name.lower(),
            )
        )
        is not None
    )


def _free_nickname(session: LiveSession, name: str) -> str:
    taken = {
        n.lower()
        for n in db.session.scalars(
            sa.select(LiveParticipant.nickname).where(
                LiveParticipant.session_id == session.id, LiveParticipant.nickname.ilike(f"{name}%")
            )
        )
    }
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{name[: rules.NICKNAME_MAX - 4]} {n}"
    return candidate


def own_answer(session: LiveSession, participant: LiveParticipant) -> LiveAnswer | None:
    """The participant's answer to the current question, if any."""
    return db.session.scalar(
        sa.select(LiveAnswer).where(
            LiveAnswer.session_id == session.id,
            LiveAnswer.participant_id == participant.id,
            LiveAnswer.question_index == session.question_index,
        )
    )


def submit_answer(
    session: LiveSession,
    participant: LiveParticipant,
    *,
    question_index: int,
    raw: Any,
    now: datetime | None = None,
) -> LiveAnswer:
    """Grade and store one answer, at most once per question, only while the question is open.

    Raises:
        LiveError: removed, question closed or time up, already answered, unusable answer.
    """
    now = now or utcnow()
    if participant.removed:
        raise LiveError("You were removed from this session, so your answer was not counted.")
    refusal = participation_refusal(session, participant.user_id)
    if refusal is not None:
        raise LiveError(f"{refusal} Your answer was not counted.")
    if session.phase != LivePhase.QUESTION or session.question_index != question_index:
        raise LiveError("That question is closed, so your answer was not counted.")
    if not rules.answer_window_open(session.question_deadline, now):
        raise LiveError("Time is up, so your answer was not counted.")
    # A second answer is refused by the UNIQUE constraint below: no read before the write.
    item = current_item(session)
    if item is None:
        abort(404)
    try:
        answer, result = grade(item.kind, item.body, raw)
    except ValueError as error:
        raise LiveError(str(error)) from None
    points = rules.points_for(
        result.score,
        speed_bonus=session.speed_bonus,
        opened_at=session.question_opened_at or now,
        deadline=session.question_deadline,
        answered_at=now,
    )
    row = LiveAnswer(
        session_id=session.id,
        participant_id=participant.id,
        question_index=question_index,
        item_id=item.id,
        answer=answer,
        correct=result.correct,
        points=points,
        answered_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except sa.exc.IntegrityError:  # the same answer arrived twice at once (double tap, two workers)
        raise LiveError(
            "You have already answered this question; your first answer counts."
        ) from None
    if participant.user_id is not None:  # a signed-in answer counts toward their own mastery
        tallies.count_answer(
            participant.user_id, item.id, now, score=1.0 if result.correct else 0.0
        )
    db.session.execute(
        sa.update(LiveParticipant)
        .where(LiveParticipant.id == participant.id)
        .values(score=LiveParticipant.score + points)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(participant)
    return row


def rank_of(participant: LiveParticipant) -> int:
    """1 + how many participants of the same session scored more."""
    better = (
        db.session.scalar(
            sa.select(sa.func.count(LiveParticipant.id)).where(
                LiveParticipant.session_id == participant.session_id,
                LiveParticipant.removed.is_(False),
                LiveParticipant.score > participant.score,
            )
        )
        or 0
    )
    return better + 1


@dataclass(frozen=True)
class ParticipantState:
    """The polling payload for one phone and the validator that goes with it."""

    payload: dict[str, Any]
    etag: str


def participant_state(
    session: PolledSession, participant: PolledParticipant | None, *, now: datetime | None = None
) -> ParticipantState:
    """The shared state plus this participant's bits; the ETag changes when either does.

    Once the session's grace period after ending is over, only ``closed_state`` is sent.
    """
    now = now or utcnow()
    if rules.is_closed(session.phase, session.ended_at, now):
        return ParticipantState(closed_state(session), f"s{session.id}-closed")
    payload = public_state(session, now=now)
    if participant is None:
        payload["participant"] = None
        etag = f"s{session.id}-r{session.revision}-anon"
    else:
        payload["participant"] = {"nickname": participant.nickname, "removed": participant.removed}
        # Not the score: it changes the moment an answer is graded, and the header would give
        # the answer away before the reveal.
        etag = f"s{session.id}-r{session.revision}-p{participant.id}-{int(participant.removed)}"
    return ParticipantState(payload, etag)


def closed_state(session: PolledSession) -> dict[str, Any]:
    """All a phone learns about a session whose grace period after ending is over."""
    return {
        "pin": session.pin,
        "phase": LivePhase.ENDED,
        "step": "closed",
        "closed": True,
        "message": "This session has ended.",
        "participant": None,
    }
