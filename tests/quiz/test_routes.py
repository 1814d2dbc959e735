"""Quiz pages and every transition between them, in practice and test modes."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quizapp.extensions import db
from quizapp.models import Attempt, CardState, Response, User
from quizapp.quiz import services
from tests import factories
from tests.quiz.conftest import answer_data, item_at


def start(user: User, mode: str = "practice", **overrides: Any) -> Attempt:
    """An attempt on the whole bank (8 questions), committed."""
    settings: dict[str, Any] = {
        "topic_ids": [],
        "kinds": [],
        "length": 8,
        "origin": "both",
        "mode": mode,
        "seed": 5,
    }
    settings.update(overrides)
    attempt = services.start_attempt(user, **settings)
    db.session.commit()
    return attempt


def post_answer(
    client: FlaskClient, attempt: Attempt, position: int, how: str = "right"
) -> TestResponse:
    return client.post(
        f"/quiz/{attempt.id}/q/{position}",
        data=answer_data(attempt, item_at(attempt, position), how),
    )


def responses(attempt: Attempt) -> list[Response]:
    return list(
        db.session.scalars(
            sa.select(Response).where(Response.attempt_id == attempt.id).order_by(Response.position)
        )
    )


def shown_options(html: str) -> list[str]:
    """Option texts in page order, from answer inputs or from the review list."""
    inputs = re.findall(r'<input[^>]*name="answer"[^>]*value="([^"]*)"', html)
    return inputs or [
        re.sub(r"\s+", " ", o).strip()
        for o in re.findall(
            r'<span class="review-mark"[^>]*>.*?</span>\s*<span>([^<]*)', html, re.S
        )
    ]


def test_index_shows_builder_with_topic_counts_kinds_and_modes(client, learner, bank):
    page = client.get("/quiz").text
    assert (
        "Labour rights of migrant workers (4)" in page and "Trafficking and smuggling (4)" in page
    )
    kinds = re.findall(r'name="kinds" type="checkbox" value="([^"]+)"', page)
    assert sorted(kinds) == sorted(
        ["single_choice", "multiple_response", "true_false", "matching", "scenario", "gap_fill"]
    )
    assert 'name="mode"' in page and 'name="origin"' in page and 'name="length"' in page


def test_building_a_quiz_starts_it_and_says_when_fewer_questions_match(client, learner, bank):
    response = client.post(
        "/quiz",
        data={
            "length": 20,
            "origin": "both",
            "mode": "test",
            "topics": [str(bank["topics"][1].id)],
        },
    )
    attempt = db.session.scalar(sa.select(Attempt))
    assert response.status_code == 302 and response.location.endswith(f"/quiz/{attempt.id}/q/1")
    assert attempt.mode == "test" and len(attempt.item_ids) == 4 and attempt.user_id == learner.id
    page = client.get(response.location).text
    assert "Only 4 questions match your choices, so this quiz has 4 instead of 20." in page
    assert "Question 1 of 4" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"length": 10, "origin": "background", "mode": "practice", "kinds": ["gap_fill"]},
            "No questions match",
        ),
        ({"length": 3, "origin": "both", "mode": "practice"}, "Choose between 5 and 50 questions."),
        ({"length": "ten", "origin": "both", "mode": "practice"}, "Not a valid integer value."),
        ({"length": 10, "origin": "both", "mode": "exam"}, "Not a valid choice"),
        (
            {"length": 10, "origin": "both", "mode": "test", "kinds": ["flashcard"]},
            "not a valid choice",
        ),
    ],
)
def test_bad_builder_input_gets_a_clear_message_and_no_attempt(
    client, learner, bank, data, message
):
    response = client.post("/quiz", data=data)
    assert response.status_code == 422 and message.lower() in response.text.lower()
    assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 0


def test_empty_bank_says_so(client, learner):
    assert "There are no quiz questions yet" in client.get("/quiz").text


PLANS = {  # kind -> (how, verdict shown)
    "single_choice": [("right", "Correct"), ("wrong", "Incorrect")],
    "scenario": [("right", "Correct"), ("wrong", "Incorrect")],
    "true_false": [("right", "Correct"), ("wrong", "Incorrect")],
    "gap_fill": [("right", "Correct"), ("wrong", "Incorrect")],
    "multiple_response": [
        ("right", "Correct"),
        ("partial", "Partly right: 0.5 of 1 point"),
        ("wrong", "Incorrect"),
    ],
    "matching": [
        ("right", "Correct"),
        ("partial", "Partly right: 0.33 of 1 point"),
        ("wrong", "Incorrect"),
    ],
}


@pytest.mark.parametrize("variant", [0, 1, 2])
def test_practice_feedback_after_each_answer_for_every_kind(client, learner, bank, variant):
    attempt = start(learner)
    for position in range(1, 9):
        item = item_at(attempt, position)
        how, verdict = PLANS[item.kind][min(variant, len(PLANS[item.kind]) - 1)]
        form = client.get(f"/quiz/{attempt.id}/q/{position}").text
        assert f"Question {position} of 8" in form and item.prompt in form
        if item.kind in ("multiple_response", "matching"):
            assert "Partial credit:" in form
        response = post_answer(client, attempt, position, how)
        assert response.location.endswith(f"/quiz/{attempt.id}/q/{position}")
        page = client.get(response.location).text
        assert verdict in page, (item.kind, how)
        assert item.explanation in page
        if item.passage:
            assert f'href="/passages/{item.passage.id}"' in page and item.passage.text in page
        else:
            assert "UN Protocol on Trafficking in Persons (2000), art. 3" in page
        assert ("Next question" in page) == (position < 8) and ("See your results" in page) == (
            position == 8
        )
    assert db.session.get(Attempt, attempt.id).finished_at is not None


def test_test_mode_gives_no_feedback_until_the_results(client, learner, bank):
    attempt = start(learner, mode="test")
    for position in range(1, 9):
        response = post_answer(client, attempt, position, "wrong" if position == 1 else "right")
        assert response.location.endswith(
            f"/quiz/{attempt.id}"
        )  # resume: the next question or results
        following = client.get(response.location).location
        if position < 8:
            assert following.endswith(f"/quiz/{attempt.id}/q/{position + 1}")
            page = client.get(following).text
            assert "Correct" not in page and "Incorrect" not in page
            assert item_at(attempt, position).explanation not in page
        else:
            assert following.endswith(f"/quiz/{attempt.id}/results")
    results = client.get(f"/quiz/{attempt.id}/results").text
    assert "88%" in results and "7 of 8" in results and results.count("Incorrect") == 1


def test_resume_goes_to_the_first_unanswered_question_then_to_results(client, learner, bank):
    attempt = start(learner)
    assert client.get(f"/quiz/{attempt.id}").location.endswith(f"/quiz/{attempt.id}/q/1")
    post_answer(client, attempt, 1)
    post_answer(client, attempt, 2)
    assert client.get(f"/quiz/{attempt.id}").location.endswith(f"/quiz/{attempt.id}/q/3")
    index = client.get("/quiz").text
    assert "2 of 8 questions answered" in index and f'href="/quiz/{attempt.id}"' in index
    assert client.get(f"/quiz/{attempt.id}/results").location.endswith(f"/quiz/{attempt.id}")
    for position in range(3, 9):
        post_answer(client, attempt, position)
    assert client.get(f"/quiz/{attempt.id}").location.endswith(f"/quiz/{attempt.id}/results")
    assert "100%" in client.get("/quiz").text


def test_refresh_shows_the_same_question_with_the_same_option_order(client, learner, bank):
    attempt = start(learner, kinds=["single_choice", "multiple_response", "scenario"], length=5)
    first = client.get(f"/quiz/{attempt.id}/q/1")
    assert first.headers["Cache-Control"] == "no-store"
    assert shown_options(first.text) == shown_options(client.get(f"/quiz/{attempt.id}/q/1").text)
    assert len(shown_options(first.text)) == 4


def test_back_button_then_a_different_answer_keeps_the_first(client, learner, bank):
    attempt = start(learner)
    post_answer(client, attempt, 1, "right")
    post_answer(client, attempt, 2, "right")
    response = post_answer(client, attempt, 1, "wrong")  # the old page, re-submitted
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "You had already answered question 1. Your first answer is kept." in page
    assert "Correct" in page
    stored = responses(attempt)
    assert len(stored) == 2 and stored[0].correct


def test_double_post_stores_one_response_and_shows_the_stored_result(client, learner, bank):
    attempt = start(learner)
    first, second = (
        post_answer(client, attempt, 1, "right"),
        post_answer(client, attempt, 1, "right"),
    )
    assert first.location == second.location
    page = client.get(second.location).text
    assert "Correct" in page and "already answered" not in page
    assert len(responses(attempt)) == 1


def test_out_of_order_positions_are_redirected_politely(client, learner, bank):
    attempt = start(learner)
    response = post_answer(client, attempt, 3)
    assert response.location.endswith(f"/quiz/{attempt.id}/q/1")
    assert "Please answer question 1 first." in client.get(response.location).text
    response = client.get(f"/quiz/{attempt.id}/q/4")
    assert response.location.endswith(f"/quiz/{attempt.id}/q/1")
    assert client.get(f"/quiz/{attempt.id}/q/9").status_code == 404
    assert client.get(f"/quiz/{attempt.id}/q/0").status_code == 404
    assert responses(attempt) == []


def test_test_mode_answered_question_is_final(client, learner, bank):
    attempt = start(learner, mode="test")
    post_answer(client, attempt, 1, "right")
    response = client.get(f"/quiz/{attempt.id}/q/1")
    assert response.location.endswith(f"/quiz/{attempt.id}")
    assert (
        "answers in a test are final" in client.get(response.location, follow_redirects=True).text
    )


def test_finished_attempt_refuses_new_answers_politely(client, learner, bank):
    attempt = start(learner, mode="test")
    for position in range(1, 9):
        post_answer(client, attempt, position, "right")
    score = db.session.get(Attempt, attempt.id).score
    response = post_answer(client, attempt, 8, "wrong")
    assert response.location.endswith(f"/quiz/{attempt.id}")
    page = client.get(response.location, follow_redirects=True).text
    assert "This quiz is finished; your answer to question 8 was already saved." in page
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == score and all(
        r.correct for r in responses(attempt)
    )


def test_empty_or_nonsense_answer_is_shown_again_with_a_message(client, learner, bank):
    attempt = start(learner)
    item = item_at(attempt, 1)
    data = {f"match_{i}": "" for i in range(3)} if item.kind == "matching" else {}
    response = client.post(f"/quiz/{attempt.id}/q/1", data=data)
    assert response.status_code == 422 and 'role="alert"' in response.text
    response = client.post(
        f"/quiz/{attempt.id}/q/1", data={"answer": "<script>x</script>" * 20, "match_0": "?"}
    )
    assert response.status_code == 422 and "<script>x" not in response.text
    assert responses(attempt) == []


def test_duration_is_measured_from_the_signed_stamp(client, learner, bank):
    attempt = start(learner)
    page = client.get(f"/quiz/{attempt.id}/q/1").text
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page) or re.search(
        r'id="token" name="token" type="hidden" value="([^"]+)"', page
    )
    assert token
    data = answer_data(attempt, item_at(attempt, 1)) | {"token": token.group(1)}
    client.post(f"/quiz/{attempt.id}/q/1", data=data)
    data = answer_data(attempt, item_at(attempt, 2)) | {
        "token": token.group(1)
    }  # stamp of another question
    client.post(f"/quiz/{attempt.id}/q/2", data=data)
    first, second = responses(attempt)
    assert first.duration_ms is not None and 0 <= first.duration_ms < 60_000
    assert second.duration_ms is None


def test_results_review_shows_options_exactly_as_they_were_seen(client, learner, bank):
    attempt = start(learner, kinds=["single_choice", "multiple_response", "scenario"], length=5)
    seen = []
    for position in range(1, len(attempt.item_ids) + 1):
        seen.append(shown_options(client.get(f"/quiz/{attempt.id}/q/{position}").text))
        post_answer(client, attempt, position, "wrong")
    results = client.get(f"/quiz/{attempt.id}/results").text
    blocks = results.split('<li id="q')[1:]
    assert [shown_options(block) for block in blocks] == seen
    assert "your answer" in results and "correct answer" in results


def test_results_page_shows_score_points_key_explanation_and_sources(client, learner, bank):
    attempt = start(learner)
    plan = {"multiple_response": "partial", "matching": "partial", "gap_fill": "wrong"}
    for position in range(1, 9):
        post_answer(client, attempt, position, plan.get(item_at(attempt, position).kind, "right"))
    page = client.get(f"/quiz/{attempt.id}/results").text
    points = 5 + 0.5 + 1 / 3
    assert (
        f"{round(100 * points / 8)}%" in page
        and "5.83 of 8" in page
        and "<strong>5</strong> fully correct" in page
    )
    assert "Expected answer" in page and "ocean" in page and "frontier" in page
    assert "Correct match" in page and "Partial credit:" in page
    for item in bank["items"]:
        assert item.explanation in page
    assert page.count('href="/passages/') == 5  # the five items drawn from the document
    assert "Practise the 3 I missed as flashcards" in page


def test_practise_missed_makes_exactly_the_missed_items_due(client, learner, bank):
    attempt = start(learner)
    missed = set()
    for position in range(1, 9):
        item = item_at(attempt, position)
        how = (
            "partial"
            if item.kind == "matching"
            else ("wrong" if item.kind == "true_false" else "right")
        )
        if how != "right":
            missed.add(item.id)
        post_answer(client, attempt, position, how)
    response = client.post(f"/quiz/{attempt.id}/practise-missed")
    assert response.status_code == 302 and response.location.endswith("/study")
    assert "3 questions you missed are now due in your flashcards." in client.get("/study").text
    cards = db.session.scalars(sa.select(CardState).where(CardState.user_id == learner.id)).all()
    assert {card.item_id for card in cards} == missed and len(cards) == 3
    client.post(f"/quiz/{attempt.id}/practise-missed")  # again: no duplicate cards
    assert db.session.scalar(sa.select(sa.func.count(CardState.id))) == 3


def test_practise_missed_when_nothing_was_missed_or_quiz_unfinished(client, learner, bank):
    attempt = start(learner)
    response = client.post(f"/quiz/{attempt.id}/practise-missed")
    assert "Finish the quiz first" in client.get(response.location, follow_redirects=True).text
    for position in range(1, 9):
        post_answer(client, attempt, position, "right")
    page = client.get(f"/quiz/{attempt.id}/results").text
    assert "I missed" not in page
    response = client.post(f"/quiz/{attempt.id}/practise-missed")
    assert "nothing to practise" in client.get(response.location).text
    assert db.session.scalar(sa.select(sa.func.count(CardState.id))) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/quiz/{id}"),
        ("get", "/quiz/{id}/q/1"),
        ("post", "/quiz/{id}/q/1"),
        ("get", "/quiz/{id}/q/2"),
        ("get", "/quiz/{id}/results"),
        ("post", "/quiz/{id}/practise-missed"),
    ],
)
def test_another_learners_attempt_is_not_found_on_every_route(client, auth, bank, method, path):
    owner = factories.make_user("owner@example.org")
    factories.make_user("intruder@example.org")
    trainer = factories.make_user("trainer@example.org", role="admin")
    db.session.commit()
    attempt = start(owner)
    for position in range(1, 9):  # finished, so results and practise-missed would otherwise work
        item = item_at(attempt, position)
        services.record_answer(
            services.load_question(owner.id, attempt.id, position),
            answer_data(attempt, item, "wrong").get("answer") or dict(item.body["pairs"]),
            token=None,
        )
    db.session.commit()
    for email in ("intruder@example.org", trainer.email):
        auth.login(email)
        response = getattr(client, method)(
            path.format(id=attempt.id), data=answer_data(attempt, item_at(attempt, 1))
        )
        assert response.status_code == 404
        assert f'href="/quiz/{attempt.id}' not in client.get("/quiz").text
    assert db.session.scalar(sa.select(sa.func.count(CardState.id))) == 0
    assert len(responses(attempt)) == 8


def test_quiz_pages_need_a_login(client, bank):
    assert "/login" in client.get("/quiz").location
    assert "/login" in client.post("/quiz", data={"length": 5}).location


def test_a_course_without_published_questions_says_so_and_names_no_2017_document(client, learner):
    from tests.courses.helpers import make_course

    course = make_course(title="Seasonal workers", slug="seasonal")
    topic = factories.make_topic(course=course)
    factories.make_item("flashcard", topic=topic, status="published")
    factories.make_item("single_choice", topic=topic, status="draft")
    db.session.commit()
    page = client.get("/quiz?course=seasonal").text
    assert "“Seasonal workers” has no published quiz questions yet" in page
    assert "content sync" not in page and 'href="/study?course=seasonal"' in page
    factories.make_item("single_choice", topic=topic, status="published")
    db.session.commit()
    page = client.get("/quiz?course=seasonal").text
    assert "The course documents only" in page and "2017 U.S. response only" not in page
