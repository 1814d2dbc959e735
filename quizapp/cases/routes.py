"""Case-study pages: the list, a case's opening page, and a run played one decision per page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from quizapp.cases import services
from quizapp.cases.forms import DecisionForm, StartCaseForm
from quizapp.cases.services import Outcome, RunState
from quizapp.extensions import db

bp = Blueprint("cases", __name__)

STALE_MESSAGES = {
    Outcome.ALREADY_DECIDED: "You had already decided that step; your first decision is kept.",
    Outcome.NOT_CURRENT: "That step is not the one waiting for your decision.",
    Outcome.FINISHED: "This case is over; your decisions were already saved.",
}


@bp.get("/cases")
@login_required
def index() -> ResponseReturnValue:
    """The cases the learner may play, with their unfinished runs and best scores."""
    return render_template("cases/index.html", entries=services.list_cases(current_user))


@bp.get("/cases/<int:item_id>")
@login_required
def case(item_id: int) -> ResponseReturnValue:
    """A case's opening situation and a Start (or Resume) button."""
    item = services.case_for_viewer_or_404(current_user, item_id)
    return render_template("cases/case.html", item=item, form=StartCaseForm())


@bp.post("/cases/<int:item_id>")
@login_required
def start(item_id: int) -> ResponseReturnValue:
    """Resume the learner's unfinished run of the case, or start one; then go to it."""
    item = services.case_for_viewer_or_404(current_user, item_id)
    if not StartCaseForm().validate_on_submit():
        flash("The form expired; please start the case again.", "warning")
        return redirect(url_for("cases.case", item_id=item_id))
    run = services.start_or_resume(current_user, item)
    db.session.commit()
    return redirect(url_for("cases.run", run_id=run.id))


def _render_run(state: RunState, form: DecisionForm, status: int = 200) -> ResponseReturnValue:
    if state.step is not None:
        form.step.data = state.waiting
        form.option.choices = [SelectChoice(o["text"], o["text"]) for o in state.step["options"]]
        form.option.label.text = state.step["question"]
    template = "cases/run.html" if state.waiting else "cases/summary.html"
    return render_template(template, state=state, form=form), status


@bp.get("/cases/runs/<int:run_id>")
@login_required
def run(run_id: int) -> ResponseReturnValue:
    """The step waiting for a decision (after the last decision's consequence), or the summary."""
    state = services.load_run(current_user, run_id)
    return _render_run(state, DecisionForm(formdata=None))


@bp.post("/cases/runs/<int:run_id>")
@login_required
def decide(run_id: int) -> ResponseReturnValue:
    """Store one decision once, then show what it led to."""
    state = services.load_run(current_user, run_id)
    form = DecisionForm()
    if state.step is not None:
        form.option.choices = [SelectChoice(o["text"], o["text"]) for o in state.step["options"]]
    if not form.validate_on_submit():
        return _render_run(state, form, 422)
    try:
        outcome = services.decide(state, form.step.data or "", form.option.data or "")
    except services.InvalidDecision as error:
        form.option.errors = [str(error)]
        return _render_run(state, form, 422)
    db.session.commit()
    if outcome in STALE_MESSAGES:
        flash(STALE_MESSAGES[outcome], "warning")
    return redirect(url_for("cases.run", run_id=run_id, _anchor="what-happened"))
