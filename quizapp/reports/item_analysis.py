"""Item analysis for a cohort, an assignment or everything the viewer may see.

Which attempts count: finished quiz attempts only. For an assignment, each learner's **first**
finished attempt on it (as Moodle's default); an attempt outside any assignment is a one-off
selection of items, so every finished one counts. Live-session answers count when asked for,
each participant of a session being one sitting scored 1 for a correct answer and 0 otherwise.

A "test" for the internal consistency is an assignment or a live session (the same items for
everyone); self-study attempts feed the item statistics but have no test of their own.

Everything is aggregated in SQL: per-sitting totals, then per (test, item) sums of x, x², T, T²
and xT, per-test sums of T and T², and the rank-paired Σ x·R for the discriminative efficiency —
five queries in all, whatever the number of learners or items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from quizapp.cohorts.access import managed_cohort_ids
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Cohort, Item, LiveAnswer, LiveSession, Passage, Response, Topic, User
from quizapp.models.accounts import Role
from quizapp.reports.exports import Table
from quizapp.reports.services import cohort_learner_ids, load_managed_cohort
from quizapp.reports.statistics import (ItemStatistics, ItemSums, QuizStatistics, QuizSums, item_flags,
                                        item_statistics, pool, quiz_statistics)

__all__ = ["ItemAnalysis", "ItemRow", "ItemScope", "TestRow", "item_analysis", "item_analysis_for", "item_tables", "resolve_scope"]

TEST_KINDS = {"a": "Assignment", "l": "Live session", "s": "Self-study"}


@dataclass(frozen=True)
class ItemScope:
    """Whose answers count: one cohort, one assignment, or all the viewer's cohorts (admins: all)."""

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


@dataclass(frozen=True)
class TestRow:
    """One assignment or live session and its whole-test statistics."""

    kind: str
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


def resolve_scope(viewer: User, cohort_id: int | None, assignment_id: int | None, include_live: bool) -> ItemScope:
    """The scope asked for, after checking the viewer manages it (404 otherwise)."""
    assignment = cohort = None
    if assignment_id is not None:
        assignment = db.session.scalar(sa.select(Assignment).where(
            Assignment.id == assignment_id, Assignment.cohort_id.in_(managed_cohort_ids(viewer))))
        if assignment is None or (cohort_id is not None and assignment.cohort_id != cohort_id):
            raise NotFound()
        cohort = db.session.get(Cohort, assignment.cohort_id)
    elif cohort_id is not None:
        cohort = load_managed_cohort(viewer, cohort_id)
    return ItemScope(viewer, cohort, assignment, include_live)


def _quiz_rows(scope: ItemScope) -> sa.Select:
    """(kind, test_id, sitting, item_id, x) for the counted quiz responses in scope."""
    first = (sa.select(sa.func.min(Attempt.id)).where(Attempt.finished_at.is_not(None),
                                                     Attempt.assignment_id.is_not(None))
             .group_by(Attempt.user_id, Attempt.assignment_id))
    terms: list[Any] = [Attempt.finished_at.is_not(None)]
    if scope.assignment is not None:
        terms += [Attempt.assignment_id == scope.assignment.id]
        first = first.where(Attempt.assignment_id == scope.assignment.id)
    else:
        cohorts: Any = [scope.cohort.id] if scope.cohort is not None else managed_cohort_ids(scope.viewer)
        if scope.cohort is not None or not scope.viewer.has_role(Role.ADMIN):
            cohort_assignments = sa.select(Assignment.id).where(Assignment.cohort_id.in_(cohorts))
            terms += [Attempt.user_id.in_(cohort_learner_ids(cohorts)),
                      sa.or_(Attempt.assignment_id.is_(None), Attempt.assignment_id.in_(cohort_assignments))]
    terms.append(sa.or_(Attempt.assignment_id.is_(None), Attempt.id.in_(first)))
    return (
        sa.select(sa.case((Attempt.assignment_id.is_(None), "s"), else_="a").label("kind"),
                  Attempt.assignment_id.label("test_id"), Attempt.id.label("sitting"),
                  Response.item_id.label("item_id"), Response.score.label("x"))
        .join(Attempt, Attempt.id == Response.attempt_id).where(*terms)
    )


