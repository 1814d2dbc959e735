"""Item analysis for a cohort, an assignment or everything the viewer may see.

Which attempts count: finished quiz attempts only. For an assignment, each learner's **first**
finished attempt on it (as Moodle's default); an attempt outside any assignment is a one-off
selection of items, so every finished one counts. Live-session answers count when asked for,
each participant of a session being one sitting scored 1 for a correct answer and 0 otherwise.

A "test" for the internal consistency is an assignment or a live session (the same items for
everyone); self-study attempts feed the item statistics but have no test of their own.

Everything is aggregated in SQL, in one statement: per-sitting totals, then per (test, item) sums
of x, x², T, T² and xT, per-test sums of T and T², and per item the counts of each score value and
of each rest-of-test value, from which the rank-paired Σ x·R of the discriminative efficiency
follows exactly. With the item, open-report and title look-ups that makes five queries, whatever
the number of learners or items.

The statement's shape (see :func:`sittings_and_scores` and :func:`_aggregates`)::

    totals  = quiz sittings  (sitting = attempt id,          test = assignment id or NULL)
              UNION ALL live sittings (sitting = -participant id, test = -session id)
    joined  = every answer joined to its sitting's total T: (test, item_id, x, T)
    SELECT TAG_TEST_SUMS    per test:               count, ΣT, ΣT²
    UNION ALL
    SELECT TAG_DISTRIBUTION per (test, item, x, T):  count

Quiz and live ids share one integer column by sign: quiz ids are positive, live ids are negated
(:func:`live_id`), so one UNION needs no extra discriminator column and :func:`test_kind` reads
the kind back from the sign.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from quizapp.cohorts.access import managed_cohort_ids
from quizapp.cohorts.services import managed_cohort
from quizapp.enums import TestKind
from quizapp.extensions import db
from quizapp.live.access import sessions_visible_to
from quizapp.models import (
    Assignment,
    Attempt,
    Cohort,
    Item,
    LiveAnswer,
    LiveSession,
    Passage,
    Response,
    Topic,
    User,
)
from quizapp.models.accounts import Role
from quizapp.problems.services import open_counts
from quizapp.reports.exports import Table
from quizapp.reports.services import cohort_learner_ids
from quizapp.reports.statistics import (
    ItemStatistics,
    ItemSums,
    QuizStatistics,
    QuizSums,
    item_flags,
    item_statistics,
    pool,
    quiz_statistics,
    sorted_pair_sum,
)

__all__ = [
    "ItemAnalysis",
    "ItemRow",
    "ItemScope",
    "TestRow",
    "item_analysis",
    "item_analysis_for",
    "item_tables",
    "resolve_scope",
    "scope_args",
]

#: The first column of each aggregate row: which of the two SELECTs of the UNION it comes from.
TAG_TEST_SUMS = "t"
TAG_DISTRIBUTION = "d"


def live_id(column: Any) -> Any:
    """A live participant or session id as it appears in the shared sitting/test columns."""
    return -column


@dataclass(frozen=True)
class ItemScope:
    """Whose answers count: one cohort, one assignment, or all the viewer's cohorts (admins:
    all)."""

    viewer: User
    cohort: Cohort | None = None
    assignment: Assignment | None = None
    include_live: bool = False

    @property
    def label(self) -> str:
        """Human description of the scope."""
        if self.assignment is not None:
            return f"assignment “{self.assignment.title}”"
        if self.cohort is not None:
            return f"cohort “{self.cohort.name}”"
        return "all answers" if self.viewer.has_role(Role.ADMIN) else "all your cohorts"


@dataclass(frozen=True)
class ItemRow:
    """One item: where it comes from and its statistics."""

    item_id: int
    key: str
    prompt: str
    kind: str
    topic: str
    anchor: str | None
    source: str
    stats: ItemStatistics
    flags: tuple[str, ...]
    #: learners' open "Report a problem" reports on the item, shown beside the flags
    open_reports: int = 0


@dataclass(frozen=True)
class TestRow:
    """One assignment or live session and its whole-test statistics."""

    kind: TestKind
    test_id: int
    label: str
    stats: QuizStatistics


@dataclass(frozen=True)
class ItemAnalysis:
    """The analysis: items (flagged first), tests, and how much data it rests on."""

    scope: ItemScope
    items: list[ItemRow]
    tests: list[TestRow]
    sittings: int
    responses: int


def scope_args(scope: ItemScope) -> dict[str, Any]:
    """The query-string arguments that ask for ``scope`` again (links and downloads)."""
    args: dict[str, Any] = {}
    if scope.assignment is not None:
        args["assignment"] = scope.assignment.id
    elif scope.cohort is not None:
        args["cohort"] = scope.cohort.id
    if scope.include_live:
        args["live"] = "y"
    return args


def resolve_scope(
    viewer: User, cohort_id: int | None, assignment_id: int | None, include_live: bool
) -> ItemScope:
    """The scope asked for, after checking the viewer manages it (404 otherwise)."""
    assignment = cohort = None
    if assignment_id is not None:
        assignment = db.session.scalar(
            sa.select(Assignment).where(
                Assignment.id == assignment_id, Assignment.cohort_id.in_(managed_cohort_ids(viewer))
            )
        )
        if assignment is None or (cohort_id is not None and assignment.cohort_id != cohort_id):
            raise NotFound()
        cohort = db.session.get(Cohort, assignment.cohort_id)
    elif cohort_id is not None:
        cohort = managed_cohort(viewer, cohort_id)
    return ItemScope(viewer, cohort, assignment, include_live)


def _quiz_terms(scope: ItemScope) -> list[Any]:
    """WHERE terms on Attempt selecting the counted attempts in scope."""
    first = (
        sa.select(sa.func.min(Attempt.id))
        .where(Attempt.finished_at.is_not(None), Attempt.assignment_id.is_not(None))
        .group_by(Attempt.user_id, Attempt.assignment_id)
    )
    terms: list[Any] = [Attempt.finished_at.is_not(None)]
    if scope.assignment is not None:
        terms += [Attempt.assignment_id == scope.assignment.id]
        first = first.where(Attempt.assignment_id == scope.assignment.id)
    elif scope.cohort is not None or not scope.viewer.has_role(Role.ADMIN):
        cohorts: Any = (
            [scope.cohort.id] if scope.cohort is not None else managed_cohort_ids(scope.viewer)
        )
        cohort_assignments = sa.select(Assignment.id).where(Assignment.cohort_id.in_(cohorts))
        terms += [
            Attempt.user_id.in_(cohort_learner_ids(cohorts)),
            sa.or_(Attempt.assignment_id.is_(None), Attempt.assignment_id.in_(cohort_assignments)),
        ]
    terms.append(sa.or_(Attempt.assignment_id.is_(None), Attempt.id.in_(first)))
    return terms


def _live_terms(scope: ItemScope) -> list[Any]:
    """WHERE terms on LiveSession selecting the sessions in scope."""
    if scope.cohort is not None:
        return [LiveSession.cohort_id == scope.cohort.id]
    return [sessions_visible_to(scope.viewer)]


def _live_score() -> Any:
    """A live answer's item score: 1 if correct, else 0."""
    return sa.case((LiveAnswer.correct.is_(True), 1.0), else_=0.0)


