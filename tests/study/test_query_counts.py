"""The flashcard hot paths run a fixed, small number of statements (tests/querycount.py)."""

from __future__ import annotations

from collections.abc import Callable

from quizapp.extensions import db
from tests import factories
from tests.querycount import count_queries

#: user load, courses in scope, content version (topics and the card are cached), deck counts (one
#: statement), due card, new card
STUDY_PAGE = 6
#: user load, content version, the item's snapshot (when not cached yet), card state, insert log,
#: insert or update the card, add the review to the learner's running totals (upsert)
RATING = 7


def _deck(n: int = 4) -> list[int]:
    factories.make_user("learner@example.org")
    topic = factories.make_topic(title="Trafficking")
    passage = factories.make_passage(text="Trafficking does not require crossing a border.")
    items = [
        factories.make_item(
            "flashcard", topic=topic, passage=passage, body={"front": f"F{i}", "back": "B"}
        )
        for i in range(n)
    ]
    db.session.commit()
    return [item.id for item in items]


def _counted(action: Callable[[], object]) -> list[str]:
    db.session.commit()  # each request begins a transaction (and reads the content version)
    with count_queries() as statements:
        action()
    return statements


def test_the_study_page_runs_a_fixed_number_of_statements(client, auth):
    _deck()
    auth.login()
    client.get("/study")  # the card's snapshot is cached from here on
    statements = _counted(lambda: client.get("/study"))
    assert len(statements) <= STUDY_PAGE


def test_a_rating_runs_a_fixed_number_of_statements(client, auth):
    ids = _deck()
    auth.login()
    client.get("/study")
    for seq, item_id in enumerate(ids[:2]):  # a first rating, then a first rating of another card
        statements = _counted(
            lambda item_id=item_id: client.post(
                "/study/review", data={"item_id": item_id, "seq": 0, "rating": 3}
            )
        )
        assert len(statements) <= RATING, seq
