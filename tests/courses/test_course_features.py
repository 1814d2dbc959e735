"""Learner and trainer features draw from courses: study, the quiz builder, the dashboard,
cohorts, their assignments and live sessions never reach items of another course."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.cohorts.assignments import start_quiz
from quizapp.content.services import builtin_course
from quizapp.enums import CourseVisibility, ItemStatus
from quizapp.extensions import db
from quizapp.models import Attempt, CardState, Cohort, Item, LiveSession, Membership, ReviewLog
from tests.courses.helpers import make_course
from tests.factories import (
    make_assignment,
    make_cohort,
    make_item,
    make_passage,
    make_topic,
    make_user,
)


def _courses_of(item_ids: list[int]) -> set[int]:
    return set(db.session.scalars(sa.select(Item.course_id).where(Item.id.in_(item_ids))))


def _two_courses():
    """The built-in course and a public one, each with a topic and published quiz items, and a
    private course nobody here may see."""
    builtin = builtin_course()
    other = make_course(title="Smuggling protocol")
    hidden = make_course(slug="hidden", visibility=CourseVisibility.PRIVATE)
    topics = {}
    for course, title in (
        (builtin, "Built-in topic"),
        (other, "Smuggling topic"),
        (hidden, "Hidden topic"),
    ):
        topic = topics[course.slug] = make_topic(course=course, title=title)
        for n in range(6):
            make_item("single_choice", topic=topic, prompt=f"{title} question {n}?")
            make_item("flashcard", topic=topic, prompt=f"{title} card {n}?")
        make_item("single_choice", topic=topic, prompt=f"{title} draft?", status=ItemStatus.DRAFT)
    return builtin, other, hidden, topics


def test_quiz_builder_offers_the_chosen_course_topics_and_draws_only_from_it(app, client, auth):
    builtin, other, _, _ = _two_courses()
    learner = make_user()
    db.session.commit()
    auth.login()
    everything = client.get("/quiz").get_data(as_text=True)
    assert "Built-in topic" in everything and "Smuggling topic" in everything
    assert "Hidden topic" not in everything
    one = client.get("/quiz?course=smuggling").get_data(as_text=True)
    assert "Smuggling topic" in one and "Built-in topic" not in one
    response = client.post(
        "/quiz", data={"course": "smuggling", "length": 10, "origin": "both", "mode": "practice"}
    )
    assert response.status_code == 302
    attempt = db.session.scalar(sa.select(Attempt).filter_by(user_id=learner.id))
    courses = set(
        db.session.scalars(sa.select(Item.course_id).where(Item.id.in_(attempt.item_ids)))
    )
    assert courses == {other.id} and len(attempt.item_ids) == 6  # published only
    # without a course: every visible course, never the hidden one
    client.post("/quiz", data={"length": 50, "origin": "both", "mode": "practice"})
    latest = db.session.scalars(
        sa.select(Attempt).filter_by(user_id=learner.id).order_by(Attempt.id.desc())
    ).first()
    courses = set(db.session.scalars(sa.select(Item.course_id).where(Item.id.in_(latest.item_ids))))
    assert courses == {builtin.id, other.id}
    # a hidden course's slug is ignored: the builder shows all visible courses' topics
    assert "Hidden topic" not in client.get("/quiz?course=hidden").get_data(as_text=True)


def test_study_draws_cards_of_the_chosen_course(app, client, auth):
    _two_courses()
    make_user()
    db.session.commit()
    auth.login()
    page = client.get("/study?course=smuggling").get_data(as_text=True)
    assert "Smuggling topic · New card" in page and "Built-in topic" not in page
    assert 'selected value="smuggling"' in page
    hidden = client.get("/study?course=hidden").get_data(as_text=True)
    assert "Hidden topic" not in hidden


def test_dashboard_lists_the_learners_courses(app, client, auth):
    builtin, _, _, _ = _two_courses()
    make_user()
    db.session.commit()
    auth.login()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Your courses" in page and f'/courses/{builtin.slug}"' in page
    assert "/study?course=us-response-2017" in page and "Smuggling protocol" not in page
    client.post("/courses/smuggling/enrol")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "/quiz?course=smuggling" in page and f'/courses/{builtin.slug}"' in page
    assert "Hidden topic" not in page


def test_cohort_chooses_its_course_and_assignments_draw_from_it(app, client, auth):
    _, other, _, topics = _two_courses()
    make_user("t@example.org", role="trainer")
    learner = make_user()
    db.session.commit()
    auth.login("t@example.org")
    form = client.get("/cohorts/new").get_data(as_text=True)
    assert "Smuggling protocol" in form and "Hidden" not in form
    refused = client.post("/cohorts/new", data={"name": "Inspectors", "course": "hidden"})
    assert refused.status_code == 200 and db.session.scalar(sa.select(Cohort.id)) is None
    client.post("/cohorts/new", data={"name": "Inspectors", "course": "smuggling"})
    cohort = db.session.scalar(sa.select(Cohort))
    assert cohort.course_id == other.id
    page = client.get(f"/cohorts/{cohort.id}/assignments/new-quiz").get_data(as_text=True)
    assert "Smuggling topic" in page and "Built-in topic" not in page
    wrong = client.post(
        f"/cohorts/{cohort.id}/assignments/new-goal",
        data={"topics": [topics["us-response-2017"].id]},
    )
    assert wrong.status_code == 200  # a topic of another course is not a choice
    # the quiz itself draws only from the cohort's course
    db.session.add(Membership(cohort_id=cohort.id, user_id=learner.id, role="learner"))
    task = make_assignment(cohort, topics=(), length=10)
    db.session.commit()
    attempt = db.session.get(Attempt, start_quiz(learner, task))
    courses = set(
        db.session.scalars(sa.select(Item.course_id).where(Item.id.in_(attempt.item_ids)))
    )
    assert courses == {other.id}


def test_live_session_draws_from_the_cohort_course_or_the_chosen_one(app, client, auth):
    builtin, other, _, _ = _two_courses()
    trainer = make_user("t@example.org", role="trainer")
    cohort = make_cohort(trainer, course_id=other.id)
    db.session.commit()
    auth.login("t@example.org")
    form = {
        "title": "Friday",
        "count": 5,
        "kinds": ["single_choice"],
        "seconds_per_question": 20,
        "submit": "Create session",
    }
    client.post("/live/new", data={**form, "cohort_id": cohort.id, "course": "us-response-2017"})
    session = db.session.scalar(sa.select(LiveSession).order_by(LiveSession.id.desc()))
    courses = _courses_of(session.item_ids)
    assert session.course_id == other.id and courses == {other.id}
    client.post("/live/new", data={**form, "course": "us-response-2017"})
    session = db.session.scalar(sa.select(LiveSession).order_by(LiveSession.id.desc()))
    courses = _courses_of(session.item_ids)
    assert session.course_id == builtin.id and courses == {builtin.id}
    page = client.post("/live/new", data={**form, "course": "smuggling", "search": "Search"})
    text = page.get_data(as_text=True)
    assert "Smuggling topic question" in text and "Built-in topic question" not in text


def test_progress_and_learner_report_never_name_hidden_course_topics(app, client, auth):
    _two_courses()
    make_user()
    db.session.commit()
    auth.login()
    for path in ("/progress", "/reports/me"):
        page = client.get(path).get_data(as_text=True)
        assert "Smuggling topic" in page and "Hidden topic" not in page, path


def test_study_by_item_id_never_reaches_a_private_course(app, client, auth):
    _, _, hidden, topics = _two_courses()
    make_user()
    card = db.session.scalar(
        sa.select(Item).where(Item.course_id == hidden.id, Item.kind == "flashcard")
    )
    assert card is not None and card.published
    passage_item = make_item(
        "flashcard", topic=topics["hidden"], passage=make_passage(text="Hidden text.")
    )
    db.session.commit()
    auth.login()
    assert client.get(f"/study?reveal=1&item={card.id}").status_code == 404
    rated = client.post("/study/review", data={"item_id": card.id, "seq": 0, "rating": 3})
    assert rated.status_code == 404
    client.post(f"/study/passage/{passage_item.passage_id}")
    assert db.session.scalar(sa.select(sa.func.count(CardState.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(ReviewLog.id))) == 0
