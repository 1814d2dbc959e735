"""Case-study test data: a small branching case in the built-in course."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.models import Item
from tests import factories
from tests.items.test_case_study import body as toy_body


def make_case(title: str = "Toy case", **fields: Any) -> Item:
    """A published case_study item (a > c > d, or a > b > c > d after a wrong first choice)."""
    body = {**toy_body(), "title": title}
    return factories.make_item("case_study", body=body, prompt=f"{title}.", **fields)


@pytest.fixture
def case(app) -> Item:
    """A case and a learner (learner@example.org), committed."""
    from quizapp.extensions import db

    item = make_case()
    factories.make_user("learner@example.org")
    db.session.commit()
    return item
