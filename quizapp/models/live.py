"""Live classroom sessions: all state in the database so any worker can serve any request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.enums import LivePhase, sql_in
from quizapp.models.base import Model, utcnow


class LiveSession(Model):
    """A trainer-paced quiz. ``revision`` grows on every change and feeds the polling ETag."""

    __tablename__ = "live_session"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    pin: so.Mapped[str] = so.mapped_column(sa.String(6), unique=True)
    trainer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id"), index=True)
    cohort_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("cohort.id", ondelete="SET NULL"), index=True
    )
    #: the course the questions are drawn from
    course_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("course.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    item_ids: so.Mapped[list[int]] = so.mapped_column(sa.JSON)
    allow_guests: so.Mapped[bool] = so.mapped_column(default=True)
    speed_bonus: so.Mapped[bool] = so.mapped_column(default=True)
    show_leaderboard: so.Mapped[bool] = so.mapped_column(default=True)
    seconds_per_question: so.Mapped[int | None]
    phase: so.Mapped[str] = so.mapped_column(sa.String(16), default=LivePhase.LOBBY)
    question_index: so.Mapped[int] = so.mapped_column(default=-1)
    question_opened_at: so.Mapped[datetime | None]
    question_deadline: so.Mapped[datetime | None]
    revision: so.Mapped[int] = so.mapped_column(default=1)
    settings: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    ended_at: so.Mapped[datetime | None]

    __table_args__ = (sa.CheckConstraint(sql_in("phase", LivePhase), name="phase_known"),)


class LiveParticipant(Model):
    """Someone in a live session: a signed-in learner or a guest with a nickname."""

    __tablename__ = "live_participant"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("live_session.id", ondelete="CASCADE")
    )
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    nickname: so.Mapped[str] = so.mapped_column(sa.String(40))
    token: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    score: so.Mapped[int] = so.mapped_column(default=0)
    removed: so.Mapped[bool] = so.mapped_column(default=False)
    joined_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("session_id", "nickname"),
        sa.UniqueConstraint("session_id", "user_id"),
    )


class LiveAnswer(Model):
    """One participant's answer to one question of a session, stored at most once."""

    __tablename__ = "live_answer"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("live_session.id", ondelete="CASCADE")
    )
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("live_participant.id", ondelete="CASCADE"), index=True
    )
    question_index: so.Mapped[int]
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id"), index=True)
    answer: so.Mapped[Any] = so.mapped_column(sa.JSON)
    correct: so.Mapped[bool]
    points: so.Mapped[int] = so.mapped_column(default=0)
    answered_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("session_id", "participant_id", "question_index"),)
