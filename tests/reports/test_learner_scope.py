"""A trainer sees a learner's work in the trainer's own cohorts only (issue 9): a learner in two
trainers' cohorts shows each trainer their own assignments, never the other's."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from quizapp.extensions import db
from quizapp.models import Membership
from quizapp.reports.learner_report import TRAINER_SCOPE
from tests import factories


@pytest.fixture
def shared(world):
    """Learner 0 in both trainers' cohorts, with work for each and a self-study quiz."""
    learner = world.learners[0]
    db.session.add(Membership(cohort_id=world.other_cohort.id, user_id=learner.id, role="learner"))
    mine = factories.make_assignment(world.cohort, title="Alpha week quiz")
    theirs = factories.make_assignment(world.other_cohort, title="Bravo secret quiz")
    a, b, c, d = world.items
    factories.make_scored_attempt(learner, [(a, 0.0), (b, 1.0)], assignment=mine)
    factories.make_scored_attempt(learner, [(c, 0.0), (d, 0.25)], assignment=theirs)
    factories.make_scored_attempt(learner, [(d, 0.0)], mode="practice")  # self-study
    db.session.commit()
    return learner, world.items


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    if response.mimetype in ("text/csv", "text/html"):
        return response.get_data(as_text=True)
    book = load_workbook(io.BytesIO(response.data))
    return "\n".join(
        str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value
    )


def _downloads(client, learner_id: int) -> dict[str, str]:
    base = f"/reports/learners/{learner_id}"
    paths = [base, f"{base}.xlsx"] + [
        f"{base}/{name}.csv" for name in ("quizzes", "missed", "assignments", "mastery")
    ]
    return {path: _text(client.get(path)) for path in paths}


@pytest.mark.parametrize(
    ("email", "own", "other"),
    [
        ("trainer@example.org", "Alpha week quiz", ("Bravo secret quiz", "Consular staff")),
        ("other@example.org", "Bravo secret quiz", ("Alpha week quiz", "Inspectors")),
    ],
)
def test_each_trainer_sees_only_their_cohorts_work(client, auth, world, shared, email, own, other):
    learner, items = shared
    auth.login(email)
    pages = _downloads(client, learner.id)
    for path, text in pages.items():
        for secret in other:
            assert secret not in text, (path, secret)
        assert "Self-study" not in text, path
    assert own in pages[f"/reports/learners/{learner.id}/quizzes.csv"]
    assert own in pages[f"/reports/learners/{learner.id}/assignments.csv"]
    history = list(csv.reader(io.StringIO(pages[f"/reports/learners/{learner.id}/quizzes.csv"])))
    assert len(history) == 2  # the header and their own assignment's attempt
    missed = pages[f"/reports/learners/{learner.id}/missed.csv"]
    # Trainer A's assignment missed item 0; trainer B's missed items 2 and 3 (self-study: item 3).
    mine, theirs = ([0], [2, 3]) if own.startswith("Alpha") else ([2, 3], [0])
    assert all(items[n].prompt in missed for n in mine)
    assert not any(items[n].prompt in missed for n in theirs)


def test_the_page_states_what_a_trainer_sees(client, auth, world, shared):
    learner, _items = shared
    auth.login("trainer@example.org")
    page = client.get(f"/reports/learners/{learner.id}").get_data(as_text=True)
    assert "What you see:" in page
    assert TRAINER_SCOPE.split("(")[0].replace("'", "&#39;") in page


def test_the_learner_still_sees_all_of_their_own_work(client, auth, world, shared):
    learner, _items = shared
    auth.login(learner.email)
    pages = _downloads(client, learner.id)
    everything = "\n".join(pages.values())
    for title in ("Alpha week quiz", "Bravo secret quiz", "Consular staff", "Inspectors"):
        assert title in everything
    assert "Self-study" in pages[f"/reports/learners/{learner.id}"]
    assert "What you see:" not in pages[f"/reports/learners/{learner.id}"]
