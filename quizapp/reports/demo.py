"""Synthetic demo data: learners with a latent ability answer items of a latent difficulty.

Each learner gets an ability θ ~ N(0, 1); each quiz item a difficulty b (from ``Item.difficulty``
plus noise) and a discrimination a (a few items barely discriminate, so the item analysis has
something to flag). A learner answers an item correctly with probability 1 / (1 + e^(−a(θ − b))),
the two-parameter logistic model, so item statistics behave as they would with real people.
Flashcards are reviewed on growing intervals, the better learners forgetting less.

Everything is written with bulk inserts (then the running totals of :mod:`quizapp.core.tallies`
are rebuilt for the new learners); the caller wraps the call in ``write_intent()`` and commits.
All users and cohorts created are marked ``is_demo``.
"""

from __future__ import annotations

import math
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from quizapp.cohorts.assignments import goal_settings, quiz_settings
from quizapp.content.services import builtin_course
from quizapp.core import tallies
from quizapp.enums import AssignmentKind, ItemStatus, OriginFilter, QuizMode
from quizapp.extensions import db
from quizapp.items.kinds import flashcard_kinds, get_kind, quiz_kinds
from quizapp.models import (
    Assignment,
    Attempt,
    CardState,
    Cohort,
    Item,
    Membership,
    Response,
    ReviewLog,
    User,
)
from quizapp.models.base import utcnow
from quizapp.models.settings import GoalSettings, QuizSettings
from quizapp.quiz.services import MAX_LENGTH, MIN_LENGTH

__all__ = ["DemoError", "SeedResult", "seed_demo"]

FIRST_NAMES = (
    "Amina",
    "Bao",
    "Carlos",
    "Daniela",
    "Emeka",
    "Fatima",
    "Giorgi",
    "Hana",
    "Ivan",
    "Jamal",
    "Kateryna",
    "Luis",
    "Mariam",
    "Nguyen",
    "Olga",
    "Pedro",
    "Qadir",
    "Rosa",
    "Samir",
    "Tatiana",
    "Usha",
    "Víctor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zainab",
)
LAST_NAMES = (
    "Abara",
    "Boateng",
    "Castillo",
    "Dlamini",
    "Estrada",
    "Farah",
    "Gómez",
    "Haddad",
    "Ibrahim",
    "Jiménez",
    "Kowalski",
    "López",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rahman",
    "Silva",
    "Tran",
)
ITEMS_PER_ATTEMPT = 10
CHUNK = 100  # learners generated and inserted at a time


class DemoError(Exception):
    """The seed cannot run (real users present, or no items)."""


@dataclass(frozen=True)
class SeedResult:
    """What the seed created, and how to sign in as the demo trainer."""

    learners: int
    cohorts: int
    attempts: int
    responses: int
    reviews: int
    card_states: int
    trainer_email: str
    trainer_password: str


@dataclass
class _Plan:
    """Run-wide random state: item parameters, assignments, the clock."""

    rng: random.Random
    now: datetime
    days: int
    quiz_items: list[tuple[int, str, float, float]]  # (id, kind, difficulty b, discrimination a)
    flashcards: list[int]
    responses_per_learner: int
    reviews_per_learner: int
    topic_of: dict[int, int]  # item id → topic id


def _check_can_seed(force: bool) -> tuple[list[Any], list[Any]]:
    """Refuse on a database with real users (unless forced) or without items; return the items.

    Returns:
        (quiz items as (id, kind, difficulty, topic_id), flashcards as (id, topic_id)), by id.
    """
    if not force and db.session.scalar(
        sa.select(sa.func.count(User.id)).where(User.is_demo.is_(False))
    ):
        raise DemoError(
            "This database has real (non-demo) users; refusing to add demo data. Use --force to "
            "add it anyway."
        )
    quiz = db.session.execute(
        sa.select(Item.id, Item.kind, Item.difficulty, Item.topic_id)
        .where(Item.status == ItemStatus.PUBLISHED, Item.kind.in_(quiz_kinds()))
        .order_by(Item.id)
    ).all()
    cards = db.session.execute(
        sa.select(Item.id, Item.topic_id)
        .where(Item.status == ItemStatus.PUBLISHED, Item.kind.in_(flashcard_kinds()))
        .order_by(Item.id)
    ).all()
    if not quiz and not cards:
        raise DemoError("The item bank is empty: run `quizapp content sync` first.")
    return list(quiz), list(cards)


