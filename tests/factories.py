"""Data builders for tests: ``make_user``, ``make_topic``, ``make_item`` and friends."""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any

from werkzeug.security import generate_password_hash

from quizapp.extensions import db
from quizapp.models import Cohort, Item, Membership, Passage, Topic, User

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")  # fast in tests
_counter = itertools.count(1)


def make_user(email: str = "learner@example.org", *, role: str = "learner", name: str | None = None, **fields: Any) -> User:
    """A user whose password is ``PASSWORD``."""
    user = User(email=email, display_name=name or email.split("@")[0].title(), password_hash=_PASSWORD_HASH,
                role=role, **fields)
    db.session.add(user)
    db.session.flush()
    return user


def make_topic(slug: str | None = None, **fields: Any) -> Topic:
    """A topic."""
    n = next(_counter)
    topic = Topic(slug=slug or f"topic-{n}", title=fields.pop("title", f"Topic {n}"), position=n, **fields)
    db.session.add(topic)
    db.session.flush()
    return topic


def make_passage(anchor: str | None = None, *, area: int = 1, text: str = "A passage of the document.") -> Passage:
    """A passage."""
    n = next(_counter)
    passage = Passage(anchor=anchor or f"area-{area}-p{n}", area=area, position=n, heading=f"Area {area}", text=text)
    db.session.add(passage)
    db.session.flush()
    return passage


def default_body(kind: str) -> dict[str, Any]:
    """A valid body for each kind (see quizapp.content.bank for the schema)."""
    if kind == "flashcard":
        return {"front": "What is smuggling of migrants?", "back": "Procuring illegal entry for a benefit."}
    if kind == "cloze":
        return {"text": "Trafficking does not require crossing an international ____.", "answer": "border",
                "accepted": ["border", "frontier"]}
    if kind == "true_false":
        return {"options": ["True", "False"], "answer": ["True"]}
    if kind == "multiple_response":
        return {"options": ["Alpha", "Beta", "Gamma", "Delta"], "answer": ["Alpha", "Gamma"]}
    if kind == "matching":
        return {"pairs": [["1", "One"], ["2", "Two"], ["3", "Three"]]}
    if kind == "gap_fill":
        return {"answer": "border", "accepted": ["border", "frontier"]}
    return {"options": ["Alpha", "Beta", "Gamma", "Delta"], "answer": ["Beta"]}


def make_item(kind: str = "single_choice", *, topic: Topic | None = None, key: str | None = None,
              passage: Passage | None = None, **fields: Any) -> Item:
    """An item of ``kind`` with a valid body."""
    n = next(_counter)
    body = fields.pop("body", None) or default_body(kind)
    topic = topic or make_topic()
    item = Item(
        key=key or f"test.{kind}.{n}",
        kind=kind,
        topic_id=topic.id,
        passage_id=passage.id if passage else None,
        origin=fields.pop("origin", "document" if passage else "background"),
        prompt=fields.pop("prompt", f"Question {n}?"),
        body=body,
        explanation=fields.pop("explanation", "Because the document says so."),
        quote=fields.pop("quote", passage.text if passage else None),
        instrument=fields.pop("instrument", None if passage else "UNTOC"),
        provision=fields.pop("provision", None if passage else "art. 3"),
        content_hash=hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest(),
        **fields,
    )
    db.session.add(item)
    db.session.flush()
    return item


def make_cohort(owner: User, name: str = "Cohort", *, learners: tuple[User, ...] = (), **fields: Any) -> Cohort:
    """A cohort owned by ``owner`` with ``learners`` as members."""
    n = next(_counter)
    cohort = Cohort(name=name, owner_id=owner.id, join_code=fields.pop("join_code", f"JOIN{n:04d}"), **fields)
    db.session.add(cohort)
    db.session.flush()
    for learner in learners:
        db.session.add(Membership(cohort_id=cohort.id, user_id=learner.id, role="learner"))
    db.session.flush()
    return cohort


def make_assignment(cohort: Cohort, *, kind: str = "quiz", topics: tuple[Topic, ...] = (), title: str = "Assignment",
                    created_by: User | None = None, **settings: Any) -> "Assignment":
    """A quiz (default) or flashcard-goal assignment for ``cohort`` on ``topics``."""
    from quizapp.models import Assignment

    base: dict[str, Any] = {"topic_ids": [t.id for t in topics]}
    if kind == "quiz":
        base.update(kinds=["single_choice"], length=5, mode="practice", origin="all")
    else:
        base.update(threshold=0.8)
    base.update(settings)
    assignment = Assignment(cohort_id=cohort.id, kind=kind, title=title, settings=base,
                            created_by_id=(created_by.id if created_by else cohort.owner_id))
    db.session.add(assignment)
    db.session.flush()
    return assignment


def make_attempt(user: User, *, assignment: Any = None, score: float | None = None, max_score: float | None = None,
                 finished: bool = True, item_ids: list[int] | None = None, mode: str = "practice") -> "Attempt":
    """A quiz attempt (finished with ``score``/``max_score`` unless ``finished=False``)."""
    from quizapp.core.model_base import utcnow
    from quizapp.models import Attempt

    attempt = Attempt(user_id=user.id, assignment_id=assignment.id if assignment else None, mode=mode, seed=1,
                      item_ids=item_ids or [], finished_at=utcnow() if finished else None,
                      score=score, max_score=max_score)
    db.session.add(attempt)
    db.session.flush()
    return attempt
