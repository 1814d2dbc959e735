"""Quiz test helpers: a bank of every kind, a signed-in learner, and answers built to be right,
wrong or partly right for any item as this attempt presents it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Attempt, Item, User
from quizapp.quiz import services
from tests import factories
from tests.conftest import AuthActions


@pytest.fixture
def bank(app: Flask) -> dict[str, Any]:
    """The quiz bank from the factories, committed."""
    data = factories.make_quiz_bank()
    db.session.commit()
    return data


@pytest.fixture
def learner(app: Flask, client: FlaskClient, auth: AuthActions) -> User:
    """A learner, signed in on ``client``."""
    user = factories.make_user("learner@example.org")
    db.session.commit()
    auth.login("learner@example.org")
    return user


def item_at(attempt: Attempt, position: int) -> Item:
    """The item asked at ``position`` (1-based)."""
    return db.session.get_one(Item, attempt.item_ids[position - 1])


def answer_data(attempt: Attempt, item: Item, how: str = "right") -> dict[str, Any]:
    """Form data answering ``item`` right, wrong or partly right ("partial", matching and
    multiple response only), with field names as this attempt presents the item."""
    presented = services.present_item(attempt, item)
    body = item.body
    if item.kind == "matching":
        key = dict(body["pairs"])
        rights = [right for _, right in body["pairs"]]
        chosen = dict(key)
        if how in ("wrong", "partial"):
            first, second = presented.lefts[0], presented.lefts[1]
            chosen[first], chosen[second] = key[second], key[first]
        if how == "wrong":
            third = presented.lefts[2]
            chosen = {left: rights[(rights.index(key[left]) + 1) % len(rights)] for left in key}
            assert chosen[third] != key[third]
        return {f"match_{i}": chosen[left] for i, left in enumerate(presented.lefts)}
    if item.kind == "multiple_response":
        keys = list(body["answer"])
        others = [o for o in body["options"] if o not in keys]
        values = {"right": keys, "partial": keys[:1], "wrong": others}[how]
        return {"answer": values}
    if item.kind in ("gap_fill", "cloze"):
        return {"answer": {"right": body["answer"].upper() + ".", "wrong": "ocean"}[how]}
    wrong = next(o for o in body["options"] if o not in body["answer"])
    return {"answer": body["answer"][0] if how == "right" else wrong}
