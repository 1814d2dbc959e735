"""Live sessions: the trainer's pages (by session id) and the participants' pages (by PIN)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from quizapp.core.access import public, role_required
from quizapp.courses.services import CourseScope, course_scope, topics_of
from quizapp.enums import LivePhase
from quizapp.extensions import db
from quizapp.items.forms import AnswerFormBase, answer_form_class, raw_answer
from quizapp.live import access, guessing, play, report, rules, screens, services
from quizapp.live.forms import EndForm, JoinForm, NewSessionForm, PinForm, RemoveForm, StepForm
from quizapp.live.rules import Step
from quizapp.live.services import LiveError
from quizapp.models.courses import Course
from quizapp.models.live import LiveParticipant, LiveSession

bp = Blueprint("live", __name__)
bp.add_app_template_global(rules.option_letter, "option_letter")

COOKIE_MAX_AGE = 12 * 3600


def _polling_json(payload: dict[str, Any], etag: str) -> BaseResponse:
    """JSON with a weak ETag; ``If-None-Match`` that matches gets 304 with no body."""
    response = jsonify(payload)
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


# --- trainer ----------------------------------------------------------------------------------


@bp.get("/live")
@role_required("trainer")
def index() -> ResponseReturnValue:
    """The trainer's sessions, running and past."""
    return render_template("live/index.html", sessions=services.trainer_sessions(current_user))


@bp.route("/live/new", methods=["GET", "POST"])
@role_required("trainer")
def new() -> ResponseReturnValue:
    """Choose the questions and settings; creating the session gives it a PIN.

    Searching the bank posts the whole form (the "Search" button, or Enter in any field), so the
    title, cohort and settings typed so far, and the questions ticked, are kept.
    """
    scope = course_scope(current_user, None)
    form = NewSessionForm(course=scope.choices[0].slug if scope.choices else None)
    if not form.is_submitted():
        form.q.data = request.args.get("q", "")
    search = (form.q.data or "")[:100]
    form.cohort_id.choices = _choices("No cohort (ad hoc)", services.cohort_choices(current_user))
    form.course.choices = [SelectChoice(c.slug, c.title) for c in scope.choices]
    course = _session_course(form, scope)
    form.course.data = course.slug if course else form.course.data
    topics = topics_of([course.id]) if course else []
    form.topic_id.choices = _choices("Any topic", [(t.id, t.title) for t in topics])
    ticked = [i for i in form.item_ids.data or () if isinstance(i, int)]
    bank = services.bank_items(search, keep=ticked, course_id=course.id if course else -1)
    form.item_ids.choices = [SelectChoice(str(i.id), i.prompt) for i in bank]
    if not form.search.data and form.validate_on_submit():
        try:
            session = services.create_session(current_user, _new_session(form, course=course))
        except LiveError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            return redirect(url_for("live.presenter", session_id=session.id))
    return render_template("live/new.html", form=form, bank=bank, search=search)


def _session_course(form: NewSessionForm, scope: CourseScope) -> Course | None:
    """The course the form's questions come from: the chosen cohort's (one of the trainer's),
    else the course chosen among those the trainer may use; None when neither is known."""
    cohort_id = form.cohort_id.data if isinstance(form.cohort_id.data, int) else None
    if cohort_id is not None and cohort_id in {c for c, _ in services.cohort_choices(current_user)}:
        course_id = services.session_course_id(_new_session(form, cohort_id=cohort_id))
        return next((c for c in scope.choices if c.id == course_id), None)
    return next((c for c in scope.choices if c.slug == form.course.data), None)


def _choices(blank: str, pairs: list[tuple[int, str]]) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(value), label) for value, label in pairs]


def _new_session(
    form: NewSessionForm, *, cohort_id: int | None = None, course: Course | None = None
) -> services.NewSession:
    return services.NewSession(
        title=form.title.data or "",
        cohort_id=cohort_id if cohort_id is not None else form.cohort_id.data,
        course_id=course.id if course else None,
        topic_id=form.topic_id.data,
        kinds=tuple(form.kinds.data or ()),
        count=form.count.data,
        picked_item_ids=tuple(form.item_ids.data or ()),
        seconds_per_question=form.seconds_per_question.data or None,
        allow_guests=form.allow_guests.data,
        speed_bonus=form.speed_bonus.data,
        show_leaderboard=form.show_leaderboard.data,
    )


