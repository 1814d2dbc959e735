"""Report pages and their CSV/XLSX exports. Read-only: every view is a GET."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from quizapp.core.access import role_required
from quizapp.courses.services import course_scope, course_select_choices, topics_of
from quizapp.models.base import utcnow
from quizapp.progress.mastery import MASTERY_HELP
from quizapp.reports import services
from quizapp.reports.case_analysis import case_analysis
from quizapp.reports.cohort_report import CohortFilters, cohort_report, cohort_tables
from quizapp.reports.exports import Table, to_csv, to_xlsx
from quizapp.reports.forms import CohortFilterForm, ItemFilterForm
from quizapp.reports.item_analysis import ItemAnalysis, item_analysis_for, item_tables, scope_args
from quizapp.reports.item_table import ItemView, view_items
from quizapp.reports.learner_report import learner_report, learner_tables
from quizapp.reports.statistics import DISCRIMINATION_FLOOR, FACILITY_CEILING, FACILITY_FLOOR

bp = Blueprint("reports", __name__)


@bp.context_processor
def _report_context() -> dict[str, object]:
    """The print header's time stamp and the shared mastery explanation."""
    return {"report_time": utcnow(), "mastery_help": MASTERY_HELP}


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(tables: list[Table], name: str, filename: str) -> Response:
    """One of ``tables`` as a CSV download (404 for an unknown table name)."""
    table = next((t for t in tables if t.name == name), None)
    if table is None:
        abort(404)
    return Response(
        to_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}-{name}.csv"'},
    )


def _xlsx(tables: list[Table], filename: str) -> Response:
    """All ``tables`` as one workbook download."""
    return Response(
        to_xlsx(tables),
        mimetype=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
    )


@bp.get("/reports")
@login_required
def index() -> ResponseReturnValue:
    """A trainer's cohorts and live sessions; for a learner, a link to their own report."""
    data = services.reports_index(current_user)
    return render_template("reports/index.html", data=data)


@bp.get("/reports/me")
@login_required
def me() -> ResponseReturnValue:
    """The signed-in user's own report."""
    report = learner_report(current_user, current_user.id, utcnow())
    return render_template("reports/learner.html", report=report, own=True)


@bp.get("/reports/learners/<int:user_id>")
@login_required
def learner(user_id: int) -> ResponseReturnValue:
    """A learner's report, for the learner or their trainers."""
    report = learner_report(current_user, user_id, utcnow())
    return render_template("reports/learner.html", report=report, own=user_id == current_user.id)


@bp.get("/reports/learners/<int:user_id>/<name>.csv")
@login_required
def learner_csv(user_id: int, name: str) -> ResponseReturnValue:
    """One table of a learner's report as CSV."""
    return _csv(
        learner_tables(learner_report(current_user, user_id, utcnow())), name, f"learner-{user_id}"
    )


@bp.get("/reports/learners/<int:user_id>.xlsx")
@login_required
def learner_xlsx(user_id: int) -> ResponseReturnValue:
    """A learner's report as a workbook."""
    return _xlsx(
        learner_tables(learner_report(current_user, user_id, utcnow())), f"learner-{user_id}"
    )


def _filters_of(form: CohortFilterForm) -> CohortFilters:
    """The filters a validated form asks for."""
    return CohortFilters(
        form.date_from.data,
        form.date_to.data,
        form.assignment.data,
        form.sort.data or "learner",
        form.dir.data == "desc",
    )


def _cohort_filters(form: CohortFilterForm) -> CohortFilters:
    """Filters from a validated form; with errors, the unfiltered report (errors shown)."""
    if not form.validate():
        return CohortFilters()
    return _filters_of(form)


@bp.get("/reports/cohorts/<int:cohort_id>")
@role_required("trainer")
def cohort(cohort_id: int) -> ResponseReturnValue:
    """Learners × topics mastery, completion and activity of a cohort."""
    form = CohortFilterForm(request.args)
    report = cohort_report(current_user, cohort_id, _cohort_filters(form), utcnow())
    form.assignment.choices = [SelectChoice("", "All assignments")] + [
        SelectChoice(a.id, f"{a.title} ({a.kind})") for a in report.assignments
    ]
    form.assignment.data = report.assignment.id if report.assignment else None
    # links (sort headers, downloads) keep the filters given, as given
    link_args = {
        key: request.args[key] for key in CohortFilterForm.LINK_KEYS if request.args.get(key)
    }
    return render_template(
        "reports/cohort.html",
        report=report,
        form=form,
        link_args=dict(link_args, cohort_id=cohort_id),
    )