def sittings_and_scores(scope: ItemScope) -> tuple[sa.CTE, sa.CTE]:
    """CTEs ``totals`` (sitting, test, t) and ``joined`` (test, item_id, x, t) of the counted
    answers.

    A sitting is a quiz attempt, or (negated id) a live participant; ``test`` is the attempt's
    assignment (NULL for self-study) or the negated live session id. Totals are grouped straight
    from the answer tables, and each answer is joined to its sitting's total.
    """
    parts = [
        sa.select(
            Response.attempt_id.label("sitting"),
            Attempt.assignment_id.label("test"),
            sa.func.sum(Response.score).label("t"),
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(*_quiz_terms(scope))
        .group_by(Response.attempt_id, Attempt.assignment_id)
    ]
    live = scope.include_live and scope.assignment is None
    if live:
        parts.append(
            sa.select(
                live_id(LiveAnswer.participant_id).label("sitting"),
                live_id(LiveAnswer.session_id).label("test"),
                sa.func.sum(_live_score()).label("t"),
            )
            .join(LiveSession, LiveSession.id == LiveAnswer.session_id)
            .where(*_live_terms(scope))
            .group_by(LiveAnswer.participant_id, LiveAnswer.session_id)
        )
    totals = (sa.union_all(*parts) if live else parts[0]).cte("totals")
    answers = [
        sa.select(
            totals.c.test, Response.item_id.label("item_id"), Response.score.label("x"), totals.c.t
        ).join(totals, totals.c.sitting == Response.attempt_id)
    ]
    if live:
        answers.append(
            sa.select(totals.c.test, LiveAnswer.item_id, _live_score(), totals.c.t).join(
                totals, totals.c.sitting == live_id(LiveAnswer.participant_id)
            )
        )
    joined = (sa.union_all(*answers) if live else answers[0]).cte("joined")
    return totals, joined


def item_analysis_for(
    viewer: User, cohort_id: int | None, assignment_id: int | None, include_live: bool
) -> ItemAnalysis:
    """Check the scope (404 when not the viewer's) and analyse it."""
    return item_analysis(resolve_scope(viewer, cohort_id, assignment_id, include_live))


def _aggregates(scope: ItemScope) -> sa.CompoundSelect:
    """One statement returning every aggregate the analysis needs, tagged by its first column.

    - ``t`` (test): attempts, ΣT, ΣT²;
    - ``d`` (test, item, x, T): how many responses to the item scored x in an attempt totalling T.
      Everything per item follows from these counts in Python — n, Σx, Σx², ΣT, ΣT², ΣxT and the
      distributions of x and of R = T − x that give the rank-paired Σ x·R — so the answers are
      grouped once, not once per statistic.

    ``test`` is the assignment id, minus the live session id, or NULL for self-study.
    """
    totals, joined = sittings_and_scores(scope)
    x, t = joined.c.x, joined.c.t
    none_float = sa.null().cast(sa.Float)
    test_sums = sa.select(
        sa.literal(TAG_TEST_SUMS).label("tag"),
        totals.c.test,
        sa.null().cast(sa.Integer).label("item_id"),
        none_float.label("x"),
        none_float.label("t"),
        sa.func.count().label("n"),
        sa.cast(sa.func.sum(totals.c.t), sa.Float).label("s1"),
        sa.cast(sa.func.sum(totals.c.t * totals.c.t), sa.Float).label("s2"),
    ).group_by(totals.c.test)
    distribution = sa.select(
        sa.literal(TAG_DISTRIBUTION),
        joined.c.test,
        joined.c.item_id,
        sa.cast(x, sa.Float),
        sa.cast(t, sa.Float),
        sa.func.count(),
        none_float,
        none_float,
    ).group_by(joined.c.test, joined.c.item_id, x, t)
    return sa.union_all(test_sums, distribution)


def test_kind(test: int | None) -> TestKind:
    """The kind of a ``test`` value: NULL is self-study, positive an assignment, negative a live
    session (see :func:`live_id`)."""
    if test is None:
        return TestKind.SELF_STUDY
    return TestKind.ASSIGNMENT if test > 0 else TestKind.LIVE


def item_analysis(scope: ItemScope) -> ItemAnalysis:
    """Compute the item and test statistics for ``scope`` (see the module docstring)."""
    sums: dict[
        tuple[int | None, int], list[float]
    ] = {}  # (test, item) -> [n, Σx, Σx², ΣT, ΣT², ΣxT]
    per_test: list[tuple[TestKind, int, int, float, float]] = []
    x_runs: dict[int, Counter[float]] = {}
    r_runs: dict[int, Counter[float]] = {}
    sittings = 0
    for tag, test, item_id, x, t, n, s1, s2 in db.session.execute(_aggregates(scope)):
        if tag == TAG_TEST_SUMS:
            sittings += n
            if test is not None:
                per_test.append((test_kind(test), abs(test), n, float(s1), float(s2)))
            continue
        x, t = float(x), float(t)
        acc = sums.setdefault((test, item_id), [0, 0.0, 0.0, 0.0, 0.0, 0.0])
        acc[0] += n
        acc[1] += n * x
        acc[2] += n * x * x
        acc[3] += n * t
        acc[4] += n * t * t
        acc[5] += n * x * t
        x_runs.setdefault(item_id, Counter())[x] += n
        r_runs.setdefault(item_id, Counter())[t - x] += n
    by_item: dict[int, list[ItemSums]] = {}
    by_test: dict[tuple[TestKind, int], list[tuple[int, float, float]]] = {}
    responses = 0
    for (test, item_id), (total, s1, s2, s3, s4, s5) in sums.items():
        n = int(total)  # the count, kept among the float sums
        responses += n
        by_item.setdefault(item_id, []).append(
            ItemSums(responses=n, sum_x=s1, sum_x2=s2, sum_t=s3, sum_t2=s4, sum_xt=s5)
        )
        if test is not None:
            by_test.setdefault((test_kind(test), abs(test)), []).append((n, s1, s2))
    sorted_products = {
        item_id: sorted_pair_sum(sorted(x_runs[item_id].items()), sorted(r_runs[item_id].items()))
        for item_id in by_item
    }
    return ItemAnalysis(
        scope,
        _item_rows(by_item, sorted_products),
        _test_rows(per_test, by_test),
        sittings,
        responses,
    )


def _item_rows(
    by_item: dict[int, list[ItemSums]], sorted_products: dict[int, float]
) -> list[ItemRow]:
    """Statistics and source of each item, flagged items first, then by topic and key."""
    if not by_item:
        return []
    meta = db.session.execute(
        sa.select(
            Item.id,
            Item.key,
            Item.prompt,
            Item.kind,
            Topic.title,
            Passage.anchor,
            Item.instrument,
            Item.provision,
        )
        .join(Topic, Topic.id == Item.topic_id)
        .outerjoin(Passage, Passage.id == Item.passage_id)
        .where(Item.id.in_(list(by_item)))
    ).all()
    reports = open_counts(list(by_item))
    rows = []
    for item_id, key, prompt, kind, topic, anchor, instrument, provision in meta:
        pooled = pool(by_item[item_id])
        assert pooled is not None
        sums = ItemSums(**{**pooled.__dict__, "sum_sorted_xr": sorted_products.get(item_id)})
        stats = item_statistics(sums)
        source = (
            f"/document#{anchor}" if anchor else " ".join(p for p in (instrument, provision) if p)
        )
        rows.append(
            ItemRow(
                item_id,
                key,
                prompt,
                kind,
                topic,
                anchor,
                source,
                stats,
                item_flags(stats),
                reports.get(item_id, 0),
            )
        )
    rows.sort(key=lambda r: (not r.flags, r.topic, r.key))
    return rows


def _test_rows(
    per_test: list[Any], by_test: dict[tuple[TestKind, int], list[tuple[int, float, float]]]
) -> list[TestRow]:
    """Whole-test statistics for each assignment and live session, labelled by title."""
    assignment_ids = [test_id for kind, test_id, *_ in per_test if kind == TestKind.ASSIGNMENT]
    session_ids = [test_id for kind, test_id, *_ in per_test if kind == TestKind.LIVE]
    titles = (
        {
            (TestKind.ASSIGNMENT, i): t
            for i, t in db.session.execute(
                sa.select(Assignment.id, Assignment.title).where(Assignment.id.in_(assignment_ids))
            )
        }
        if assignment_ids
        else {}
    )
    if session_ids:
        titles |= {
            (TestKind.LIVE, i): (t or f"Session {i}")
            for i, t in db.session.execute(
                sa.select(LiveSession.id, LiveSession.title).where(LiveSession.id.in_(session_ids))
            )
        }
    rows = []
    for kind, test_id, n, st, st2 in per_test:
        if kind == TestKind.SELF_STUDY:
            continue
        stats = quiz_statistics(
            QuizSums(
                attempts=n,
                sum_t=float(st),
                sum_t2=float(st2),
                items=tuple(by_test.get((kind, test_id), ())),
            )
        )
        rows.append(
            TestRow(kind, test_id, titles.get((kind, test_id), f"{kind.label} {test_id}"), stats)
        )
    rows.sort(key=lambda r: (r.kind, r.label.casefold(), r.test_id))
    return rows


def _round(value: float | None, digits: int = 4) -> float | None:
    """Round for export, keeping None."""
    return round(value, digits) if value is not None else None


def item_tables(analysis: ItemAnalysis) -> list[Table]:
    """Items and tests as exportable tables (shares as 0..1, correlations as -1..1)."""
    items = Table(
        "items",
        "Items",
        (
            "Item",
            "Question",
            "Kind",
            "Topic",
            "Responses",
            "Facility",
            "SD",
            "Discrimination",
            "Discriminative efficiency",
            "Flags",
            "Open problem reports",
            "Source",
        ),
        [
            (
                r.key,
                r.prompt,
                r.kind,
                r.topic,
                r.stats.responses,
                _round(r.stats.facility),
                _round(r.stats.sd),
                _round(r.stats.discrimination),
                _round(r.stats.efficiency),
                "; ".join(r.flags),
                r.open_reports,
                r.source,
            )
            for r in analysis.items
        ],
    )
    tests = Table(
        "tests",
        "Tests",
        (
            "Kind",
            "Title",
            "Attempts",
            "Items",
            "Mean total",
            "SD total",
            "Cronbach alpha",
            "Error ratio",
            "Standard error",
        ),
        [
            (
                r.kind.label,
                r.label,
                r.stats.attempts,
                r.stats.items,
                _round(r.stats.mean_total),
                _round(r.stats.sd_total),
                _round(r.stats.alpha),
                _round(r.stats.error_ratio),
                _round(r.stats.standard_error),
            )
            for r in analysis.tests
        ],
    )
    return [items, tests]
