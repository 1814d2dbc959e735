"""Data for the report tests: a trainer, a cohort of learners, items and their answers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from quizapp.core import tallies
from quizapp.extensions import db
from quizapp.models import Cohort, Item, LiveAnswer, LiveParticipant, LiveSession, User
from tests import factories


@dataclass
class World:
    """Named objects of the fixed data set."""

    trainer: User
    other_trainer: User
    admin: User
    learners: list[User]
    outsider: User
    cohort: Cohort
    other_cohort: Cohort
    items: list[Item]


#: Rows: learners; columns: items. The first-attempt scores of the assignment (partial credit
#: included).
MATRIX = [
    [1.0, 1.0, 0.0, 1.0],
    [1.0, 0.0, 0.0, 0.5],
    [0.0, 1.0, 1.0, 1.0],
    [1.0, 1.0, 1.0, 1.0],
    [0.0, 0.0, 0.0, 0.5],
    [1.0, 0.5, 0.0, 0.0],
]


@pytest.fixture
def world(app: Flask) -> World:
    """Trainer with a cohort of six learners; another trainer's cohort with the outsider."""
    trainer = factories.make_user("trainer@example.org", role="trainer")
    other_trainer = factories.make_user("other@example.org", role="trainer")
    admin = factories.make_user("admin@example.org", role="admin")
    learners = [
        factories.make_user(f"learner{n}@example.org", name=f"Learner {n}")
        for n in range(len(MATRIX))
    ]
    outsider = factories.make_user("outsider@example.org", name="Outsider")
    cohort = factories.make_cohort(trainer, "Inspectors", learners=tuple(learners))
    other_cohort = factories.make_cohort(other_trainer, "Consular staff", learners=(outsider,))
    topic = factories.make_topic(title="Smuggling and trafficking")
    items = [
        factories.make_item(topic=topic, passage=factories.make_passage(f"area-1-p{n}"))
        for n in range(4)
    ]
    db.session.commit()
    return World(trainer, other_trainer, admin, learners, outsider, cohort, other_cohort, items)


def add_live_session(
    trainer: User, cohort: Cohort | None, items: list[Item], answers: list[list[bool]]
) -> LiveSession:
    """A finished live session of ``items`` with one participant per row of ``answers``."""
    session = LiveSession(
        course_id=factories.default_course().id,
        pin=f"{len(answers):02d}{items[0].id:04d}"[-6:],
        trainer_id=trainer.id,
        cohort_id=cohort.id if cohort else None,
        title="Friday live",
        item_ids=[i.id for i in items],
        phase="ended",
    )
    db.session.add(session)
    db.session.flush()
    for n, row in enumerate(answers):
        participant = LiveParticipant(
            session_id=session.id, nickname=f"guest{n}", token=f"tok-{session.id}-{n}"
        )
        db.session.add(participant)
        db.session.flush()
        for index, (item, correct) in enumerate(zip(items, row, strict=True)):
            db.session.add(
                LiveAnswer(
                    session_id=session.id,
                    participant_id=participant.id,
                    question_index=index,
                    item_id=item.id,
                    answer=None,
                    correct=correct,
                    points=1000 if correct else 0,
                )
            )
    db.session.flush()
    tallies.rebuild()  # rows inserted directly bypass the running totals
    return session
