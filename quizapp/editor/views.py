"""What the editor's templates are given: forms with their course-scoped choices, and the
context of each page (URLs and labels are built here, not in templates)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import flash

from quizapp.editor import services
from quizapp.editor.checks import FORM, Problem
from quizapp.editor.forms import (
    MAX_OPTIONS,
    BulkForm,
    ItemFilterForm,
    ItemForm,
    StatusForm,
    body_blocks,
    draft_from,
    fill_form,
    item_form_class,
)
from quizapp.editor.preview import preview_of
from quizapp.editor.services import BulkResult, ItemDraft, ItemFilters, ItemPage
from quizapp.editor.workflow import ACTION_LABELS, allowed_targets
from quizapp.enums import ItemStatus
from quizapp.items.forms import answer_form_class
from quizapp.items.kinds import QuestionKind, all_kinds, get_kind, kind_label
from quizapp.models import Course, Item

__all__ = [
    "bulk_choices",
    "edit_context",
    "filter_choices",
    "filters_from",
    "flash_bulk",
    "half_rows",
    "item_form",
    "kind_context",
    "kind_or_none",
    "list_context",
    "live_context",
]


def kind_or_none(name: str) -> QuestionKind | None:
    """The registered kind called ``name``, or None."""
    try:
        return get_kind(name)
    except KeyError:
        return None


def kind_context(course: Course) -> dict[str, Any]:
    """The "which kind of item?" page: every kind in the registry."""
    kinds = [(name, kind_label(name)) for name in all_kinds()]
    return {"course": course, "kinds": kinds}


def filter_choices(course: Course, form: ItemFilterForm) -> None:
    """The list filters' course-scoped choices."""
    topics = [(t.id, t.title) for t in services.course_topics(course)]
    passages = [(p.id, p.anchor) for p in services.cited_passages(course)]
    form.set_choices(topics, passages)


def filters_from(form: ItemFilterForm) -> tuple[ItemFilters, int]:
    """A validated filter form as filters and a page number."""
    review = {"yes": True, "no": False}.get(form.review.data or "")
    filters = ItemFilters(
        status=form.status.data or None,
        kind=form.kind.data or None,
        passage_id=int(form.passage.data) if form.passage.data else None,
        topic_id=int(form.topic.data) if form.topic.data else None,
        needs_review=review,
        text=form.q.data or "",
    )
    return filters, form.page.data or 1


def bulk_choices(course: Course, form: BulkForm) -> None:
    """The bulk form's topic choices (this course's topics)."""
    form.topic_id.choices = [(0, "—")] + [(t.id, t.title) for t in services.course_topics(course)]


def list_context(
    course: Course, form: ItemFilterForm, listing: ItemPage, bulk: BulkForm, args: dict[str, str]
) -> dict[str, Any]:
    """The item list page."""
    bulk_choices(course, bulk)
    return {
        "course": course,
        "filter_form": form,
        "listing": listing,
        "bulk_form": bulk,
        "args": args,
        "kind_label": kind_label,
        "status_label": lambda s: ItemStatus(s).label,
    }


def flash_bulk(result: BulkResult) -> None:
    """Say what a bulk action did and, for each item skipped, why."""
    if result.done:
        flash(f"Done for {len(result.done)} item(s): {', '.join(result.done)}.", "success")
    for key, reason in result.skipped:
        flash(f"{key}: {reason}", "warning")
    if not result.done and not result.skipped:
        flash("Nothing changed.", "info")


def item_form(course: Course, kind: QuestionKind, item: Item | None) -> ItemForm:
    """The item form of ``kind`` with this course's topics and passages; a saved item's values
    on its first view."""
    form = item_form_class(kind)()
    form.topic_id.choices = [(t.id, t.title) for t in services.course_topics(course)]
    passages = services.course_passages(course, include=item.passage_id if item else None)
    form.passage_id.choices = [(0, "No passage (background item)")] + [
        (p.id, p.label) for p in passages
    ]
    if item is not None and not form.is_submitted():
        fill_form(form, kind, services.draft_of(item))
    return form


def half_rows(messages: list[str]) -> list[Problem]:
    """Half-filled pair rows as problems of the pairs field."""
    return [Problem("pairs", message) for message in messages]


def live_context(
    course: Course, kind: QuestionKind, item: Item | None, draft: ItemDraft
) -> dict[str, Any]:
    """The preview (as a learner sees it) and the quote picker's passage text."""
    preview = preview_of(kind.name, draft.prompt, draft.body, item.key if item else "new-item")
    answer_form = None
    if preview.presented is not None:
        answer_form = answer_form_class(preview.presented)(formdata=None, meta={"csrf": False})
    passage = None
    if draft.passage_id:
        passage = services.passage_in_course(course, draft.passage_id)
    return {
        "preview": preview,
        "answer_form": answer_form,
        "draft": draft,
        "passage": passage,
    }


def _attach(form: ItemForm, problems: list[Problem]) -> list[Problem]:
    """Put each problem on its form field's errors (the form macros then show it next to the
    field, tied to it for screen readers); returns those that have no single field (option and
    pair rows, the whole item)."""
    rest = []
    for problem in problems:
        name = problem.field if problem.field in form else f"b_{problem.field}"
        if name in form:
            form[name].errors = [*form[name].errors, problem.message]
        else:
            rest.append(problem)
    return rest


def edit_context(
    course: Course,
    kind: QuestionKind,
    item: Item | None,
    form: ItemForm,
    problems: list[Problem] | None,
) -> dict[str, Any]:
    """The item form page: the form laid out by the registry, the gate problems by field, the
    preview, the workflow buttons."""
    if form.is_submitted() or item is None:
        draft = draft_from(form, kind)[0]
    else:
        draft = services.draft_of(item)
    by_field: dict[str, list[str]] = defaultdict(list)
    for problem in _attach(form, problems or []):
        by_field[problem.field].append(problem.message)
    actions = []
    if item is not None:
        actions = [(target.value, ACTION_LABELS[target]) for target in allowed_targets(item.status)]
    return {
        "course": course,
        "kind": kind,
        "item": item,
        "form": form,
        "blocks": body_blocks(form, kind),
        "problems": dict(by_field),
        "messages": [p.message for p in problems or []],
        "form_problems": by_field.get(FORM, []),
        "checked": problems is not None,
        "actions": actions,
        "status_form": StatusForm(),
        "deletable": item is not None and services.is_deletable(item),
        "max_options": MAX_OPTIONS,
        **live_context(course, kind, item, draft),
    }
