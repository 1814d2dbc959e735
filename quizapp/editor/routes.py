"""Item editor pages under ``/courses/<slug>/items``: the list with filters and bulk actions, the
item form (new and edit) with its preview, the workflow buttons, deleting a draft, the history.

Every view loads the course through ``courses.access.course_for_author_or_404`` and the item
within that course."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from quizapp.core.forms import EmptyForm
from quizapp.courses.access import course_for_author_or_404
from quizapp.editor import services, views
from quizapp.editor.forms import BulkForm, ItemFilterForm, StatusForm, draft_from
from quizapp.editor.history import item_history
from quizapp.editor.services import GatesFailed, WorkflowError
from quizapp.extensions import db
from quizapp.items.kinds import QuestionKind
from quizapp.models import Course, Item

bp = Blueprint("editor", __name__)

_FILTER_KEYS = ("q", "status", "kind", "topic", "passage", "review", "page")


def _list_args() -> dict[str, Any]:
    """The item list's filters from the query string (to go back to the same list)."""
    return {k: v for k in _FILTER_KEYS if (v := request.args.get(k, ""))}


@bp.get("/courses/<slug>/items")
@login_required
def index(slug: str) -> ResponseReturnValue:
    """The course's items, filtered and paged, with bulk actions."""
    course = course_for_author_or_404(current_user, slug)
    form = ItemFilterForm(request.args)
    views.filter_choices(course, form)
    filters, page = views.filters_from(form) if form.validate() else (services.ItemFilters(), 1)
    listing = services.list_items(course, filters, page)
    status = 200 if not form.errors else 400
    return render_template(
        "editor/index.html",
        **views.list_context(course, form, listing, BulkForm(), _list_args()),
    ), status


@bp.post("/courses/<slug>/items/bulk")
@login_required
def bulk(slug: str) -> ResponseReturnValue:
    """Apply one action to the checked items, then go back to the same list."""
    course = course_for_author_or_404(current_user, slug)
    form = BulkForm()
    views.bulk_choices(course, form)
    back = url_for("editor.index", slug=slug, **_list_args())
    if not form.validate_on_submit() or not form.item_ids.data:
        flash("Tick at least one item and choose an action.", "error")
        return redirect(back)
    try:
        result = services.apply_bulk(
            course, current_user, form.item_ids.data, form.action.data, form.topic_id.data
        )
    except WorkflowError as error:
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    views.flash_bulk(result)
    return redirect(back)


@bp.route("/courses/<slug>/items/new", methods=["GET", "POST"])
@login_required
def new(slug: str) -> ResponseReturnValue:
    """Choose a kind, then write a new item (saved as a draft)."""
    course = course_for_author_or_404(current_user, slug)
    kind = views.kind_or_none(request.args.get("kind", ""))
    if kind is None:
        return render_template("editor/choose_kind.html", **views.kind_context(course))
    return _edit(course, kind, None)


@bp.route("/courses/<slug>/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, item_id: int) -> ResponseReturnValue:
    """Edit an item; Save runs the quality gates, Preview only shows it."""
    course = course_for_author_or_404(current_user, slug)
    item = services.item_in_course_or_404(course, item_id)
    kind = views.kind_or_none(item.kind)
    if kind is None:
        abort(404)
    return _edit(course, kind, item)


def _edit(course: Course, kind: QuestionKind, item: Item | None) -> ResponseReturnValue:
    """The item form's GET and POST, for a new item (``item`` None) or a saved one."""
    form = views.item_form(course, kind, item)
    problems = None
    if form.validate_on_submit():
        draft, half = draft_from(form, kind)
        if form.save.data and not half:
            try:
                saved = services.save_item(course, current_user, draft, item)
            except GatesFailed as error:
                problems = error.problems
            else:
                db.session.commit()
                flash(f"Saved item {saved.key} (version {saved.version}).", "success")
                return redirect(url_for("editor.edit", slug=course.slug, item_id=saved.id))
        else:
            problems = views.half_rows(half) + services.check_draft(course, draft)[1]
    context = views.edit_context(course, kind, item, form, problems)
    failed = request.method == "POST" and form.save.data
    return render_template("editor/edit.html", **context), 422 if failed else 200


@bp.post("/courses/<slug>/items/preview")
@login_required
def preview(slug: str) -> ResponseReturnValue:
    """The live preview and passage panel for the form as typed (fetched by editor.js)."""
    course = course_for_author_or_404(current_user, slug)
    item = None
    if request.args.get("item", "").isdigit():
        item = services.item_in_course_or_404(course, int(request.args["item"]))
    kind = views.kind_or_none(request.args.get("kind", ""))
    if kind is None:
        abort(404)
    form = views.item_form(course, kind, item)
    form.validate()
    draft, _ = draft_from(form, kind)
    return render_template("editor/_live.html", **views.live_context(course, kind, item, draft))


@bp.post("/courses/<slug>/items/<int:item_id>/status")
@login_required
def status(slug: str, item_id: int) -> ResponseReturnValue:
    """Move the item through the workflow (publishing runs the gates)."""
    course = course_for_author_or_404(current_user, slug)
    item = services.item_in_course_or_404(course, item_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.change_status(course, current_user, item, form.target.data)
    except WorkflowError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"Item {item.key} is now {item.status.replace('_', ' ')}.", "success")
    return redirect(url_for("editor.edit", slug=slug, item_id=item_id))


@bp.post("/courses/<slug>/items/<int:item_id>/delete")
@login_required
def delete(slug: str, item_id: int) -> ResponseReturnValue:
    """Delete a draft nobody answered."""
    course = course_for_author_or_404(current_user, slug)
    item = services.item_in_course_or_404(course, item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    key = item.key
    try:
        services.delete_item(item)
    except WorkflowError as error:
        flash(str(error), "error")
        return redirect(url_for("editor.edit", slug=slug, item_id=item_id))
    db.session.commit()
    flash(f"Deleted draft {key}.", "success")
    return redirect(url_for("editor.index", slug=slug))


@bp.get("/courses/<slug>/items/<int:item_id>/history")
@login_required
def history(slug: str, item_id: int) -> ResponseReturnValue:
    """Every revision of the item, who made it and when, and what changed."""
    course = course_for_author_or_404(current_user, slug)
    item = services.item_in_course_or_404(course, item_id)
    return render_template(
        "editor/history.html", course=course, item=item, revisions=item_history(item)
    )