@bp.get("/live/<int:session_id>")
@role_required("trainer")
def presenter(session_id: int) -> ResponseReturnValue:
    """The big-screen view with the trainer's controls."""
    session = access.session_for(current_user, session_id)
    return render_template(
        "live/presenter.html",
        step_form=StepForm(),
        remove_form=RemoveForm(),
        **screens.presenter_context(session),
    )


@bp.get("/live/<int:session_id>/state")
@role_required("trainer")
def presenter_state(session_id: int) -> ResponseReturnValue:
    """Polled by the presenter view: state plus who joined and how many answered."""
    session = access.session_for(current_user, session_id)
    state = services.presenter_state(session)
    etag = f"t{session.id}-r{session.revision}-n{state['participant_count']}-a{state['answers']}"
    return _polling_json(state, etag)


def _step_action(
    session: LiveSession, action: Callable[[LiveSession, Step], object], form: StepForm
) -> ResponseReturnValue:
    if form.validate_on_submit():
        try:
            action(session, Step(form.phase.data, form.question_index.data))
        except LiveError as error:
            flash(str(error), "warning")
        else:
            db.session.commit()
    else:
        flash("That button was out of date; here is the current state.", "warning")
    return redirect(url_for("live.presenter", session_id=session.id))


@bp.post("/live/<int:session_id>/next")
@role_required("trainer")
def advance(session_id: int) -> ResponseReturnValue:
    """Lobby → question → reveal → leaderboard → next question … → end."""
    session = access.session_for(current_user, session_id)
    return _step_action(session, services.advance, StepForm())


@bp.post("/live/<int:session_id>/end")
@role_required("trainer")
def end(session_id: int) -> ResponseReturnValue:
    """End the session now: the first press shows a confirmation page, the second ends it."""
    session = access.session_for(current_user, session_id)
    form = EndForm()
    if form.validate_on_submit() and form.confirmed.data != "yes":
        return render_template("live/end.html", session=session, form=form)
    return _step_action(session, services.end_session, form)


@bp.post("/live/<int:session_id>/add-time")
@role_required("trainer")
def add_time(session_id: int) -> ResponseReturnValue:
    """Fifteen more seconds for the current question."""
    session = access.session_for(current_user, session_id)
    return _step_action(session, services.add_time, StepForm())


@bp.post("/live/<int:session_id>/participants/<int:participant_id>/remove")
@role_required("trainer")
def remove(session_id: int, participant_id: int) -> ResponseReturnValue:
    """Remove a participant (an unsuitable nickname, someone who should not be there)."""
    session = access.session_for(current_user, session_id)
    if RemoveForm().validate_on_submit():
        participant = services.remove_participant(session, participant_id)
        db.session.commit()
        flash(f"{participant.nickname} was removed.", "success")
    return redirect(url_for("live.presenter", session_id=session_id))


@bp.get("/live/<int:session_id>/report")
@role_required("trainer")
def report_page(session_id: int) -> ResponseReturnValue:
    """Per question and per participant, for whoever may run the session (``access``)."""
    session = access.session_for(current_user, session_id)
    return render_template("live/report.html", report=report.session_report(session))


@bp.get("/live/<int:session_id>/report.csv")
@role_required("trainer")
def report_csv(session_id: int) -> ResponseReturnValue:
    """The report as CSV: one row per participant and question."""
    session = access.session_for(current_user, session_id)
    body = report.report_csv(report.session_report(session))
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="live-{session.pin}-{session.id}.csv"'
        },
    )


# --- participants -----------------------------------------------------------------------------


@bp.errorhandler(guessing.TooManyGuesses)
def too_many_guesses(refusal: guessing.TooManyGuesses) -> ResponseReturnValue:
    """429 for an address past its wrong PINs: JSON for the state poll, else the PIN page."""
    headers = {"Retry-After": str(refusal.retry_after_seconds)}
    if request.endpoint == "live.play_state":
        return jsonify(error=429, message=refusal.message), 429, headers
    page = render_template("live/join.html", form=PinForm(formdata=None), refusal=refusal.message)
    return page, 429, headers


