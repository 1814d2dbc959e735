"""Flashcard sessions: show the front, reveal the back, rate; practise a passage."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from quizapp.core.bounded_ints import query_int
from quizapp.core.forms import EmptyForm
from quizapp.courses import content_cache
from quizapp.courses.services import course_scope, course_select_choices
from quizapp.extensions import db
from quizapp.models.base import utcnow
from quizapp.study import services
from quizapp.study.forms import ReviewForm, StudyFilterForm
from quizapp.study.scheduling import RATING_LABELS, describe_interval

bp = Blueprint("study", __name__)


def _filter_from_args() -> tuple[StudyFilterForm, services.StudyFilter, dict]:
    """The session filter from the query string; the user's preference fills what is not given.
    Cards come from the chosen course, or from every course the learner may study from."""
    scope = course_scope(current_user, request.args.get("course"))
    form = StudyFilterForm(formdata=request.args)
    form.course.choices = course_select_choices(scope, "All your courses")
    form.course.data = scope.slug
    topics = content_cache.topics(scope.course_ids)
    form.topic.choices = [SelectChoice(t.id, t.title) for t in topics]
    form.validate()  # a bad value in one field falls back to its default below, never an error page
    chosen = tuple(form.topic.data) if form.topic.data and not form.topic.errors else None
    if form.background.data in ("1", "0") and not form.background.errors:
        background = form.background.data == "1"
    else:
        background = current_user.include_background
    form.background.data = "1" if background else "0"
    args = {
        "course": scope.slug or None,
        "topic": list(chosen or ()),
        "background": form.background.data,
    }
    study_filter = services.StudyFilter(
        topic_ids=chosen, include_background=background, course_ids=scope.course_ids
    )
    return form, study_filter, args


def _session_args() -> dict:
    """The session's filter as the query string gave it, for the redirect back to /study (which
    checks it again); the rating itself does not depend on it."""
    return {
        "course": request.args.get("course") or None,
        "topic": request.args.getlist("topic", type=int),
        "background": request.args.get("background"),
    }


@bp.get("/study")
@login_required
def index() -> ResponseReturnValue:
    """The session: the next card's front, or (``reveal``) a card's back with the rating buttons."""
    filter_form, study_filter, args = _filter_from_args()
    now = utcnow()
    reveal_id = query_int("item", minimum=1) if request.args.get("reveal") else None
    counts = services.deck_counts(current_user, study_filter, now)
    try:
        card = (
            services.card_for(current_user, reveal_id)
            if reveal_id
            else services.next_card(current_user, study_filter, now, new_today=counts.new_today)
        )
    except services.StudyError as error:
        abort(404, str(error))
    context = {
        "filter_form": filter_form,
        "args": args,
        "card": card,
        "revealed": bool(reveal_id),
        "counts": counts,
        "labels": RATING_LABELS,
    }
    if card is not None and reveal_id:
        # The form names the showing (the seq in the reveal link), not the card's seq now: after a
        # rating, Back reloads this URL, and a second rating of that showing must not be stored.
        seq = services.showing_seq(card, request.args.get("seq", type=int))
        shown = request.args.get("shown", "")
        context.update(
            previews=services.interval_previews(current_user, card, now),
            review_form=ReviewForm(formdata=None, item_id=card.item.id, seq=seq, shown=shown),
            already_rated=seq != card.seq,
        )
    elif card is not None:
        context["shown"] = services.shown_token(current_user.id, card.item.id, card.seq)
    if card is not None and card.state is not None and card.state.due > now:
        context["early_by"] = describe_interval(
            card.state.due - now
        )  # learning card shown ahead of time
    return render_template("study/session.html", **context)


@bp.post("/study/review")
@login_required
def review() -> ResponseReturnValue:
    """Record a rating (once, however often the form is sent) and go on to the next card."""
    args = _session_args()
    form = ReviewForm()
    if not form.validate_on_submit():
        flash("That rating could not be read. Please rate the card again.", "error")
        return redirect(url_for("study.index", **args))
    duration = services.review_duration_ms(
        form.shown.data, user_id=current_user.id, item_id=form.item_id.data, seq=form.seq.data
    )
    try:
        outcome = services.record_review(
            current_user,
            form.item_id.data,
            seq=form.seq.data,
            rating=form.rating.data,
            duration_ms=duration,
        )
    except services.StudyError as error:
        abort(404, str(error))
    db.session.commit()
    if outcome.recorded and outcome.interval is not None:
        flash(f"Saved — next review in {describe_interval(outcome.interval)}.", "success")
    else:
        flash("That card's rating was already saved; here is the next one.", "warning")
    return redirect(url_for("study.index", **args))


@bp.post("/study/passage/<int:passage_id>")
@login_required
def practise_passage(passage_id: int) -> ResponseReturnValue:
    """Put the flashcards from one passage of the document in the deck, due now."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        count = services.practise_passage(current_user, passage_id)
    except services.StudyError as error:
        abort(404, str(error))
    db.session.commit()
    if count:
        cards = f"{count} card{'s' if count != 1 else ''}"
        verb = "are" if count != 1 else "is"
        flash(f"{cards} from this passage {verb} ready to study.", "success")
    else:
        flash("No flashcards are drawn from that passage yet.", "warning")
    return redirect(url_for("study.index"))