def _exported_cohort_tables(cohort_id: int) -> list[Table]:
    """The cohort's tables for a download, with the page's filters and order (400 on bad
    filters)."""
    form = CohortFilterForm(request.args)
    if not form.validate():
        abort(400, description="The filters are not valid; go back to the report and correct them.")
    return cohort_tables(cohort_report(current_user, cohort_id, _filters_of(form), utcnow()))


@bp.get("/reports/cohorts/<int:cohort_id>/<name>.csv")
@role_required("trainer")
def cohort_csv(cohort_id: int, name: str) -> ResponseReturnValue:
    """The cohort's learners table as CSV, with the page's filters and order."""
    return _csv(_exported_cohort_tables(cohort_id), name, f"cohort-{cohort_id}")


@bp.get("/reports/cohorts/<int:cohort_id>.xlsx")
@role_required("trainer")
def cohort_xlsx(cohort_id: int) -> ResponseReturnValue:
    """The cohort report as a workbook, with the page's filters and order."""
    return _xlsx(_exported_cohort_tables(cohort_id), f"cohort-{cohort_id}")


def _analysis() -> tuple[ItemFilterForm, ItemAnalysis, ItemView, int]:
    """The item filter form and the analysis it asks for, its items filtered and ordered as the
    form says, the view (filter and order) and the number of items before filtering (400 on a
    malformed filter)."""
    form = ItemFilterForm(request.args)
    course_filter = course_scope(current_user, form.course.data)
    topics = {t.id: t.title for t in topics_of(course_filter.course_ids)}
    if not form.validate() or (form.topic.data is not None and form.topic.data not in topics):
        abort(
            400, description="The filters in the address are not valid; go back and choose again."
        )
    analysis = item_analysis_for(
        current_user, form.cohort.data, form.assignment.data, form.live.data
    )
    view = ItemView(
        topics.get(form.topic.data) if form.topic.data is not None else None,
        form.flag.data or "",
        form.sort.data or "flags",
        form.dir.data == "desc",
    )
    form.topic.choices = [SelectChoice(None, "All topics")] + [
        SelectChoice(k, v) for k, v in topics.items()
    ]
    form.course.choices = course_select_choices(course_filter, "All courses")
    form.course.data = course_filter.slug
    rows = analysis.items
    if course_filter.course is not None:
        in_course = services.item_ids_in_course(
            course_filter.course.id, [row.item_id for row in rows]
        )
        rows = [row for row in rows if row.item_id in in_course]
    shown = replace(analysis, items=view_items(rows, view))
    return form, shown, view, len(analysis.items)


@bp.get("/reports/items")
@role_required("trainer")
def items() -> ResponseReturnValue:
    """Item analysis of a cohort, an assignment, or all the trainer's cohorts."""
    form, analysis, view, total = _analysis()
    cohorts, assignments = services.filter_choices(current_user)
    form.cohort.choices = [(None, "All my cohorts"), *cohorts]
    form.assignment.choices = [(None, "Any (or none)"), *assignments]
    link_args = scope_args(analysis.scope)
    filter_args = dict(link_args)
    if form.course.data:
        filter_args["course"] = form.course.data
    if form.topic.data is not None:
        filter_args["topic"] = form.topic.data
    if view.flag:
        filter_args["flag"] = view.flag
    return render_template(
        "reports/items.html",
        form=form,
        analysis=analysis,
        cases=case_analysis(analysis.scope),
        link_args=link_args,
        filter_args=filter_args,
        sorted_args=dict(filter_args, sort=view.sort, dir="desc" if view.descending else "asc"),
        view=view,
        total_items=total,
        facility_floor=FACILITY_FLOOR,
        facility_ceiling=FACILITY_CEILING,
        discrimination_floor=DISCRIMINATION_FLOOR,
    )


@bp.get("/reports/items/<name>.csv")
@role_required("trainer")
def items_csv(name: str) -> ResponseReturnValue:
    """The items or tests table of the analysis as CSV."""
    analysis = _analysis()[1]
    return _csv(item_tables(analysis), name, "item-analysis")


@bp.get("/reports/items.xlsx")
@role_required("trainer")
def items_xlsx() -> ResponseReturnValue:
    """The item analysis as a workbook."""
    analysis = _analysis()[1]
    return _xlsx(item_tables(analysis), "item-analysis")
