"""Cohorts for trainers and learners, joining by code or PIN, and assignments."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from quizapp.cohorts import assignments, services
from quizapp.cohorts.codes import EntryKind, classify_entry, format_code
from quizapp.cohorts.forms import (
    CohortForm,
    CoTrainerForm,
    GoalAssignmentForm,
    JoinForm,
    QuizAssignmentForm,
)
from quizapp.cohorts.qr import qr_svg
from quizapp.core.access import public, role_required
from quizapp.core.forms import EmptyForm
from quizapp.core.text_input import CONTROL_MESSAGE
from quizapp.courses.services import course_scope, topics_of
from quizapp.enums import AssignmentKind
from quizapp.extensions import db
from quizapp.live import guessing, play
from quizapp.models.accounts import User

bp = Blueprint("cohorts", __name__)


@bp.context_processor
def _goal_thresholds() -> dict[str, object]:
    """Goal thresholds for the templates, from the one place that defines them."""
    return {
        "goal_threshold": assignments.goal_threshold,
        "default_goal_mastery": assignments.GOAL_MASTERY,
    }


def _join_url(code: str) -> str:
    return url_for("cohorts.join_link", code=code, _external=True)


@bp.get("/cohorts")
@login_required
def index() -> ResponseReturnValue:
    """Trainers: the cohorts they run. Everyone: the cohorts they learn in, with assignments."""
    managed = services.managed_cohorts(current_user) if current_user.has_role("trainer") else []
    joined = services.learner_cohorts(current_user)
    tasks = assignments.cohort_assignments(c.id for c in joined)
    return render_template(
        "cohorts/index.html",
        managed=managed,
        joined=joined,
        tasks=tasks,
        statuses=assignments.statuses_for(current_user, tasks),
        cohort_names={c.id: c.name for c in joined},
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required("trainer")
def new() -> ResponseReturnValue:
    """Create a cohort on one of the courses the trainer may use, and show its join code."""
    scope = course_scope(current_user, None)
    # the built-in course comes first, and is the course when none is sent
    form = CohortForm(course=scope.choices[0].slug if scope.choices else None)
    form.course.choices = [(c.slug, c.title) for c in scope.choices]
    if form.validate_on_submit():
        course = next(c for c in scope.choices if c.slug == form.course.data)
        cohort = services.create_cohort(
            current_user,
            name=form.name.data,
            description=form.description.data or "",
            course_id=course.id,
        )
        db.session.commit()
        flash(f"Cohort created. Its join code is {format_code(cohort.join_code)}.", "success")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    return render_template("cohorts/new.html", form=form)


@bp.get("/cohorts/<int:cohort_id>")
@login_required
def show(cohort_id: int) -> ResponseReturnValue:
    """The trainer's control page, or the learner's view of a cohort they are in (404 otherwise)."""
    if not services.can_open_as_trainer(current_user, cohort_id):
        cohort = services.joined_cohort(current_user, cohort_id)
        tasks = assignments.cohort_assignments([cohort.id])
        return render_template(
            "cohorts/learner.html",
            cohort=cohort,
            tasks=tasks,
            form=EmptyForm(),
            statuses=assignments.statuses_for(current_user, tasks),
        )
    cohort = services.managed_cohort(current_user, cohort_id)
    tasks = assignments.cohort_assignments([cohort.id])
    return render_template(
        "cohorts/show.html",
        cohort=cohort,
        roster=services.roster(cohort.id),
        tasks=tasks,
        counts=assignments.completion_counts(cohort.id, tasks),
        co_trainers=services.co_trainers(cohort.id),
        owner=db.session.get(User, cohort.owner_id),
        join_url=_join_url(cohort.join_code),
        code=format_code(cohort.join_code),
        form=EmptyForm(),
        co_trainer_form=CoTrainerForm(),
    )


@bp.get("/cohorts/<int:cohort_id>/qr.svg")
@role_required("trainer")
def qr(cohort_id: int) -> ResponseReturnValue:
    """The join link as a QR code (SVG) to project in the room."""
    cohort = services.managed_cohort(current_user, cohort_id)
    svg = qr_svg(_join_url(cohort.join_code), title=f"Join {cohort.name}")
    return Response(
        svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"}
    )


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/remove")
@role_required("trainer")
def remove_learner(cohort_id: int, user_id: int) -> ResponseReturnValue:
    """Take a learner out of the cohort."""
    cohort = services.managed_cohort(current_user, cohort_id)
    if EmptyForm().validate_on_submit():
        services.remove_learner(cohort, user_id)
        db.session.commit()
        flash("The learner was removed from the cohort.", "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/co-trainers")
@role_required("trainer")
def add_co_trainer(cohort_id: int) -> ResponseReturnValue:
    """Add a co-trainer by email."""
    cohort = services.managed_cohort(current_user, cohort_id)
    form = CoTrainerForm()
    if not form.validate_on_submit():
        if CONTROL_MESSAGE in form.email.errors:
            flash(CONTROL_MESSAGE, "error")
        else:
            flash("Enter the email address of a trainer's account.", "error")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id, _anchor="co-trainers"))
    try:
        user = services.add_co_trainer(cohort, form.email.data)
    except services.CohortError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"{user.display_name} can now run this cohort with you.", "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id, _anchor="co-trainers"))


@bp.post("/cohorts/<int:cohort_id>/co-trainers/<int:user_id>/remove")
@role_required("trainer")
def remove_co_trainer(cohort_id: int, user_id: int) -> ResponseReturnValue:
    """End a co-trainer's access."""
    cohort = services.managed_cohort(current_user, cohort_id)
    if EmptyForm().validate_on_submit():
        services.remove_co_trainer(cohort, user_id)
        db.session.commit()
        flash("The co-trainer was removed.", "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id, _anchor="co-trainers"))


@bp.post("/cohorts/<int:cohort_id>/archive")
@role_required("trainer")
def archive(cohort_id: int) -> ResponseReturnValue:
    """Archive the cohort: no more joins, hidden from learners, everything kept."""
    cohort = services.managed_cohort(current_user, cohort_id)
    if EmptyForm().validate_on_submit():
        services.set_archived(cohort, True)
        db.session.commit()
        flash(
            "The cohort is archived. Its data is kept; you can restore it at any time.", "success"
        )
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/restore")
@role_required("trainer")
def restore(cohort_id: int) -> ResponseReturnValue:
    """Bring an archived cohort back."""
    cohort = services.managed_cohort(current_user, cohort_id)
    if EmptyForm().validate_on_submit():
        services.set_archived(cohort, False)
        db.session.commit()
        flash("The cohort is active again.", "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/assignments/new-quiz", methods=["GET", "POST"])
@role_required("trainer")
def new_quiz(cohort_id: int) -> ResponseReturnValue:
    """Assign a quiz to the cohort."""
    return _new_assignment(cohort_id, AssignmentKind.QUIZ)


@bp.route("/cohorts/<int:cohort_id>/assignments/new-goal", methods=["GET", "POST"])
@role_required("trainer")
def new_goal(cohort_id: int) -> ResponseReturnValue:
    """Set a flashcard goal for the cohort."""
    return _new_assignment(cohort_id, AssignmentKind.FLASHCARDS)


def _new_assignment(cohort_id: int, kind: str) -> ResponseReturnValue:
    """Show and handle the assignment form of ``kind``."""
    cohort = services.managed_cohort(current_user, cohort_id)
    form = QuizAssignmentForm() if kind == AssignmentKind.QUIZ else GoalAssignmentForm()
    form.topics.choices = [SelectChoice(t.id, t.title) for t in topics_of([cohort.course_id])]
    if form.validate_on_submit():
        common = dict(
            title=form.title.data or "", topic_ids=form.topics.data, due_on=form.due_on.data
        )
        try:
            if kind == AssignmentKind.QUIZ:
                task = assignments.create_quiz_assignment(
                    cohort,
                    current_user,
                    kinds=form.kinds.data,
                    length=form.length.data,
                    mode=form.mode.data,
                    origin=form.origin.data,
                    **common,
                )
            else:
                task = assignments.create_goal_assignment(cohort, current_user, **common)
        except assignments.AssignmentError as error:
            form.topics.errors = [*form.topics.errors, str(error)]
        else:
            db.session.commit()
            flash(f"Assigned “{task.title}” to {cohort.name}.", "success")
            return redirect(url_for("cohorts.show", cohort_id=cohort.id, _anchor="assignments"))
    return render_template("cohorts/new_assignment.html", cohort=cohort, form=form, kind=kind)


@bp.get("/assignments/<int:assignment_id>")
@login_required
def assignment(assignment_id: int) -> ResponseReturnValue:
    """A learner's assignment with Start/Continue, or a trainer's results per learner."""
    task, cohort, viewer = assignments.assignment_for(current_user, assignment_id)
    titles = assignments.topic_titles([task])
    if viewer == "trainer":
        return render_template(
            "cohorts/assignment_results.html",
            task=task,
            cohort=cohort,
            rows=assignments.results(task),
            topic_titles=titles,
            form=EmptyForm(),
        )
    return render_template(
        "cohorts/assignment.html",
        task=task,
        cohort=cohort,
        topic_titles=titles,
        status=assignments.statuses_for(current_user, [task])[task.id],
        form=EmptyForm(),
    )


@bp.post("/assignments/<int:assignment_id>/start")
@login_required
def start_assignment(assignment_id: int) -> ResponseReturnValue:
    """Start (or continue) the quiz, or queue the goal's flashcards and go to study."""
    task, _cohort, viewer = assignments.assignment_for(current_user, assignment_id)
    if viewer != "learner" or not EmptyForm().validate_on_submit():
        return redirect(url_for("cohorts.assignment", assignment_id=task.id))
    try:
        if task.kind == AssignmentKind.QUIZ:
            attempt_id = assignments.start_quiz(current_user, task)
        else:
            queued = assignments.start_goal(current_user, task)
    except assignments.AssignmentError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("cohorts.assignment", assignment_id=task.id))
    db.session.commit()
    if task.kind == AssignmentKind.QUIZ:
        return redirect(url_for("quiz.resume", attempt_id=attempt_id))
    flash(
        f"{queued} cards for this goal are ready to study."
        if queued
        else "Every card of this goal is fresh in your memory; review when they come due.",
        "success",
    )
    return redirect(url_for("study.index"))