@bp.route("/live/join", methods=["GET", "POST"])
@public
def join() -> ResponseReturnValue:
    """Type the PIN; a PIN no session has is a wrong guess (limited per address)."""
    form = PinForm()
    if form.validate_on_submit():
        pin = form.pin.data.strip()
        if play.find_by_pin(pin, guessing.client_address()) is not None:
            return redirect(url_for("live.join_pin", pin=pin))
        form.pin.errors.append(play.NO_SUCH_PIN)
    return render_template("live/join.html", form=form)


@bp.route("/live/join/<pin>", methods=["GET", "POST"])
@public
def join_pin(pin: str) -> ResponseReturnValue:
    """Join as yourself (signed in) or as a guest with a nickname; a returning phone goes straight
    in. A signed-in non-member of a cohort-only session is told why they cannot join (403)."""
    session, participant = _participant(pin)
    if participant is not None:
        return redirect(url_for("live.play_page", pin=pin))
    user = current_user if current_user.is_authenticated else None
    refusal = access.participation_refusal(session, user.id) if user else None
    form = JoinForm()
    if refusal is None and form.validate_on_submit():
        try:
            participant = play.join(session, user=user, nickname=form.nickname.data)
        except LiveError as error:
            form.nickname.errors.append(str(error))
        else:
            token = participant.token  # read before the commit expires it (no reload)
            db.session.commit()
            response = redirect(url_for("live.play_page", pin=pin))
            response.set_cookie(
                play.cookie_name(pin),
                token,
                max_age=COOKIE_MAX_AGE,
                path="/live/",
                httponly=True,
                samesite="Lax",
                secure=current_app.config["SESSION_COOKIE_SECURE"],
            )
            return response
    page = render_template(
        "live/join_pin.html", session=session, form=form, user=user, refusal=refusal
    )
    return page, 403 if refusal else 200


def _participant(pin: str) -> tuple[LiveSession, LiveParticipant | None]:
    return play.lookup(pin, request.cookies.get(play.cookie_name(pin)), guessing.client_address())


@bp.get("/live/play/<pin>")
@public
def play_page(pin: str) -> ResponseReturnValue:
    """The participant's phone: waiting, the question, the reveal, their rank."""
    session, participant = _participant(pin)
    if participant is None:
        return redirect(url_for("live.join_pin", pin=pin))
    context = screens.participant_context(session, participant)
    form = (
        answer_form_class(context["shown"])(position=session.question_index)
        if "shown" in context
        else None
    )
    return render_template("live/play.html", form=form, **context)


@bp.post("/live/play/<pin>/answer")
@public
def answer(pin: str) -> ResponseReturnValue:
    """Store this participant's answer once, while the question is open."""
    session, participant = _participant(pin)
    if participant is None:
        return redirect(url_for("live.join_pin", pin=pin))
    item = services.current_item(session)
    if session.phase != LivePhase.QUESTION or item is None:
        flash("That question is closed, so your answer was not counted.", "warning")
        return redirect(url_for("live.play_page", pin=pin))
    shown = services.presented(session, item)
    form = answer_form_class(shown, base=AnswerFormBase)()
    if not form.validate_on_submit():
        return render_template(
            "live/play.html", form=form, **screens.participant_context(session, participant)
        ), 422
    try:
        play.submit_answer(
            session,
            participant,
            question_index=_int(form.position.data),
            raw=raw_answer(form, shown),
        )
    except LiveError as error:
        flash(str(error), "warning")
    else:
        db.session.commit()
        flash("Answer received.", "success")
    return redirect(url_for("live.play_page", pin=pin))


def _int(value: str | int | None) -> int:
    if value is None:
        return -1
    try:
        return int(value)
    except ValueError:
        return -1


@bp.get("/live/play/<pin>/state")
@public
def play_state(pin: str) -> ResponseReturnValue:
    """Polled by phones about once a second: one indexed query, 304 when nothing changed."""
    session, participant = _participant(pin)
    state = play.participant_state(session, participant)
    return _polling_json(state.payload, state.etag)
