"""A question kind is one class: a toy kind registered here goes through the content build and
checks, the export, a sync into the database, a quiz (its page, the answer form, grading, the
results) and the flashcard faces without touching any other module."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from quizapp.cohorts.forms import QuizAssignmentForm
from quizapp.content.bank import Bank, build_bank
from quizapp.content.checks import run_checks
from quizapp.content.export import export_json
from quizapp.content.generators.common import difficulty, make
from quizapp.content.services import sync_bank
from quizapp.extensions import db
from quizapp.items.kinds import (
    CardFaces,
    EditorField,
    Grade,
    Presentation,
    PresentedItem,
    QuestionKind,
    all_kinds,
    card_faces,
    flashcard_kinds,
    gradable_kinds,
    kind_label,
    live_kinds,
    quiz_kinds,
    register,
    unregister,
)
from quizapp.live.forms import NewSessionForm
from quizapp.models import Attempt, Item, Response
from quizapp.quiz import services as quiz
from quizapp.quiz.forms import BuildQuizForm
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
TOY_ID = "toy.year.untoc-adopted"


class YearKind(QuestionKind):
    """Type a year; right when it is the year in the body."""

    name = "year"
    label = "Year (typed)"
    short_label = "year"
    base_difficulty = 0.5
    gradable = in_quiz = True
    editor_fields = (EditorField("answer", "Year", "text"),)

    def present(
        self, prompt: str, body: dict[str, Any], *, seed: int | str, item_key: str
    ) -> PresentedItem:
        return PresentedItem(kind=Presentation.TEXT, prompt=prompt)

    def clean(self, body: dict[str, Any], raw: Any) -> Any:
        text = raw.strip() if isinstance(raw, str) else ""
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError("Type a year, such as 1999.")
        return int(text)

    def grade(self, body: dict[str, Any], answer: Any) -> Grade:
        correct = answer == body["answer"]
        return Grade(1.0 if correct else 0.0, correct, body["answer"])

    def faces(self, prompt: str, body: dict[str, Any]) -> CardFaces:
        return CardFaces(front=prompt, back="Year", answer_lines=(str(body["answer"]),))

    def export_answer(self, body: dict[str, Any]) -> Any:
        return [body["answer"]]

    def problems(self, prompt: str, body: dict[str, Any]) -> list[str]:
        return [] if isinstance(body.get("answer"), int) else ["year answer must be a number"]


@pytest.fixture
def year_kind() -> Iterator[QuestionKind]:
    """The toy kind, registered for one test."""
    kind = register(YearKind())
    yield kind
    unregister(kind.name)


def _bank_with(item_body: dict[str, Any]) -> tuple[Bank, Any]:
    bank = build_bank(ROOT)
    topic = next(iter(bank.pack.topics))
    spec = make(
        id=TOY_ID,
        kind="year",
        topic=topic,
        origin="background",
        prompt="In which year did the UN General Assembly adopt UNTOC?",
        body=item_body,
        explanation="Resolution 55/25 adopted the Convention on 15 November 2000.",
        difficulty=difficulty("year"),
        instrument="UNTOC",
        provision="General Assembly resolution 55/25",
        skill="recall",
    )
    return replace(bank, items=(*bank.items, spec)), spec


def test_registry_lists_derive_from_the_classes(year_kind):
    assert all_kinds()[-1] == "year"
    assert "year" in quiz_kinds() and "year" in gradable_kinds()
    assert "year" not in flashcard_kinds() and "year" not in live_kinds()
    assert kind_label("year") == "Year (typed)"
    assert card_faces("year", "When?", {"answer": 2000}).answer_lines == ("2000",)


def test_toy_kind_is_built_checked_and_exported(year_kind):
    bank, spec = _bank_with({"answer": 2000})
    report = run_checks(bank)
    assert not [p for p in report.problems if p.startswith(TOY_ID)]
    assert "year" in report.summary.splitlines()[1]  # its own column in the summary
    record = next(i for i in json.loads(export_json(bank))["items"] if i["id"] == TOY_ID)
    assert record["kind"] == "year" and record["answer"] == [2000]
    assert spec.difficulty == 0.5

    broken, _ = _bank_with({"answer": "two thousand"})
    assert f"{TOY_ID}: year answer must be a number" in run_checks(broken).problems


def test_toy_kind_is_synced_quizzed_and_graded(year_kind, app, client, auth):
    bank, _ = _bank_with({"answer": 2000})
    sync_bank(bank)
    learner = factories.make_user("learner@example.org")
    db.session.commit()
    item = db.session.scalar(sa.select(Item).where(Item.key == TOY_ID))
    assert item is not None and item.kind == "year"

    attempt = quiz.start_attempt(
        learner, topic_ids=[], kinds=["year"], length=5, origin="both", mode="practice", seed=1
    )
    db.session.commit()
    assert attempt.item_ids == [item.id]

    auth.login()
    page = client.get(f"/quiz/{attempt.id}/q/1").text
    assert "In which year" in page and 'name="answer"' in page
    refused = client.post(f"/quiz/{attempt.id}/q/1", data={"answer": "soon"})
    assert "Type a year, such as 1999." in refused.text
    client.post(f"/quiz/{attempt.id}/q/1", data={"answer": "2000"})

    response = db.session.scalar(sa.select(Response).where(Response.attempt_id == attempt.id))
    assert response is not None and response.answer == 2000 and response.correct
    finished = db.session.get(Attempt, attempt.id)
    assert finished is not None and finished.score == 1.0
    assert client.get(f"/quiz/{attempt.id}/results").status_code == 200


def test_forms_offer_a_kind_registered_after_their_import(year_kind, app):
    """The quiz, assignment and live forms read the registry when a form is created (their
    modules were imported at collection, before the toy kind was registered)."""
    with app.test_request_context():
        quiz_form, assignment_form, live_form = (
            BuildQuizForm(),
            QuizAssignmentForm(),
            NewSessionForm(),
        )
        assert ("year", "Year (typed)") in [(c.value, c.label) for c in quiz_form.kinds.choices]
        assignment_kinds = [c.value for c in assignment_form.kinds.choices]
        assert "year" in assignment_kinds and "year" in assignment_form.kinds.data
        # A live session asks only kinds marked in_live; the toy kind is not one.
        assert "year" not in [c.value for c in live_form.kinds.choices]
        assert "single_choice" in live_form.kinds.data
    with app.test_request_context():
        unregister("year")
        try:
            assert "year" not in [c.value for c in BuildQuizForm().kinds.choices]
        finally:
            register(year_kind)