def seed_demo(
    *,
    learners: int,
    days: int,
    force: bool = False,
    seed: int | None = None,
    responses_per_learner: int = 200,
    reviews_per_learner: int = 100,
    cohorts: int = 2,
    now: datetime | None = None,
) -> SeedResult:
    """Create a demo trainer, demo cohorts (two by default) and ``learners`` learners with ``days``
    days of history.

    Args:
        learners: number of learners (at least 1).
        days: length of the history in days (at least 1).
        force: add demo data even when real users exist.
        seed: random seed, for a repeatable data set.
        responses_per_learner: quiz answers per learner, on average.
        reviews_per_learner: flashcard reviews per learner, at most.
        cohorts: number of demo cohorts the learners are spread over.
        now: the end of the history (default: now).

    Raises:
        DemoError: real users present without ``force``, or no items in the bank.
    """
    quiz, cards = _check_can_seed(force)
    rng = random.Random(seed)
    plan = _Plan(
        rng,
        now or utcnow(),
        max(days, 1),
        [
            (
                i,
                kind,
                (difficulty - 0.5) * 3 + rng.gauss(0, 0.6),
                0.15 if rng.random() < 0.08 else rng.uniform(0.7, 2.0),
            )
            for i, kind, difficulty, _ in quiz
        ],
        [i for i, _ in cards],
        responses_per_learner,
        reviews_per_learner,
        {i: topic for i, *_, topic in quiz} | dict(cards),
    )
    tag = f"{plan.now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(12)
    start = plan.now - timedelta(days=plan.days)
    trainer_email = f"demo-trainer-{tag}@demo.invalid"
    trainer_id = db.session.execute(
        sa.insert(User).returning(User.id),
        [
            dict(
                email=trainer_email,
                display_name="Demo trainer",
                password_hash=generate_password_hash(password),
                role="trainer",
                is_demo=True,
                created_at=start,
            )
        ],
    ).scalar_one()
    course_id = builtin_course().id
    cohort_ids = list(
        db.session.scalars(
            sa.insert(Cohort).returning(Cohort.id, sort_by_parameter_order=True),
            [
                dict(
                    name=f"Demo cohort {name}",
                    description="Synthetic learners for trying out the reports.",
                    join_code=f"DEMO{secrets.token_hex(5).upper()}",
                    owner_id=trainer_id,
                    course_id=course_id,
                    is_demo=True,
                    created_at=start,
                )
                for name in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[: max(1, min(cohorts, 26))]
            ],
        )
    )
    assignments = _assignments(plan, cohort_ids, trainer_id, start)
    totals = {"attempts": 0, "responses": 0, "reviews": 0, "card_states": 0}
    for first in range(0, max(learners, 1), CHUNK):
        count = min(CHUNK, learners - first)
        user_rows = [_learner_row(plan, tag, first + n, start) for n in range(count)]
        ids = list(
            db.session.scalars(
                sa.insert(User).returning(User.id, sort_by_parameter_order=True), user_rows
            )
        )
        memberships = [
            dict(
                cohort_id=cohort_ids[(first + n) % len(cohort_ids)],
                user_id=uid,
                role="learner",
                joined_at=start,
            )
            for n, uid in enumerate(ids)
        ]
        db.session.execute(sa.insert(Membership), memberships)
        for kind, added in _learners_history(
            plan,
            ids,
            [cohort_ids[(first + n) % len(cohort_ids)] for n in range(count)],
            assignments,
        ).items():
            totals[kind] += added
    return SeedResult(
        learners,
        len(cohort_ids),
        totals["attempts"],
        totals["responses"],
        totals["reviews"],
        totals["card_states"],
        trainer_email,
        password,
    )


def _learner_row(plan: _Plan, tag: str, n: int, start: datetime) -> dict[str, Any]:
    """A demo learner who cannot sign in (the password hash matches nothing)."""
    name = f"{plan.rng.choice(FIRST_NAMES)} {plan.rng.choice(LAST_NAMES)}"
    return dict(
        email=f"demo-{tag}-{n}@demo.invalid",
        display_name=name,
        password_hash="!demo-account",
        role="learner",
        is_demo=True,
        created_at=start,
    )


