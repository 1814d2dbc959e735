"""Problem-report pages: a learner reports a problem with an item; reviewers close reports."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from quizapp.accounts.routes import safe_next
from quizapp.enums import ProblemStatus
from quizapp.extensions import db, limiter
from quizapp.problems import services
from quizapp.problems.forms import CloseProblemForm, ReportProblemForm

bp = Blueprint("problems", __name__)


def _per_user() -> str:
    """Reports are limited per account (a classroom shares one address)."""
    return f"user:{current_user.get_id()}"


@bp.route("/items/<int:item_id>/report", methods=["GET", "POST"])
@login_required
@limiter.limit(
    lambda: current_app.config["PROBLEM_REPORT_RATE_LIMIT"], methods=["POST"], key_func=_per_user
)
def report(item_id: int) -> ResponseReturnValue:
    """The report form for one item the learner may study; sending it files the report once."""
    item = services.item_for_reporter_or_404(current_user, item_id)
    back = safe_next(request.args.get("next"))
    form = ReportProblemForm()
    if form.validate_on_submit():
        filed = services.report_problem(
            current_user, item, reason=form.reason.data, comment=form.comment.data or ""
        )
        db.session.commit()
        if filed is services.Filed.ALREADY_OPEN:
            flash("You have already reported this item; an author will look at it.", "info")
        else:
            flash("Thank you: your report was sent to the authors.", "success")
        return redirect(back)
    status = 422 if form.is_submitted() else 200
    return render_template("problems/report.html", item=item, form=form, back=back), status


@bp.get("/problems")
@login_required
def queue() -> ResponseReturnValue:
    """Open (or closed) reports on the items of the courses the viewer reviews (none for a
    learner who authors nothing: the page is then empty)."""
    shown = request.args.get("status", ProblemStatus.OPEN.value)
    if shown not in {s.value for s in ProblemStatus}:
        shown = ProblemStatus.OPEN.value
    rows = services.review_queue(current_user, status=shown)
    return render_template(
        "problems/queue.html", rows=rows, shown=shown, form=CloseProblemForm(formdata=None)
    )


@bp.post("/problems/<int:report_id>")
@login_required
def close(report_id: int) -> ResponseReturnValue:
    """Resolve or dismiss one report with a note (404 outside the courses the viewer reviews)."""
    form = CloseProblemForm()
    if not form.validate_on_submit():
        errors = [e for field in (form.status, form.note) for e in field.errors]
        flash(" ".join(errors) or "The form expired; please try again.", "warning")
        return redirect(url_for("problems.queue", _anchor=f"report-{report_id}"))
    closed = services.close_report(
        current_user, report_id, status=form.status.data, note=form.note.data or ""
    )
    db.session.commit()
    if closed:
        flash("The report is closed.", "success")
    else:
        flash("That report had already been closed.", "info")
    return redirect(url_for("problems.queue"))
