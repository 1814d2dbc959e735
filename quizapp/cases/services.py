"""Playing case studies: which cases a learner may see, runs, decisions stored once, summaries.

A run's state is derived from its stored decisions (no state in process memory): the step waiting
for a decision is found by following the decisions from the start
(:func:`quizapp.items.branching.path_of`). Each decision is stored once (UNIQUE run, step), so a
resent form, the Back button or a double click can never record a step twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import sqlalchemy as sa
from flask import abort
from sqlalchemy.exc import IntegrityError

from quizapp.core import tallies
from quizapp.courses.access import visible_courses_query
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.items import branching
from quizapp.items.kinds import get_kind
from quizapp.models import CaseDecision, CaseRun, Course, Item, ItemRevision, User
from quizapp.models.base import utcnow

__all__ = [
    "CASE_KIND",
    "CaseListEntry",
    "InvalidDecision",
    "Outcome",
    "RunState",
    "case_for_viewer_or_404",
    "decide",
    "list_cases",
    "load_run",
    "start_or_resume",
]

CASE_KIND = "case_study"


class InvalidDecision(ValueError):
    """The submitted option is not one of the step's options (a message for the learner)."""


class Outcome(Enum):
    """What happened to a submitted decision."""

    SAVED = "saved"
    ALREADY_DECIDED = "already"  # the step was decided before (resent form, Back, double click)
    NOT_CURRENT = "not_current"  # a step off the run's path, or not yet reached
    FINISHED = "finished"  # the run had ended


@dataclass(frozen=True)
class CaseListEntry:
    """A case on the list, with the learner's unfinished run and best finished score."""

    item: Item
    open_run_id: int | None
    best_score: float | None
    runs: int


@dataclass(frozen=True)
class RunState:
    """A run as it stands: the body it plays, its decisions in order, and the waiting step."""

    run: CaseRun
    item: Item
    body: Mapping[str, Any]
    decisions: tuple[CaseDecision, ...]
    waiting: str | None

    @property
    def step(self) -> Mapping[str, Any] | None:
        """The step waiting for a decision (None when the case is over)."""
        return branching.step(self.body, self.waiting) if self.waiting else None

    @property
    def last(self) -> CaseDecision | None:
        """The most recent decision, whose consequence the page shows."""
        return self.decisions[-1] if self.decisions else None

    def option_of(self, decision: CaseDecision) -> Mapping[str, Any]:
        """The option chosen in ``decision``."""
        return branching.option(self.body, decision.step_key, decision.option)

    def step_of(self, decision: CaseDecision) -> Mapping[str, Any]:
        """The step ``decision`` was made at."""
        return branching.step(self.body, decision.step_key)

    def keys_of(self, decision: CaseDecision) -> list[str]:
        """The key option texts of the step ``decision`` was made at."""
        return [o["text"] for o in self.step_of(decision)["options"] if o.get("correct")]


def _visible_cases() -> sa.Select[tuple[Item]]:
    return sa.select(Item).where(Item.kind == CASE_KIND, Item.status == ItemStatus.PUBLISHED)


def list_cases(user: User) -> list[CaseListEntry]:
    """Published cases of the courses ``user`` may view, with the learner's runs (two queries)."""
    course_ids = visible_courses_query(user).with_only_columns(Course.id).order_by(None)
    items = db.session.scalars(
        _visible_cases().where(Item.course_id.in_(course_ids)).order_by(Item.topic_id, Item.id)
    ).all()
    open_run = sa.func.max(sa.case((CaseRun.finished_at.is_(None), CaseRun.id)))
    rows = db.session.execute(
        sa.select(CaseRun.item_id, open_run, sa.func.max(CaseRun.score), sa.func.count())
        .where(CaseRun.user_id == user.id, CaseRun.item_id.in_([i.id for i in items]))
        .group_by(CaseRun.item_id)
    ).all()
    runs = {item_id: (open_id, best, n) for item_id, open_id, best, n in rows}
    entries = []
    for item in items:
        open_id, best, count = runs.get(item.id, (None, None, 0))
        entries.append(CaseListEntry(item, open_id, best, count))
    return entries