def _insert_assignment(
    cohort_id: int,
    trainer_id: int,
    title: str,
    kind: str,
    settings: QuizSettings | GoalSettings,
    created: datetime,
    due: datetime,
) -> int:
    """One assignment row; ``settings`` come from the cohorts service's builders, so it can be
    started."""
    return db.session.execute(
        sa.insert(Assignment).returning(Assignment.id),
        [
            dict(
                cohort_id=cohort_id,
                title=title,
                kind=kind,
                settings=settings.to_json(),
                due_at=due,
                created_by_id=trainer_id,
                created_at=created,
            )
        ],
    ).scalar_one()


def _assignments(
    plan: _Plan, cohort_ids: list[int], trainer_id: int, start: datetime
) -> dict[int, list[tuple[int, list[int]]]]:
    """Per cohort, two quiz check-ups and a flashcard goal, shaped exactly as the cohorts service
    makes them.

    The check-ups alternate over the topics that have quiz items (all of them when there is one);
    the demo learners answer one fixed draw of each check-up's questions, so the item analysis
    sees a common test. A learner who starts a check-up in the app gets a fresh draw from the same
    topics and kinds. Returns {cohort_id: [(quiz assignment id, item ids answered)]}.
    """
    result: dict[int, list[tuple[int, list[int]]]] = {}
    topics = sorted({plan.topic_of[item[0]] for item in plan.quiz_items})
    due_after = timedelta(days=max(plan.days // 3, 1))
    for cohort_id in cohort_ids:
        for week in (1, 2):
            chosen = topics[week - 1 :: 2] or topics
            pool = [item for item in plan.quiz_items if plan.topic_of[item[0]] in chosen]
            if not pool:
                continue
            item_ids = [
                item[0] for item in plan.rng.sample(pool, min(ITEMS_PER_ATTEMPT, len(pool)))
            ]
            settings = quiz_settings(
                topic_ids=chosen,
                kinds=sorted({item[1] for item in pool}),
                length=min(max(ITEMS_PER_ATTEMPT, MIN_LENGTH), MAX_LENGTH),
                mode=QuizMode.TEST,
                origin=OriginFilter.BOTH,
            )
            created = start + timedelta(days=plan.days * (week - 1) / 3)
            assignment_id = _insert_assignment(
                cohort_id,
                trainer_id,
                f"Check-up {week}",
                AssignmentKind.QUIZ,
                settings,
                created,
                created + due_after,
            )
            result.setdefault(cohort_id, []).append((assignment_id, item_ids))
        if plan.flashcards:
            goal_topic = plan.topic_of[plan.flashcards[0]]
            _insert_assignment(
                cohort_id,
                trainer_id,
                "Flashcard goal",
                AssignmentKind.FLASHCARDS,
                goal_settings(topic_ids=[goal_topic]),
                start,
                plan.now + due_after,
            )
    return result


def _answer(plan: _Plan, theta: float, item: tuple[int, str, float, float]) -> float:
    """A score drawn from the 2PL model (sometimes half marks for a partial-credit kind)."""
    _id, kind, b, a = item
    if plan.rng.random() < 1 / (1 + math.exp(-a * (theta - b))):
        return 1.0
    if get_kind(kind).partial_credit and plan.rng.random() < 0.4:
        return 0.5
    return 0.0


def _learners_history(
    plan: _Plan,
    user_ids: list[int],
    cohorts: list[int],
    assignments: dict[int, list[tuple[int, list[int]]]],
) -> dict[str, int]:
    """Attempts, responses, reviews and card states of a chunk of learners, bulk inserted."""
    rng = plan.rng
    assignment_id: int | None  # the plans below mix assigned quizzes and self-study (None)
    by_id = {item[0]: item for item in plan.quiz_items}
    attempt_rows: list[dict[str, Any]] = []
    answers: list[list[tuple[int, float]]] = []
    review_rows: list[dict[str, Any]] = []
    card_rows: list[dict[str, Any]] = []
    for uid, cohort_id in zip(user_ids, cohorts, strict=True):
        theta = rng.gauss(0, 1)
        diligence = rng.uniform(0.3, 1.0)
        plans: list[tuple[int | None, list[int]]] = []
        for assignment_id, item_ids in assignments.get(cohort_id, []):
            if rng.random() < 0.55 + 0.4 * diligence:
                plans.append((assignment_id, item_ids))
                if rng.random() < 0.2:
                    plans.append(
                        (assignment_id, item_ids)
                    )  # a second try: not counted by the item analysis
        target = max(0, int(rng.gauss(plan.responses_per_learner, plan.responses_per_learner / 5)))
        while plan.quiz_items and sum(len(p[1]) for p in plans) + ITEMS_PER_ATTEMPT <= target:
            plans.append(
                (
                    None,
                    [
                        i[0]
                        for i in rng.sample(
                            plan.quiz_items, min(ITEMS_PER_ATTEMPT, len(plan.quiz_items))
                        )
                    ],
                )
            )
        moments = sorted(plan.now - timedelta(days=plan.days * rng.random()) for _ in plans)
        for (assignment_id, item_ids), started in zip(plans, moments, strict=True):
            scores = [(item_id, _answer(plan, theta, by_id[item_id])) for item_id in item_ids]
            attempt_rows.append(
                dict(
                    user_id=uid,
                    assignment_id=assignment_id,
                    mode=QuizMode.TEST,
                    seed=rng.getrandbits(31),
                    item_ids=item_ids,
                    settings={},
                    started_at=started,
                    finished_at=started + timedelta(seconds=25 * len(item_ids)),
                    score=sum(s for _, s in scores),
                    max_score=float(len(scores)),
                )
            )
            answers.append(scores)
        _study(plan, uid, theta, diligence, review_rows, card_rows)
    attempt_ids = (
        list(
            db.session.scalars(
                sa.insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True), attempt_rows
            )
        )
        if attempt_rows
        else []
    )
    response_rows = [
        dict(
            attempt_id=attempt_id,
            item_id=item_id,
            position=position,
            answer=None,
            score=score,
            correct=score >= 1.0,
            answered_at=row["started_at"] + timedelta(seconds=25 * position),
            duration_ms=int(rng.lognormvariate(9.7, 0.5)),
        )
        for attempt_id, row, scores in zip(attempt_ids, attempt_rows, answers, strict=True)
        for position, (item_id, score) in enumerate(scores)
    ]
    for model, rows in (
        (Response, response_rows),
        (ReviewLog, review_rows),
        (CardState, card_rows),
    ):
        if rows:
            db.session.execute(sa.insert(model), rows)
    tallies.rebuild(user_ids)  # the pages read running totals, which bulk inserts bypass
    return {
        "attempts": len(attempt_rows),
        "responses": len(response_rows),
        "reviews": len(review_rows),
        "card_states": len(card_rows),
    }


def _study(
    plan: _Plan,
    uid: int,
    theta: float,
    diligence: float,
    reviews: list[dict[str, Any]],
    cards: list[dict[str, Any]],
) -> None:
    """Review some flashcards on growing intervals until ``now`` or the review budget runs out."""
    rng = plan.rng
    if not plan.flashcards:
        return
    budget = int(plan.reviews_per_learner * diligence)
    studied = rng.sample(plan.flashcards, min(len(plan.flashcards), max(1, budget // 4)))
    for item_id in studied:
        if budget <= 0:
            break
        when = plan.now - timedelta(days=plan.days * rng.random())
        stability, reps, lapses, state, seq = rng.uniform(0.5, 2.5), 0, 0, 1, 0
        last = when
        while when <= plan.now and budget > 0:
            recall = (
                math.exp(math.log(0.9) * max((when - last).total_seconds() / 86400, 0) / stability)
                if reps
                else 0.6
            )
            remembered = rng.random() < min(0.98, recall + 0.08 * theta)
            rating = (4 if rng.random() < 0.2 else 3) if remembered else 1
            stability = (
                stability * (2.0 + 0.5 * (rating == 4) + 0.3 * theta)
                if remembered
                else max(0.3, stability * 0.4)
            )
            lapses += 0 if remembered else 1
            due = when + timedelta(days=stability)
            reviews.append(
                dict(
                    user_id=uid,
                    item_id=item_id,
                    seq=seq,
                    rating=rating,
                    reviewed_at=when,
                    duration_ms=int(rng.lognormvariate(8.8, 0.6)),
                    state_before=state,
                    due_after=due,
                )
            )
            state = 2 if remembered else 3
            last, seq, reps, budget = when, seq + 1, reps + 1, budget - 1
            when = due + timedelta(hours=rng.uniform(0, 36))
        cards.append(
            dict(
                user_id=uid,
                item_id=item_id,
                state=state,
                step=None,
                stability=stability,
                difficulty=rng.uniform(3, 8),
                due=last + timedelta(days=stability),
                last_review=last,
                retained_until=last + timedelta(days=stability),
                reps=reps,
                lapses=lapses,
                created_at=last,
            )
        )
