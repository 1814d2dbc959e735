"""After the session: per question (distribution, % correct) and per participant (score,
answers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from quizapp.core.spreadsheets import csv_text
from quizapp.extensions import db
from quizapp.live import rules
from quizapp.live.services import presented
from quizapp.models.accounts import User
from quizapp.models.content import Item
from quizapp.models.live import LiveAnswer, LiveParticipant, LiveSession


@dataclass
class QuestionReport:
    """One question of the session and how it went."""

    number: int
    item: Item
    answered: int = 0
    correct: int = 0
    options: list[tuple[str, int]] = field(default_factory=list)
    key: list[str] = field(default_factory=list)

    @property
    def percent_correct(self) -> int | None:
        """Share of answers that were fully correct, as a whole percentage."""
        return round(100 * self.correct / self.answered) if self.answered else None


@dataclass
class ParticipantReport:
    """One participant's score and their answer (or none) to each question."""

    participant: LiveParticipant
    answers: list[LiveAnswer | None]
    #: The account's email of a signed-in participant (for the trainer to tell people apart).
    email: str | None = None

    @property
    def correct(self) -> int:
        """How many questions this participant got fully right."""
        return sum(1 for a in self.answers if a is not None and a.correct)


@dataclass
class SessionReport:
    """The whole report."""

    session: LiveSession
    questions: list[QuestionReport]
    participants: list[ParticipantReport]


def session_report(session: LiveSession) -> SessionReport:
    """Build the report from four queries (items, per-question counts, participants, answers)."""
    items = {
        i.id: i for i in db.session.scalars(sa.select(Item).where(Item.id.in_(session.item_ids)))
    }
    questions = [
        QuestionReport(
            number=n + 1, item=items[item_id], key=list(items[item_id].body.get("answer", []))
        )
        for n, item_id in enumerate(session.item_ids)
        if item_id in items
    ]
    by_index = {q.number - 1: q for q in questions}
    grouped = db.session.execute(
        sa.select(
            LiveAnswer.question_index,
            sa.cast(LiveAnswer.answer, sa.Text).label("answer"),
            sa.func.count().label("n"),
            sa.func.sum(sa.case((LiveAnswer.correct, 1), else_=0)).label("right"),
        )
        .where(LiveAnswer.session_id == session.id)
        .group_by(LiveAnswer.question_index, sa.cast(LiveAnswer.answer, sa.Text))
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for row in grouped:
        question = by_index.get(row.question_index)
        if question is None:
            continue
        question.answered += row.n
        question.correct += int(row.right or 0)
        counts.setdefault(row.question_index, {})[row.answer] = row.n
    for index, question in by_index.items():
        question.options = rules.distribution(
            presented(session, question.item).options, counts.get(index, {})
        )
    people = db.session.execute(
        sa.select(LiveParticipant, User.email)
        .outerjoin(User, User.id == LiveParticipant.user_id)
        .where(LiveParticipant.session_id == session.id)
        .order_by(LiveParticipant.removed, LiveParticipant.score.desc(), LiveParticipant.joined_at)
    ).all()
    answers: dict[tuple[int, int], LiveAnswer] = {
        (a.participant_id, a.question_index): a
        for a in db.session.scalars(
            sa.select(LiveAnswer).where(LiveAnswer.session_id == session.id)
        )
    }
    rows = [
        ParticipantReport(p, [answers.get((p.id, n)) for n in range(len(session.item_ids))], email)
        for p, email in people
    ]
    return SessionReport(session=session, questions=questions, participants=rows)


CSV_HEADER = (
    "participant",
    "signed_in",
    "removed",
    "total_score",
    "question",
    "item_key",
    "prompt",
    "answer",
    "correct",
    "points",
    "answered_at",
)


def report_csv(report: SessionReport) -> str:
    """One row per participant and question (blank answer when they did not answer)."""
    items = {q.number - 1: q.item for q in report.questions}
    rows: list[list[Any]] = []
    for row in report.participants:
        p = row.participant
        for index, answer in enumerate(row.answers):
            item = items.get(index)
            rows.append(
                [
                    p.nickname,
                    "yes" if p.user_id else "no",
                    "yes" if p.removed else "no",
                    p.score,
                    index + 1,
                    item.key if item else "",
                    item.prompt if item else "",
                    "; ".join(_as_texts(answer.answer)) if answer else "",
                    ("yes" if answer.correct else "no") if answer else "",
                    answer.points if answer else "",
                    answer.answered_at.isoformat(timespec="seconds") if answer else "",
                ]
            )
    return csv_text(CSV_HEADER, rows)


def _as_texts(answer: Any) -> list[str]:
    if isinstance(answer, list):
        return [str(a) for a in answer]
    if isinstance(answer, dict):
        return [f"{k} → {v}" for k, v in answer.items()]
    return [str(answer)]
