"""A learner's own live-session answers: the sessions they joined signed in, and each answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so
from werkzeug.exceptions import NotFound

from quizapp.extensions import db
from quizapp.models import Item, LiveAnswer, LiveParticipant, LiveSession


@dataclass(frozen=True)
class SessionSummary:
    """One session the learner took part in."""

    session_id: int
    title: str
    held_at: datetime
    score: int
    answered: int
    correct: int
    questions: int


@dataclass(frozen=True)
class AnswerRow:
    """One question of a session with the learner's answer (None when they did not answer)."""

    position: int
    item: Item
    answer: object
    correct: bool | None
    points: int


def sessions_for(user_id: int, limit: int = 20) -> list[SessionSummary]:
    """The learner's sessions, newest first, with their score and answer counts (one query)."""
    answers = (
        sa.select(
            LiveAnswer.participant_id,
            sa.func.count(LiveAnswer.id).label("answered"),
            sa.func.count(sa.case((LiveAnswer.correct.is_(True), LiveAnswer.id))).label("correct"),
        )
        .group_by(LiveAnswer.participant_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(LiveSession, LiveParticipant.score, answers.c.answered, answers.c.correct)
        .join(LiveParticipant, LiveParticipant.session_id == LiveSession.id)
        .outerjoin(answers, answers.c.participant_id == LiveParticipant.id)
        .where(LiveParticipant.user_id == user_id)
        .order_by(LiveSession.created_at.desc(), LiveSession.id.desc())
        .limit(limit)
    )
    return [
        SessionSummary(
            s.id,
            s.title or f"Session {s.pin}",
            s.created_at,
            score,
            answered or 0,
            correct or 0,
            len(s.item_ids),
        )
        for s, score, answered, correct in rows
    ]


def answers_in(
    user_id: int, session_id: int
) -> tuple[LiveSession, LiveParticipant, list[AnswerRow]]:
    """Every question of a session the learner joined, with their answers; 404 for anyone else."""
    row = db.session.execute(
        sa.select(LiveSession, LiveParticipant)
        .join(LiveParticipant, LiveParticipant.session_id == LiveSession.id)
        .where(LiveSession.id == session_id, LiveParticipant.user_id == user_id)
    ).first()
    if row is None:
        raise NotFound()
    session, participant = row
    items = {
        item.id: item
        for item in db.session.scalars(
            sa.select(Item)
            .where(Item.id.in_(session.item_ids))
            .options(so.selectinload(Item.passage))
        )
    }
    given = {
        a.question_index: a
        for a in db.session.scalars(
            sa.select(LiveAnswer).where(LiveAnswer.participant_id == participant.id)
        )
    }
    rows = []
    for index, item_id in enumerate(session.item_ids):
        answer = given.get(index)
        rows.append(
            AnswerRow(
                index + 1,
                items[item_id],
                answer.answer if answer else None,
                answer.correct if answer else None,
                answer.points if answer else 0,
            )
        )
    return session, participant, rows
