"""Data builders for tests: ``make_user``, ``make_topic``, ``make_item`` and friends."""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import datetime
from typing import Any

from werkzeug.security import generate_password_hash

from quizapp.content.services import builtin_course
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Attempt,
    Cohort,
    Course,
    DocumentVersion,
    Item,
    Membership,
    Passage,
    ReviewLog,
    SourceDocument,
    Topic,
    User,
)

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")  # fast in tests
_counter = itertools.count(1)


def make_user(
    email: str = "learner@example.org",
    *,
    role: str = "learner",
    name: str | None = None,
    **fields: Any,
) -> User:
    """A user whose password is ``PASSWORD``."""
    user = User(
        email=email,
        display_name=name or email.split("@")[0].title(),
        password_hash=_PASSWORD_HASH,
        role=role,
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def default_course() -> Course:
    """The course test data goes into unless a test says otherwise: the built-in course, so
    factory items sit beside a synced bank as they did before courses."""
    return builtin_course()


def default_document_version(course: Course | None = None) -> DocumentVersion:
    """The current version of the test document of ``course`` (made on first use)."""
    course = course or default_course()
    document = db.session.query(SourceDocument).filter_by(course_id=course.id, slug="test").first()
    if document is None:
        document = SourceDocument(course_id=course.id, slug="test", title="Test document")
        db.session.add(document)
        db.session.flush()
        version = DocumentVersion(
            document_id=document.id, version=1, sha256="0" * 64, text="A test document."
        )
        db.session.add(version)
        db.session.flush()
        document.current_version_id = version.id
        db.session.flush()
    current = db.session.get(DocumentVersion, document.current_version_id)
    assert current is not None
    return current


def make_topic(slug: str | None = None, *, course: Course | None = None, **fields: Any) -> Topic:
    """A topic (of the default course unless ``course`` is given)."""
    n = next(_counter)
    topic = Topic(
        course_id=(course or default_course()).id,
        slug=slug or f"topic-{n}",
        title=fields.pop("title", f"Topic {n}"),
        position=n,
        **fields,
    )
    db.session.add(topic)
    db.session.flush()
    return topic


def make_passage(
    anchor: str | None = None, *, area: int = 1, text: str = "A passage of the document."
) -> Passage:
    """A passage."""
    n = next(_counter)
    passage = Passage(
        document_version_id=default_document_version().id,
        anchor=anchor or f"area-{area}-p{n}",
        area=area,
        position=n,
        heading=f"Area {area}",
        text=text,
    )
    db.session.add(passage)
    db.session.flush()
    return passage


def case_body() -> dict[str, Any]:
    """A valid three-step case: each step has a key option and a wrong one."""

    def option(text: str, nxt: str | None, correct: bool) -> dict[str, Any]:
        return {
            "text": text,
            "correct": correct,
            "consequence": f"After {text}.",
            "feedback": f"Why {text}.",
            "next": nxt,
        }

    def step(key: str, nxt: str | None) -> dict[str, Any]:
        return {
            "key": key,
            "situation": f"Situation {key}.",
            "question": f"Question {key}?",
            "source": {"instrument": "TIP Protocol", "provision": "art. 3"},
            "options": [option(f"Right {key}", nxt, True), option(f"Wrong {key}", nxt, False)],
        }

    return {
        "title": "A toy case",
        "intro": "Something happens.",
        "start": "a",
        "steps": [step("a", "b"), step("b", "c"), step("c", None)],
    }


def default_body(kind: str) -> dict[str, Any]:
    """A valid body for each kind (see quizapp.content.bank for the schema)."""
    if kind == "flashcard":
        return {
            "front": "What is smuggling of migrants?",
            "back": "Procuring illegal entry for a benefit.",
        }
    if kind == "cloze":
        return {
            "text": "Trafficking does not require crossing an international ____.",
            "answer": "border",
            "accepted": ["border", "frontier"],
        }
    if kind == "true_false":
        return {"options": ["True", "False"], "answer": ["True"]}
    if kind == "multiple_response":
        return {"options": ["Alpha", "Beta", "Gamma", "Delta"], "answer": ["Alpha", "Gamma"]}
    if kind == "matching":
        return {"pairs": [["1", "One"], ["2", "Two"], ["3", "Three"]]}
    if kind == "case_study":
        return case_body()
    if kind == "gap_fill":
        return {"answer": "border", "accepted": ["border", "frontier"]}
    return {"options": ["Alpha", "Beta", "Gamma", "Delta"], "answer": ["Beta"]}


def make_item(
    kind: str = "single_choice",
    *,
    topic: Topic | None = None,
    key: str | None = None,
    passage: Passage | None = None,
    **fields: Any,
) -> Item:
    """An item of ``kind`` with a valid body."""
    n = next(_counter)
    body = fields.pop("body", None) or default_body(kind)
    topic = topic or make_topic()
    item = Item(
        course_id=topic.course_id,
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


def make_cohort(
    owner: User, name: str = "Cohort", *, learners: tuple[User, ...] = (), **fields: Any
) -> Cohort:
    """A cohort owned by ``owner`` with ``learners`` as members."""
    n = next(_counter)
    cohort = Cohort(
        name=name,
        owner_id=owner.id,
        course_id=fields.pop("course_id", None) or default_course().id,
        join_code=fields.pop("join_code", f"JOIN{n:04d}"),
        **fields,
    )
    db.session.add(cohort)
    db.session.flush()
    for learner in learners:
        db.session.add(Membership(cohort_id=cohort.id, user_id=learner.id, role="learner"))
    db.session.flush()
    return cohort


def make_assignment(
    cohort: Cohort,
    *,
    kind: str = "quiz",
    topics: tuple[Topic, ...] = (),
    title: str = "Assignment",
    created_by: User | None = None,
    due_at: Any = None,
    **settings: Any,
) -> Assignment:
    """A quiz (default) or flashcard-goal assignment for ``cohort`` on ``topics``; keyword
    arguments other than the named ones become settings (as the cohorts service writes them)."""

    base: dict[str, Any] = {"topic_ids": [t.id for t in topics]}
    if kind == "quiz":
        base.update(kinds=["single_choice"], length=5, mode="practice", origin="both")
    else:
        base.update(threshold=0.8)
    base.update(settings)
    assignment = Assignment(
        cohort_id=cohort.id,
        kind=kind,
        title=title,
        settings=base,
        due_at=due_at,
        created_by_id=(created_by.id if created_by else cohort.owner_id),
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def make_attempt(
    user: User,
    *,
    assignment: Any = None,
    score: float | None = None,
    max_score: float | None = None,
    finished: bool = True,
    item_ids: list[int] | None = None,
    mode: str = "practice",
) -> Attempt:
    """A quiz attempt (finished with ``score``/``max_score`` unless ``finished=False``)."""
    from quizapp.models.base import utcnow

    attempt = Attempt(
        user_id=user.id,
        assignment_id=assignment.id if assignment else None,
        mode=mode,
        seed=1,
        item_ids=item_ids or [],
        finished_at=utcnow() if finished else None,
        score=score,
        max_score=max_score,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


# --- quiz: a small, real-looking bank of every kind -------------------------------------------

QUIZ_BANK_SPECS: tuple[dict[str, Any], ...] = (
    {
        "kind": "single_choice",
        "topic": 0,
        "origin": "document",
        "prompt": (
            "Which U.S. agency enforces minimum wage and overtime rules for workers regardless of "
            "immigration status?"
        ),
        "body": {
            "options": [
                "The Wage and Hour Division of the Department of Labor",
                "U.S. Citizenship and Immigration Services",
                "Customs and Border Protection",
                "The Department of State",
            ],
            "answer": ["The Wage and Hour Division of the Department of Labor"],
        },
        "explanation": (
            "The response says federal labour standards protect all workers, and the Wage and "
            "Hour Division enforces them."
        ),
    },
    {
        "kind": "true_false",
        "topic": 0,
        "origin": "document",
        "prompt": (
            "True or false: workers without lawful status are excluded from federal wage "
            "protections."
        ),
        "body": {"options": ["True", "False"], "answer": ["False"]},
        "explanation": "Wage protections apply to all workers, whatever their immigration status.",
    },
    {
        "kind": "multiple_response",
        "topic": 0,
        "origin": "document",
        "prompt": (
            "Which of these does the response list as protections that apply to migrant workers?"
        ),
        "body": {
            "options": [
                "Minimum wage",
                "Safe and healthy workplaces",
                "A guaranteed path to citizenship",
                "Exemption from all taxes",
            ],
            "answer": ["Minimum wage", "Safe and healthy workplaces"],
        },
        "explanation": (
            "Wage and workplace-safety laws cover migrant workers; citizenship and tax exemptions "
            "are not protections."
        ),
    },
    {
        "kind": "matching",
        "topic": 0,
        "origin": "background",
        "prompt": "Match each instrument with what it is about.",
        "body": {
            "pairs": [
                ["Palermo Protocol", "Trafficking in persons"],
                ["Smuggling Protocol", "Smuggling of migrants"],
                ["ILO Convention 29", "Forced labour"],
            ]
        },
        "explanation": "Each instrument addresses one of these harms.",
    },
    {
        "kind": "scenario",
        "topic": 1,
        "origin": "background",
        "prompt": (
            "A woman is recruited abroad with a false job offer, and on arrival her passport is "
            "taken and she is forced to work to repay a debt. How is this best classified?"
        ),
        "body": {
            "options": [
                "Trafficking in persons",
                "Smuggling of migrants",
                "Irregular entry only",
                "Lawful labour migration",
            ],
            "answer": ["Trafficking in persons"],
        },
        "explanation": (
            "Deception and coercion for the purpose of exploitation make this trafficking."
        ),
    },
    {
        "kind": "gap_fill",
        "topic": 1,
        "origin": "document",
        "prompt": "Fill the gap: trafficking does not require crossing an international ____.",
        "body": {"answer": "border", "accepted": ["border", "frontier"]},
        "explanation": "Trafficking can happen entirely within one country.",
    },
    {
        "kind": "single_choice",
        "topic": 1,
        "origin": "document",
        "prompt": "Which visa category does the response describe for victims of trafficking?",
        "body": {"options": ["T visa", "H-1B visa", "F-1 visa", "B-2 visa"], "answer": ["T visa"]},
        "explanation": "The T visa protects victims of a severe form of trafficking.",
    },
    {
        "kind": "true_false",
        "topic": 1,
        "origin": "background",
        "prompt": (
            "True or false: smuggling of migrants always involves the consent of the person "
            "smuggled."
        ),
        "body": {"options": ["True", "False"], "answer": ["True"]},
        "explanation": (
            "Smuggling is procuring illegal entry for a benefit; the migrant consents, unlike "
            "trafficking victims."
        ),
    },
)


def make_quiz_bank(*, retired_and_flashcards: bool = True) -> dict[str, Any]:
    """Two topics with two passages and eight quiz items of every quiz kind (see QUIZ_BANK_SPECS),
    plus a flashcard, a cloze card and a retired question that quizzes must never ask.
    Returns {"topics": [...], "items": [...quiz items in spec order], "excluded": [...]}."""
    topics = [
        make_topic("labour-rights", title="Labour rights of migrant workers"),
        make_topic("trafficking", title="Trafficking and smuggling"),
    ]
    passages = [
        make_passage(
            "area-2-p4",
            area=2,
            text=(
                "All workers, regardless of immigration status, are protected by federal wage and "
                "hour laws."
            ),
        ),
        make_passage(
            "area-3-p7",
            area=3,
            text="Trafficking in persons does not require movement across an international border.",
        ),
    ]
    items = []
    for spec in QUIZ_BANK_SPECS:
        topic_index = spec["topic"]
        passage = passages[topic_index] if spec["origin"] == "document" else None
        extra = (
            {}
            if passage
            else {
                "instrument": "UN Protocol on Trafficking in Persons (2000)",
                "provision": "art. 3",
            }
        )
        items.append(
            make_item(
                spec["kind"],
                topic=topics[topic_index],
                passage=passage,
                prompt=spec["prompt"],
                body=dict(spec["body"]),
                explanation=spec["explanation"],
                **extra,
            )
        )
    excluded = []
    if retired_and_flashcards:
        excluded.append(
            make_item("flashcard", topic=topics[0], prompt="What is smuggling of migrants?")
        )
        excluded.append(
            make_item(
                "cloze",
                topic=topics[1],
                passage=passages[1],
                prompt="Trafficking does not require crossing an international ____.",
            )
        )
        excluded.append(
            make_item(
                "single_choice",
                topic=topics[0],
                status="retired",
                prompt="A retired question that no quiz may ask?",
            )
        )
    return {"topics": topics, "passages": passages, "items": items, "excluded": excluded}


def make_scored_attempt(
    user: User,
    scores: list[tuple[Item, float]],
    *,
    assignment: Assignment | None = None,
    finished: bool = True,
    when: datetime | None = None,
    duration_ms: int | None = 20_000,
    mode: str = "test",
) -> Attempt:
    """A quiz attempt of ``user`` answering each (item, score) in order; finished unless told."""
    from datetime import timedelta

    from quizapp.models import Response
    from quizapp.models.base import utcnow

    started = when or utcnow()
    attempt = Attempt(
        user_id=user.id,
        assignment_id=assignment.id if assignment else None,
        mode=mode,
        seed=next(_counter),
        item_ids=[item.id for item, _ in scores],
        started_at=started,
        finished_at=started + timedelta(minutes=5) if finished else None,
        score=sum(s for _, s in scores),
        max_score=float(len(scores)),
    )
    db.session.add(attempt)
    db.session.flush()
    for position, (item, score) in enumerate(scores):
        db.session.add(
            Response(
                attempt_id=attempt.id,
                item_id=item.id,
                position=position,
                answer=None,
                score=score,
                correct=score >= 1.0,
                answered_at=started + timedelta(seconds=30 * position),
                duration_ms=duration_ms,
            )
        )
    db.session.flush()
    return attempt


def make_review(
    user: User,
    item: Item,
    *,
    when: datetime | None = None,
    rating: int = 3,
    duration_ms: int | None = 8_000,
    seq: int | None = None,
) -> ReviewLog:
    """One flashcard review of ``item`` by ``user``."""
    from datetime import timedelta

    from quizapp.models import ReviewLog
    from quizapp.models.base import utcnow

    reviewed = when or utcnow()
    log = ReviewLog(
        user_id=user.id,
        item_id=item.id,
        seq=seq if seq is not None else next(_counter),
        rating=rating,
        reviewed_at=reviewed,
        duration_ms=duration_ms,
        state_before=2,
        due_after=reviewed + timedelta(days=3),
    )
    db.session.add(log)
    db.session.flush()
    return log
