"""Case studies in the item analysis: facility per case and its decisions as a breakdown.

Which runs count: each learner's **first finished** run of a case (as for assignments), among the
learners of the scope (a cohort, all the viewer's cohorts, or everyone for an admin). Facility is
the mean run score (the share of a run's decisions that were the best choice). Three grouped
queries, whatever the number of learners.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from quizapp.cohorts.access import managed_cohort_ids
from quizapp.extensions import db
from quizapp.items import branching
from quizapp.models import CaseDecision, CaseRun, Item, Topic
from quizapp.models.accounts import Role
from quizapp.reports.exports import Table
from quizapp.reports.services import cohort_learner_ids

if TYPE_CHECKING:
    from quizapp.reports.item_analysis import ItemScope

__all__ = ["CaseRow", "OptionCount", "StepBreakdown", "case_analysis", "case_table"]


@dataclass(frozen=True)
class OptionCount:
    """How often one option of a step was chosen."""

    text: str
    correct: bool
    count: int


@dataclass(frozen=True)
class StepBreakdown:
    """The decisions taken at one step."""

    key: str
    question: str
    options: tuple[OptionCount, ...]

    @property
    def total(self) -> int:
        """Decisions taken at the step."""
        return sum(o.count for o in self.options)


@dataclass(frozen=True)
class CaseRow:
    """One case: counted runs, facility and the breakdown of its steps."""

    item_id: int
    key: str
    title: str
    topic: str
    runs: int
    facility: float | None
    steps: tuple[StepBreakdown, ...]


def _counted_runs(scope: ItemScope) -> sa.Select[tuple[int]]:
    """Ids of the first finished run of each learner and case, among the scope's learners."""
    query = (
        sa.select(sa.func.min(CaseRun.id))
        .where(CaseRun.finished_at.is_not(None))
        .group_by(CaseRun.user_id, CaseRun.item_id)
    )
    if scope.cohort is not None or not scope.viewer.has_role(Role.ADMIN):
        cohorts: Any = (
            [scope.cohort.id] if scope.cohort is not None else managed_cohort_ids(scope.viewer)
        )
        query = query.where(CaseRun.user_id.in_(cohort_learner_ids(cohorts)))
    return query


def case_analysis(scope: ItemScope) -> list[CaseRow]:
    """Facility and decision breakdown of every case played in ``scope`` (an assignment scope
    counts the assignment's cohort: cases are not part of assignments)."""
    counted = _counted_runs(scope)
    runs = {
        item_id: (int(n), float(mean) if mean is not None else None)
        for item_id, n, mean in db.session.execute(
            sa.select(CaseRun.item_id, sa.func.count(), sa.func.avg(CaseRun.score))
            .where(CaseRun.id.in_(counted))
            .group_by(CaseRun.item_id)
        )
    }
    if not runs:
        return []
    chosen: dict[tuple[int, str, str], int] = {}
    for item_id, step_key, option, n in db.session.execute(
        sa.select(CaseRun.item_id, CaseDecision.step_key, CaseDecision.option, sa.func.count())
        .join(CaseRun, CaseRun.id == CaseDecision.run_id)
        .where(CaseRun.id.in_(counted))
        .group_by(CaseRun.item_id, CaseDecision.step_key, CaseDecision.option)
    ):
        chosen[(item_id, step_key, option)] = int(n)
    rows = []
    for item, topic in db.session.execute(
        sa.select(Item, Topic.title)
        .join(Topic, Topic.id == Item.topic_id)
        .where(Item.id.in_(list(runs)))
        .order_by(Topic.position, Item.key)
    ).tuples():
        steps = tuple(
            StepBreakdown(
                step["key"],
                step["question"],
                tuple(
                    OptionCount(
                        o["text"],
                        bool(o.get("correct")),
                        chosen.get((item.id, step["key"], o["text"]), 0),
                    )
                    for o in branching.step(item.body, step["key"])["options"]
                ),
            )
            for step in item.body.get("steps", [])
        )
        n, facility = runs[item.id]
        title = str(item.body.get("title", item.key))
        rows.append(CaseRow(item.id, item.key, title, topic, n, facility, steps))
    return rows


def case_table(rows: list[CaseRow]) -> Table:
    """The decisions of every case as one exportable table (one row per option)."""
    return Table(
        "cases",
        "Case studies",
        ("Case", "Runs", "Facility", "Step", "Option", "Best choice", "Chosen"),
        [
            (
                r.key,
                r.runs,
                round(r.facility, 4) if r.facility is not None else None,
                s.key,
                o.text,
                "yes" if o.correct else "no",
                o.count,
            )
            for r in rows
            for s in r.steps
            for o in s.options
        ],
    )
