"""Quiz pages make a fixed number of queries, however many questions an attempt has (no N+1)."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Attempt, Response, User
from quizapp.quiz import services
from tests.querycount import count_queries
from tests.quiz.conftest import answer_data, item_at


def _finished(client: FlaskClient, user: User, length: int) -> Attempt:
    attempt = services.start_attempt(
        user, topic_ids=[], kinds=[], length=length, origin="both", mode="practice", seed=1
    )
    db.session.commit()
    for position in range(1, len(attempt.item_ids) + 1):
        client.post(
            f"/quiz/{attempt.id}/q/{position}",
            data=answer_data(attempt, item_at(attempt, position), "wrong"),
        )
    return attempt


def test_results_index_and_question_pages_do_not_grow_with_the_attempt(client, learner, bank):
    small, large = _finished(client, learner, 5), _finished(client, learner, 8)
    for attempt in (small, large):  # the item snapshots are cached from here on (content cache)
        client.get(f"/quiz/{attempt.id}/q/3")
    counts = []
    for attempt in (small, large):
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/quiz/{attempt.id}/results").status_code == 200
            assert client.get(f"/quiz/{attempt.id}/q/3").status_code == 200
            assert client.get("/quiz").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 14, counts


#: user load, attempt, content version, responses (the item's snapshot is cached)
QUESTION_PAGE = 4
#: user load, attempt, content version, responses, insert the response, add it to the learner's
#: running totals (learner_item_day upsert)
ANSWER = 6


def test_the_question_page_and_an_answer_run_a_fixed_number_of_statements(client, learner, bank):
    attempt = services.start_attempt(
        learner, topic_ids=[], kinds=[], length=5, origin="both", mode="practice", seed=1
    )
    db.session.commit()
    path = f"/quiz/{attempt.id}/q/1"
    data = answer_data(attempt, item_at(attempt, 1), "wrong")
    client.get(path)  # the item's snapshot is cached from here on
    db.session.commit()  # each request begins a transaction (and reads the content version)
    with count_queries() as page:
        assert client.get(path).status_code == 200
    db.session.commit()
    with count_queries() as answer:
        assert client.post(path, data=data).status_code == 302
    assert len(page) <= QUESTION_PAGE, [s[:60] for s in page]
    assert len(answer) <= ANSWER, [s[:70] for s in answer]
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1
