"""What the presenter's big screen and a participant's phone show in each phase."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quizapp.enums import LivePhase
from quizapp.extensions import db
from quizapp.live import play, rules, services
from quizapp.models.base import utcnow
from quizapp.models.live import LiveAnswer, LiveParticipant, LiveSession


def summary(session: LiveSession) -> dict[str, Any]:
    """Totals for the end screen: participants, questions asked, answers and share correct."""
    row = db.session.execute(
        sa.select(
            sa.func.count(LiveAnswer.id).label("answers"),
            sa.func.sum(sa.case((LiveAnswer.correct, 1), else_=0)).label("right"),
        ).where(LiveAnswer.session_id == session.id)
    ).one()
    people = (
        db.session.scalar(
            sa.select(sa.func.count(LiveParticipant.id)).where(
                LiveParticipant.session_id == session.id, LiveParticipant.removed.is_(False)
            )
        )
        or 0
    )
    answers, right = row.answers or 0, int(row.right or 0)
    return {
        "participants": people,
        "questions": min(session.question_index + 1, len(session.item_ids)),
        "answers": answers,
        "percent_correct": round(100 * right / answers) if answers else None,
    }


def letters(options: Sequence[str]) -> dict[str, str]:
    """Each option's letter in the order shown (A, B, C, …), the same on every screen."""
    return {option: rules.option_letter(n) for n, option in enumerate(options)}


def presenter_context(session: LiveSession, *, now: datetime | None = None) -> dict[str, Any]:
    """Template values for the presenter view in the session's current phase."""
    now = now or utcnow()
    context: dict[str, Any] = {
        "session": session,
        "phase": session.phase,
        "number": session.question_index + 1,
        "total": len(session.item_ids),
    }
    people = services.participants(session)
    context["participants"] = people
    item = services.current_item(session)
    if session.phase in {LivePhase.QUESTION, LivePhase.REVEAL} and item is not None:
        shown = services.presented(session, item)
        context |= {"item": item, "shown": shown, "letter_of": letters(shown.options)}
        if session.phase == LivePhase.QUESTION:
            context |= {
                "answers": services.answer_count(session),
                "seconds_left": rules.seconds_left(session.question_deadline, now),
            }
        else:
            context["reveal"] = services.reveal(session, item, shown)
    if session.phase == LivePhase.LEADERBOARD:
        context["leaders"] = services.leaderboard(session)
    if session.phase == LivePhase.ENDED:
        context |= {"leaders": services.leaderboard(session), "summary": summary(session)}
    return context


def participant_context(
    session: LiveSession, participant: LiveParticipant, *, now: datetime | None = None
) -> dict[str, Any]:
    """Template values for one participant's phone in the session's current phase."""
    now = now or utcnow()
    context: dict[str, Any] = {
        "session": session,
        "me": participant,
        "phase": session.phase,
        "filling_in": False,
        "number": session.question_index + 1,
        "total": len(session.item_ids),
        "score": participant.score,
    }
    if rules.is_closed(session.phase, session.ended_at, now):
        return context | {"phase": "closed"}
    if participant.removed:
        return context | {"phase": "removed"}
    item = services.current_item(session)
    if session.phase in {LivePhase.QUESTION, LivePhase.REVEAL} and item is not None:
        shown = services.presented(session, item)
        mine = play.own_answer(session, participant)
        context |= {
            "item": item,
            "shown": shown,
            "letter_of": letters(shown.options),
            "mine": mine,
        }
        if session.phase == LivePhase.QUESTION:
            # Points (and so correctness) appear only at the reveal: until then the score
            # shown leaves out this question's answer.
            context["score"] = participant.score - (mine.points if mine else 0)
            context |= {
                "seconds_left": rules.seconds_left(session.question_deadline, now),
                "open": rules.answer_window_open(session.question_deadline, now),
            }
            context["filling_in"] = context["open"] and context["mine"] is None
    if session.phase in {LivePhase.LEADERBOARD, LivePhase.ENDED}:
        context["rank"] = play.rank_of(participant)
    if session.phase == LivePhase.ENDED:
        context["leaders"] = services.leaderboard(session, limit=3)
    return context
