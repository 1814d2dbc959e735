"""A learner's dashboard and progress page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from quizapp.core.forms import EmptyForm
from quizapp.courses import services as courses
from quizapp.courses.services import course_scope
from quizapp.extensions import db
from quizapp.models.base import utcnow
from quizapp.progress import live_history, services
from quizapp.progress.activity import activity_chart
from quizapp.progress.mastery import MASTERY_HELP
from quizapp.study import services as study
from quizapp.study.services import StudyFilter

bp = Blueprint("progress", __name__)


@bp.get("/dashboard")
@login_required
def dashboard() -> ResponseReturnValue:
    """What to do next: the learner's courses, cards due, topics, quiz results, assignments.

    Cards due count every course the learner may study from (their deck is one deck); the
    topics are those of their own courses (:func:`quizapp.courses.services.my_course_ids`)."""
    now = utcnow()
    scope = course_scope(current_user, None)
    study_filter = StudyFilter(
        include_background=current_user.include_background, course_ids=scope.course_ids
    )
    mine = courses.my_courses(current_user)
    return render_template(
        "progress/dashboard.html",
        counts=study.deck_counts(current_user, study_filter, now),
        courses=courses.course_cards(current_user, mine),
        topics=services.topic_mastery(current_user.id, now, [c.id for c in mine]),
        results=services.recent_results(current_user.id),
        assignments=services.assignments_for(current_user.id),
        returning=services.has_activity(current_user.id),
        now=now,
        mastery_help=MASTERY_HELP,
    )


@bp.get("/progress")
@login_required
def index() -> ResponseReturnValue:
    """Mastery per topic, 30 days of activity, weakest items and the streak."""
    now = utcnow()
    days, streak = services.activity(current_user.id, now.date())
    bars, peak = activity_chart(days)
    return render_template(
        "progress/progress.html",
        topics=services.topic_mastery(
            current_user.id, now, course_scope(current_user, None).course_ids
        ),
        days=days,
        bars=bars,
        peak=peak,
        streak=streak,
        weak_quiz=services.weakest_quiz_items(current_user.id),
        lapsed=services.most_lapsed_cards(current_user.id),
        missed=len(services.missed_quiz_item_ids(current_user.id, now)),
        mastery_help=MASTERY_HELP,
        practise_form=EmptyForm(),
        live_sessions=live_history.sessions_for(current_user.id),
    )


@bp.get("/progress/live/<int:session_id>")
@login_required
def live_session(session_id: int) -> ResponseReturnValue:
    """The learner's own answers in one live session they joined signed in."""
    session, participant, rows = live_history.answers_in(current_user.id, session_id)
    return render_template(
        "progress/live_session.html", session=session, participant=participant, rows=rows
    )


@bp.post("/progress/practise-missed")
@login_required
def practise_missed() -> ResponseReturnValue:
    """Put the quiz questions missed in the last 30 days in the flashcard deck, due now."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = study.make_due_now(
        current_user.id, services.missed_quiz_item_ids(current_user.id, utcnow())
    )
    db.session.commit()
    if count:
        flash(
            f"{count} missed question{'s are' if count != 1 else ' is'} now in your flashcards.",
            "success",
        )
    else:
        flash("You have no missed quiz questions from the last 30 days.", "warning")
    return redirect(url_for("study.index"))
