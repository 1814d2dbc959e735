"""Two identical answers at the same moment (a double click on a slow connection) store one
Response; both requests end in a redirect, never a 500."""

from __future__ import annotations

import threading

import sqlalchemy as sa
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Response
from quizapp.quiz import services
from tests import factories
from tests.quiz.conftest import answer_data, item_at


def test_two_identical_posts_at_once_store_one_answer(app, bank):
    user = factories.make_user()
    db.session.commit()
    attempt = services.start_attempt(
        user, topic_ids=[], kinds=[], length=8, origin="both", mode="practice", seed=3
    )
    db.session.commit()
    data = answer_data(attempt, item_at(attempt, 1), "right")
    clients = [app.test_client() for _ in range(2)]
    for c in clients:
        c.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    barrier, statuses = threading.Barrier(2), []
    url = f"/quiz/{attempt.id}/q/1"  # read here: the threads have no app context to load it in

    def answer(c: FlaskClient) -> None:
        barrier.wait()
        statuses.append(c.post(url, data=data).status_code)

    threads = [threading.Thread(target=answer, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert statuses == [302, 302]
    db.session.rollback()  # end the test's read snapshot, taken before the threads wrote
    stored = db.session.scalars(sa.select(Response).where(Response.attempt_id == attempt.id)).all()
    assert len(stored) == 1 and stored[0].correct
