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


# --- reports: attempts, responses, reviews and assignments -------------------------------------

def make_assignment(cohort: Cohort, *, title: str = "Assignment", kind: str = "quiz", **fields: Any):  # type: ignore[no-untyped-def]
    """An assignment of ``cohort`` created by its owner."""
    from quizapp.models import Assignment

    assignment = Assignment(cohort_id=cohort.id, title=title, kind=kind, created_by_id=cohort.owner_id,
                            settings=fields.pop("settings", {}), **fields)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def make_attempt(user: User, scores: list[tuple[Item, float]], *, assignment=None, finished: bool = True,  # type: ignore[no-untyped-def]
                 when=None, duration_ms: int | None = 20_000, mode: str = "test"):
    """A quiz attempt of ``user`` answering each (item, score) in order; finished unless told."""
    from datetime import timedelta

    from quizapp.core.model_base import utcnow
    from quizapp.models import Attempt, Response

    started = when or utcnow()
    attempt = Attempt(user_id=user.id, assignment_id=assignment.id if assignment else None, mode=mode,
                      seed=next(_counter), item_ids=[item.id for item, _ in scores], started_at=started,
                      finished_at=started + timedelta(minutes=5) if finished else None,
                      score=sum(s for _, s in scores), max_score=float(len(scores)))
    db.session.add(attempt)
    db.session.flush()
    for position, (item, score) in enumerate(scores):
        db.session.add(Response(attempt_id=attempt.id, item_id=item.id, position=position, answer=None,
                                score=score, correct=score >= 1.0, answered_at=started + timedelta(seconds=30 * position),
                                duration_ms=duration_ms))
    db.session.flush()
    return attempt


def make_review(user: User, item: Item, *, when=None, rating: int = 3, duration_ms: int | None = 8_000, seq=None):  # type: ignore[no-untyped-def]
    """One flashcard review of ``item`` by ``user``."""
    from datetime import timedelta

    from quizapp.core.model_base import utcnow
    from quizapp.models import ReviewLog

    reviewed = when or utcnow()
    log = ReviewLog(user_id=user.id, item_id=item.id, seq=seq if seq is not None else next(_counter), rating=rating,
                    reviewed_at=reviewed, duration_ms=duration_ms, state_before=2, due_after=reviewed + timedelta(days=3))
    db.session.add(log)
    db.session.flush()
    return log