def case_for_viewer_or_404(user: User, item_id: int) -> Item:
    """The published case ``item_id`` if ``user`` may view its course; 404 otherwise."""
    item = db.session.scalar(_visible_cases().where(Item.id == item_id))
    if item is None:
        abort(404)
    course_ids = visible_courses_query(user).with_only_columns(Course.id).order_by(None)
    if db.session.scalar(course_ids.where(Course.id == item.course_id)) is None:
        abort(404)
    return item


def start_or_resume(user: User, item: Item) -> CaseRun:
    """The learner's unfinished run of ``item``, or a new one. Two concurrent starts make one run:
    the second hits UNIQUE (user, item, number) and takes the first's run."""
    runs = sa.select(CaseRun).where(CaseRun.user_id == user.id, CaseRun.item_id == item.id)
    latest = db.session.scalar(runs.order_by(CaseRun.number.desc()).limit(1))
    if latest is not None and latest.finished_at is None:
        return latest
    run = CaseRun(
        user_id=user.id,
        item_id=item.id,
        item_version=item.version,
        number=(latest.number + 1) if latest else 1,
    )
    try:
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        taken = db.session.scalar(runs.where(CaseRun.number == run.number))
        if taken is None:
            raise
        return taken
    return run


def _body(item: Item, version: int) -> Mapping[str, Any]:
    """The case as it read at ``version`` (a sync may have reworded it since the run began)."""
    if version == item.version:
        return item.body
    body = db.session.scalar(
        sa.select(ItemRevision.body).where(
            ItemRevision.item_id == item.id, ItemRevision.version == version
        )
    )
    return body if body is not None else item.body


def load_run(user: User, run_id: int) -> RunState:
    """The learner's own run ``run_id``; 404 for anyone else's (no existence leak)."""
    run = db.session.get(CaseRun, run_id)
    if run is None or run.user_id != user.id:
        abort(404)
    item = db.session.get(Item, run.item_id)
    if item is None:  # pragma: no cover - items are never deleted
        abort(404)
    body = _body(item, run.item_version)
    decisions = tuple(
        db.session.scalars(
            sa.select(CaseDecision)
            .where(CaseDecision.run_id == run.id)
            .order_by(CaseDecision.position)
        )
    )
    chosen = {d.step_key: d.option for d in decisions}
    waiting = None if run.finished_at else branching.current_step(body, chosen)
    return RunState(run, item, body, decisions, waiting)


def decide(state: RunState, step_key: str, option_text: str) -> Outcome:
    """Store the option chosen at ``step_key`` once; finish and score the run at an end.

    Raises:
        InvalidDecision: when ``option_text`` is not an option of the waiting step.
    """
    if state.run.finished_at is not None:
        return Outcome.FINISHED
    if any(d.step_key == step_key for d in state.decisions):
        return Outcome.ALREADY_DECIDED
    if step_key != state.waiting:
        return Outcome.NOT_CURRENT
    try:
        chosen = branching.option(state.body, step_key, option_text)
    except KeyError:
        raise InvalidDecision("Choose one of the options.") from None
    decision = CaseDecision(
        run_id=state.run.id,
        step_key=step_key,
        position=len(state.decisions) + 1,
        option=option_text,
        correct=bool(chosen.get("correct")),
    )
    try:
        with db.session.begin_nested():
            db.session.add(decision)
    except IntegrityError:
        return Outcome.ALREADY_DECIDED
    if chosen.get("next") is None:
        path = {d.step_key: d.option for d in (*state.decisions, decision)}
        grade = get_kind(CASE_KIND).grade(dict(state.body), path)
        # Only the request that stored the last decision gets here (UNIQUE run, step).
        state.run.finished_at = utcnow()
        state.run.score = grade.score
        tallies.count_case(
            state.run.user_id, state.run.item_id, state.run.finished_at, score=grade.score
        )
    return Outcome.SAVED