@bp.post("/assignments/<int:assignment_id>/delete")
@role_required("trainer")
def delete_assignment(assignment_id: int) -> ResponseReturnValue:
    """Withdraw an assignment (learners' attempts are kept)."""
    task, cohort, viewer = assignments.assignment_for(current_user, assignment_id)
    if viewer != "trainer":
        abort(404)
    if EmptyForm().validate_on_submit():
        assignments.delete_assignment(task)
        db.session.commit()
        flash("The assignment was withdrawn.", "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id, _anchor="assignments"))


@bp.post("/cohorts/<int:cohort_id>/leave")
@login_required
def leave(cohort_id: int) -> ResponseReturnValue:
    """A learner leaves a cohort."""
    cohort = services.joined_cohort(current_user, cohort_id)
    if EmptyForm().validate_on_submit():
        services.remove_learner(cohort, current_user.id)
        db.session.commit()
        flash(f"You left {cohort.name}.", "success")
    return redirect(url_for("cohorts.index"))


@bp.route("/join", methods=["GET", "POST"])
@public
def join() -> ResponseReturnValue:
    """One box for a cohort code or a live PIN; open to guests, who may join live sessions.

    Only wrong codes and PINs are limited per address (``quizapp.live.guessing``), so a whole
    classroom behind one address can join.
    """
    form = JoinForm()
    if not form.validate_on_submit():
        return render_template("cohorts/join.html", form=form, cohort=None)
    entry = classify_entry(form.code.data)
    try:
        if entry.kind is EntryKind.PIN:
            if play.find_by_pin(entry.value, guessing.client_address()) is not None:
                return redirect(url_for("live.join_pin", pin=entry.value))
            form.code.errors.append(play.NO_SUCH_PIN)
        elif entry.kind is EntryKind.INVALID:
            form.code.errors.append(
                "That is not a code or a PIN. Cohort codes have 8 letters; PINs have 6 digits."
            )
        elif not current_user.is_authenticated:
            flash(
                "Log in (or create an account) to join the cohort; "
                "you will come straight back here.",
                "warning",
            )
            return redirect(
                url_for("accounts.login", next=url_for("cohorts.join_link", code=entry.value))
            )
        else:
            return _join_cohort(form, entry.value)
    except guessing.TooManyGuesses as refusal:
        return _too_many_guesses(form, refusal)
    return render_template("cohorts/join.html", form=form, cohort=None)


def _join_cohort(form: JoinForm, code: str) -> ResponseReturnValue:
    """Join the cohort with ``code``, or show why not; a wrong code counts as a guess."""
    address = guessing.client_address()
    guessing.check_address(address)
    try:
        outcome = services.join_cohort(current_user, code)
    except services.UnknownCode as error:
        guessing.record_wrong(address)
        form.code.errors.append(str(error))
    except services.CohortError as error:
        form.code.errors.append(str(error))
    else:
        db.session.commit()
        flash(
            f"You joined {outcome.cohort.name}."
            if outcome.joined
            else f"You are already in {outcome.cohort.name}.",
            "success",
        )
        return redirect(url_for("cohorts.show", cohort_id=outcome.cohort.id))
    return render_template("cohorts/join.html", form=form, cohort=None)


def _too_many_guesses(form: JoinForm, refusal: guessing.TooManyGuesses) -> ResponseReturnValue:
    form.code.errors = [*form.code.errors, refusal.message]  # a form never validated has a tuple
    return (
        render_template("cohorts/join.html", form=form, cohort=None),
        429,
        {"Retry-After": str(refusal.retry_after_seconds)},
    )


@bp.get("/join/<code>")
@public
def join_link(code: str) -> ResponseReturnValue:
    """The link behind the QR code: a confirm page (joining is a POST), after login for visitors."""
    entry = classify_entry(code)
    if entry.kind is EntryKind.PIN:
        return redirect(url_for("live.join_pin", pin=entry.value))
    if not current_user.is_authenticated:
        flash(
            "Log in (or create an account) to join the cohort; you will come straight back here.",
            "warning",
        )
        return redirect(
            url_for("accounts.login", next=url_for("cohorts.join_link", code=entry.value or code))
        )
    form = JoinForm(data={"code": code})
    cohort = None
    if entry.kind is EntryKind.COHORT_CODE:
        address = guessing.client_address()
        try:
            cohort = services.cohort_by_code(entry.value)
            if cohort is None:
                guessing.record_wrong(address)
            else:
                guessing.check_address(address)
        except guessing.TooManyGuesses as refusal:
            return _too_many_guesses(JoinForm(formdata=None), refusal)
        if cohort is not None:
            form = JoinForm(data={"code": format_code(entry.value)})
    return render_template(
        "cohorts/join.html", form=form, cohort=cohort if cohort and not cohort.archived else None
    )
