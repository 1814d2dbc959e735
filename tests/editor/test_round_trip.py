"""Each kind through the editor: create → edit → publish → a learner meets it (quiz or cards)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from quizapp.enums import CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.items.kinds import all_kinds, get_kind
from quizapp.models import Item, ItemRevision
from tests import factories
from tests.editor.conftest import CourseWorld

QUOTE = "Trafficking in persons shall mean the recruitment"

BODY_FIELDS: dict[str, dict[str, Any]] = {
    "case_study": {
        "b_title": "A recruiter in the village",
        "b_intro": "A recruiter offers jobs abroad for a fee.",
        "b_steps": yaml.safe_dump(factories.case_body()["steps"], sort_keys=False),
    },
    "single_choice": {
        "prompt": "Which act is named in the definition of trafficking in persons?",
        "b_options_0": "Recruitment",
        "b_options_1": "Taxation",
        "b_options_2": "Tourism",
        "b_options_3": "Translation",
        "b_answer": "0",
    },
    "multiple_response": {
        "prompt": "Which acts are named in the definition? Select all that apply.",
        "b_options_0": "Recruitment",
        "b_options_1": "Harbouring",
        "b_options_2": "Tourism",
        "b_options_3": "Taxation",
        "b_answer": ["0", "1"],
    },
    "true_false": {
        "prompt": "True or false: the definition names the harbouring of persons.",
        "b_answer": "True",
    },
    "scenario": {
        "prompt": "A recruiter moves a worker by the threat of force. How is this best classified?",
        "b_options_0": "Trafficking in persons",
        "b_options_1": "Smuggling of migrants",
        "b_options_2": "Lawful labour migration",
        "b_answer": "0",
    },
    "matching": {
        "prompt": "Match each article with its subject.",
        "b_pairs_0_left": "Article 3",
        "b_pairs_0_right": "Definitions",
        "b_pairs_1_left": "Article 6",
        "b_pairs_1_right": "Assistance to victims",
        "b_pairs_2_left": "Article 9",
        "b_pairs_2_right": "Prevention",
    },
    "gap_fill": {
        "prompt": "Fill the gap: trafficking means the ____ of persons by the threat of force.",
        "b_answer": "recruitment",
        "b_accepted": "recruiting",
    },
    "cloze": {
        "b_text": "Trafficking in persons shall mean the ____ of persons.",
        "b_answer": "recruitment",
        "b_accepted": "",
    },
    "flashcard": {
        "b_front": "What does Article 6 ask each State Party to consider?",
        "b_back": "Measures for the recovery of victims of trafficking.",
    },
}


def form_data(world: CourseWorld, kind: str, **overrides: Any) -> dict[str, Any]:
    """A complete, valid item form of ``kind`` citing the first passage."""
    data = {
        "explanation": "Article 3 (a) lists the acts of the definition.",
        "topic_id": str(world.topics[0].id),
        "difficulty": "0.5",
        "origin": "document",
        "passage_id": str(world.passages[0].id),
        "quote": QUOTE,
        "save": "Save",
        **BODY_FIELDS[kind],
    }
    data.update(overrides)
    return data


def test_every_kind_has_form_data() -> None:
    assert set(BODY_FIELDS) == set(all_kinds())


@pytest.mark.parametrize("kind", sorted(BODY_FIELDS))
def test_create_edit_publish_and_a_learner_meets_it(client, auth, world: CourseWorld, kind: str):
    auth.login("trainer@example.org")
    page = client.get(f"/courses/palermo/items/new?kind={kind}")
    assert page.status_code == 200
    created = client.post(f"/courses/palermo/items/new?kind={kind}", data=form_data(world, kind))
    assert created.status_code == 302, created.get_data(as_text=True)
    item = db.session.scalar(sa.select(Item).where(Item.course_id == world.course.id))
    assert item is not None and item.kind == kind
    assert item.status == ItemStatus.DRAFT and item.version == 1
    assert item.created_by_id == world.author.id and item.quote == QUOTE

    edit_page = client.get(f"/courses/palermo/items/{item.id}/edit")
    assert edit_page.status_code == 200
    # The edit form shows the saved values (round trip through editor_values).
    html = edit_page.get_data(as_text=True)
    for value in BODY_FIELDS[kind].values():
        if isinstance(value, str) and len(value) > 2 and value not in ("Save", "True"):
            assert value.replace("'", "&#39;") in html, value

    edited = form_data(world, kind, explanation="Article 3 (a) defines trafficking in persons.")
    response = client.post(f"/courses/palermo/items/{item.id}/edit", data=edited)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert item.version == 2 and item.explanation.startswith("Article 3 (a) defines")
    revisions = db.session.scalars(
        sa.select(ItemRevision).where(ItemRevision.item_id == item.id)
    ).all()
    assert [r.version for r in revisions] == [1, 2]
    assert all(r.author_id == world.author.id for r in revisions)

    published = client.post(
        f"/courses/palermo/items/{item.id}/status", data={"target": "published"}
    )
    assert published.status_code == 302
    db.session.expire_all()
    assert item.status == ItemStatus.PUBLISHED and item.version == 3

    learner = factories.make_user("learner@example.org")
    world.course.visibility = CourseVisibility.PUBLIC  # the author opens the course to learners
    db.session.commit()
    auth.logout()
    auth.login(learner.email)
    topic_id = world.topics[0].id
    if kind == "case_study":  # cases are played at /cases, not quizzed
        listed = client.get("/cases").get_data(as_text=True)
        assert "A recruiter in the village" in listed
    elif get_kind(kind).in_quiz:
        started = client.post(
            "/quiz",
            data={
                "topics": [str(topic_id)],
                "kinds": [kind],
                "length": "5",
                "origin": "both",
                "mode": "practice",
            },
        )
        assert started.status_code == 302, started.get_data(as_text=True)
        question = client.get(started.headers["Location"])
        assert item.prompt.split(":")[0] in question.get_data(as_text=True)
    else:
        card = client.get(f"/study?topic={topic_id}")
        front = get_kind(kind).faces(item.prompt, item.body).front
        assert front.split("____")[0] in card.get_data(as_text=True).replace("&#39;", "'")
