"""The same rating sent twice at the same moment (double tap, two tabs) is stored once."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from quizapp.core.database import write_intent
from quizapp.extensions import db
from quizapp.models import CardState, ReviewLog, User
from quizapp.study import services
from tests import factories


def _race(app, user_id: int, item_id: int, seq: int) -> list[bool]:
    barrier = threading.Barrier(2)
    outcomes: list[bool] = []

    def submit(rating: int) -> None:
        with app.app_context(), write_intent():
            try:
                barrier.wait()
                user = db.session.get_one(User, user_id)
                outcome = services.record_review(
                    user, item_id, seq=seq, rating=rating, duration_ms=900
                )
                db.session.commit()
                outcomes.append(outcome.recorded)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(rating,)) for rating in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("existing_reviews", [0, 1])
def test_simultaneous_submissions_record_one_review(app, existing_reviews):
    user = factories.make_user()
    item = factories.make_item("flashcard")
    if existing_reviews:
        services.record_review(user, item.id, seq=0, rating=3, duration_ms=None)
    db.session.commit()
    user_id, item_id = user.id, item.id
    db.session.remove()
    outcomes = _race(app, user_id, item_id, seq=existing_reviews)
    assert sorted(outcomes) == [False, True]
    logs = db.session.scalar(
        sa.select(sa.func.count(ReviewLog.id)).where(ReviewLog.seq == existing_reviews + 1)
    )
    assert logs == 1
    assert db.session.scalar(sa.select(CardState.reps)) == existing_reviews + 1
