"""Issue 12: a choice item's "why not" for each wrong option is shown after a practice answer and
in the results, beside the option it explains."""

from __future__ import annotations

from quizapp.extensions import db
from tests.quiz.conftest import answer_data, item_at
from tests.quiz.test_routes import start


def _give_feedback(item) -> dict[str, str]:
    feedback = {
        option: f"Why {option} is wrong: it belongs elsewhere."
        for option in item.body["options"]
        if option not in item.body["answer"]
    }
    item.body = {**item.body, "option_feedback": feedback}
    db.session.commit()
    return feedback


def test_practice_feedback_shows_each_why_not(client, learner, bank):
    attempt = start(learner, kinds=["single_choice", "scenario"], length=5)
    item = item_at(attempt, 1)
    feedback = _give_feedback(item)
    client.post(f"/quiz/{attempt.id}/q/1", data=answer_data(attempt, item, "wrong"))
    page = client.get(f"/quiz/{attempt.id}/q/1").text
    assert "Incorrect" in page
    for why in feedback.values():
        assert why in page
    assert page.count('<span class="why-not">') == len(feedback)
    assert '<span class="visually-hidden">Why not: </span>' in page
    for position in range(2, len(attempt.item_ids) + 1):
        other = item_at(attempt, position)
        client.post(f"/quiz/{attempt.id}/q/{position}", data=answer_data(attempt, other))
    results = client.get(f"/quiz/{attempt.id}/results").text
    assert all(why in results for why in feedback.values())


def test_no_why_not_markup_without_feedback(client, learner, bank):
    attempt = start(learner, kinds=["single_choice", "scenario"], length=5)
    item = item_at(attempt, 1)
    client.post(f"/quiz/{attempt.id}/q/1", data=answer_data(attempt, item, "wrong"))
    assert 'class="why-not"' not in client.get(f"/quiz/{attempt.id}/q/1").text