def _live_rows(scope: ItemScope) -> sa.Select:
    """(kind, test_id, sitting, item_id, x) for live answers in scope: 1 if correct, else 0."""
    query = (
        sa.select(sa.literal("l").label("kind"), LiveAnswer.session_id.label("test_id"),
                  LiveAnswer.participant_id.label("sitting"), LiveAnswer.item_id.label("item_id"),
                  sa.case((LiveAnswer.correct.is_(True), 1.0), else_=0.0).label("x"))
        .join(LiveSession, LiveSession.id == LiveAnswer.session_id)
    )
    if scope.cohort is not None:
        return query.where(LiveSession.cohort_id == scope.cohort.id)
    if not scope.viewer.has_role(Role.ADMIN):
        return query.where(sa.or_(LiveSession.trainer_id == scope.viewer.id,
                                  LiveSession.cohort_id.in_(managed_cohort_ids(scope.viewer))))
    return query


def scored_rows(scope: ItemScope) -> sa.CTE:
    """The CTE of every counted (sitting, item, score) in scope."""
    quiz = _quiz_rows(scope)
    if scope.include_live and scope.assignment is None:
        return sa.union_all(quiz, _live_rows(scope)).cte("scored")
    return quiz.cte("scored")


def item_analysis_for(viewer: User, cohort_id: int | None, assignment_id: int | None,
                      include_live: bool) -> ItemAnalysis:
    """Check the scope (404 when not the viewer's) and analyse it."""
    return item_analysis(resolve_scope(viewer, cohort_id, assignment_id, include_live))


def item_analysis(scope: ItemScope) -> ItemAnalysis:
    """Compute the item and test statistics for ``scope`` (see the module docstring)."""
    scored = scored_rows(scope)
    totals = (sa.select(scored.c.kind, scored.c.test_id, scored.c.sitting, sa.func.sum(scored.c.x).label("t"))
              .group_by(scored.c.kind, scored.c.test_id, scored.c.sitting).cte("totals"))
    joined = (sa.select(scored.c.kind, scored.c.test_id, scored.c.item_id, scored.c.x, totals.c.t)
              .join(totals, sa.and_(totals.c.kind == scored.c.kind, totals.c.sitting == scored.c.sitting))
              .cte("joined"))
    x, t = joined.c.x, joined.c.t
    per_test_item = db.session.execute(
        sa.select(joined.c.kind, joined.c.test_id, joined.c.item_id, sa.func.count(), sa.func.sum(x),
                  sa.func.sum(x * x), sa.func.sum(t), sa.func.sum(t * t), sa.func.sum(x * t))
        .group_by(joined.c.kind, joined.c.test_id, joined.c.item_id)
    ).all()
    per_test = db.session.execute(
        sa.select(totals.c.kind, totals.c.test_id, sa.func.count(), sa.func.sum(totals.c.t),
                  sa.func.sum(totals.c.t * totals.c.t))
        .group_by(totals.c.kind, totals.c.test_id)
    ).all()
    sorted_products = _sorted_products(joined)

    by_item: dict[int, list[ItemSums]] = {}
    by_test: dict[tuple[str, int], list[tuple[int, float, float]]] = {}
    for kind, test_id, item_id, n, sx, sx2, st, st2, sxt in per_test_item:
        by_item.setdefault(item_id, []).append(ItemSums(
            responses=n, sum_x=float(sx), sum_x2=float(sx2), sum_t=float(st), sum_t2=float(st2), sum_xt=float(sxt)))
        if kind != "s":
            by_test.setdefault((kind, test_id), []).append((n, float(sx), float(sx2)))
    items = _item_rows(by_item, sorted_products)
    tests = _test_rows(per_test, by_test)
    return ItemAnalysis(scope, items, tests, sum(row[2] for row in per_test),
                        sum(row[3] for row in per_test_item))


def _sorted_products(joined: sa.CTE) -> dict[int, float]:
    """{item_id: Σ x_(k)·R_(k)}: item scores and rest-of-test scores each sorted, paired by rank."""
    rest = joined.c.t - joined.c.x
    ranked_x = sa.select(joined.c.item_id, joined.c.x.label("v"), sa.func.row_number().over(
        partition_by=joined.c.item_id, order_by=joined.c.x).label("rk")).subquery("rx")
    ranked_r = sa.select(joined.c.item_id, rest.label("v"), sa.func.row_number().over(
        partition_by=joined.c.item_id, order_by=rest).label("rk")).subquery("rr")
    query = (sa.select(ranked_x.c.item_id, sa.func.sum(ranked_x.c.v * ranked_r.c.v))
             .join(ranked_r, sa.and_(ranked_r.c.item_id == ranked_x.c.item_id, ranked_r.c.rk == ranked_x.c.rk))
             .group_by(ranked_x.c.item_id))
    return {item_id: float(total) for item_id, total in db.session.execute(query)}


