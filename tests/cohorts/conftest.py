"""Fixtures for cohort tests: a trainer with a cohort of two learners, and a query counter."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from quizapp.extensions import db
from quizapp.models import Cohort, User
from tests import factories
from tests.querycount import count_queries  # noqa: F401  (re-exported for the cohorts tests)


@dataclass
class World:
    """A trainer running a cohort of two learners, another trainer, an outsider and an admin."""

    trainer: User
    other_trainer: User
    learner: User
    learner2: User
    outsider: User
    admin: User
    cohort: Cohort
    other_cohort: Cohort


@pytest.fixture
def world(app: Flask) -> World:
    """The cast every cohort test needs, committed."""
    trainer = factories.make_user("trainer@example.org", role="trainer", name="Tina Trainer")
    other = factories.make_user("other@example.org", role="trainer", name="Otto Other")
    learner = factories.make_user("learner@example.org", name="Lea Learner")
    learner2 = factories.make_user("learner2@example.org", name="Leo Learner")
    outsider = factories.make_user("outsider@example.org", name="Olga Outsider")
    admin = factories.make_user("admin@example.org", role="admin", name="Ada Admin")
    cohort = factories.make_cohort(
        trainer, "Inspectors", learners=(learner, learner2), join_code="ABCDEFGH"
    )
    other_cohort = factories.make_cohort(
        other, "Other group", learners=(outsider,), join_code="QRSTWXYZ"
    )
    db.session.commit()
    return World(trainer, other, learner, learner2, outsider, admin, cohort, other_cohort)