def _item_rows(by_item: dict[int, list[ItemSums]], sorted_products: dict[int, float]) -> list[ItemRow]:
    """Statistics and source of each item, flagged items first, then by topic and key."""
    if not by_item:
        return []
    meta = db.session.execute(
        sa.select(Item.id, Item.key, Item.prompt, Item.kind, Topic.title, Passage.anchor, Item.instrument,
                  Item.provision)
        .join(Topic, Topic.id == Item.topic_id).outerjoin(Passage, Passage.id == Item.passage_id)
        .where(Item.id.in_(list(by_item)))
    ).all()
    rows = []
    for item_id, key, prompt, kind, topic, anchor, instrument, provision in meta:
        pooled = pool(by_item[item_id])
        assert pooled is not None
        sums = ItemSums(**{**pooled.__dict__, "sum_sorted_xr": sorted_products.get(item_id)})
        stats = item_statistics(sums)
        source = f"/document#{anchor}" if anchor else " ".join(p for p in (instrument, provision) if p)
        rows.append(ItemRow(item_id, key, prompt, kind, topic, anchor, source, stats, item_flags(stats)))
    rows.sort(key=lambda r: (not r.flags, r.topic, r.key))
    return rows


def _test_rows(per_test: list[Any], by_test: dict[tuple[str, int], list[tuple[int, float, float]]]) -> list[TestRow]:
    """Whole-test statistics for each assignment and live session, labelled by title."""
    assignment_ids = [test_id for kind, test_id, *_ in per_test if kind == "a"]
    session_ids = [test_id for kind, test_id, *_ in per_test if kind == "l"]
    titles = {("a", i): t for i, t in db.session.execute(
        sa.select(Assignment.id, Assignment.title).where(Assignment.id.in_(assignment_ids)))} if assignment_ids else {}
    if session_ids:
        titles |= {("l", i): (t or f"Session {i}") for i, t in db.session.execute(
            sa.select(LiveSession.id, LiveSession.title).where(LiveSession.id.in_(session_ids)))}
    rows = []
    for kind, test_id, n, st, st2 in per_test:
        if kind == "s":
            continue
        stats = quiz_statistics(QuizSums(attempts=n, sum_t=float(st), sum_t2=float(st2),
                                         items=tuple(by_test.get((kind, test_id), ()))))
        rows.append(TestRow(kind, test_id, titles.get((kind, test_id), f"{TEST_KINDS[kind]} {test_id}"), stats))
    rows.sort(key=lambda r: (r.kind, r.label.casefold(), r.test_id))
    return rows


def _round(value: float | None, digits: int = 4) -> float | None:
    """Round for export, keeping None."""
    return round(value, digits) if value is not None else None


def item_tables(analysis: ItemAnalysis) -> list[Table]:
    """Items and tests as exportable tables (shares as 0..1, correlations as -1..1)."""
    items = Table("items", "Items", ("Item", "Question", "Kind", "Topic", "Responses", "Facility", "SD",
                                     "Discrimination", "Discriminative efficiency", "Flags", "Source"),
                  [(r.key, r.prompt, r.kind, r.topic, r.stats.responses, _round(r.stats.facility), _round(r.stats.sd),
                    _round(r.stats.discrimination), _round(r.stats.efficiency), "; ".join(r.flags), r.source)
                   for r in analysis.items])
    tests = Table("tests", "Tests", ("Kind", "Title", "Attempts", "Items", "Mean total", "SD total",
                                     "Cronbach alpha", "Error ratio", "Standard error"),
                  [(TEST_KINDS[r.kind], r.label, r.stats.attempts, r.stats.items, _round(r.stats.mean_total),
                    _round(r.stats.sd_total), _round(r.stats.alpha), _round(r.stats.error_ratio),
                    _round(r.stats.standard_error)) for r in analysis.tests])
    return [items, tests]
