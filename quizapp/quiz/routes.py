"""Quiz pages: the builder, one question per page, results, and practising what was missed."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from quizapp.courses.services import CourseScope, course_scope
from quizapp.enums import QuizMode
from quizapp.extensions import db
from quizapp.items.forms import AnswerFormBase, SelectChoice, answer_form_class, raw_answer
from quizapp.quiz import services
from quizapp.quiz.forms import BuildQuizForm, PractiseMissedForm
from quizapp.quiz.services import Outcome

bp = Blueprint("quiz", __name__)

STALE_MESSAGES = {
    Outcome.ALREADY_ANSWERED: (
        "You had already answered question {n}. Your first answer is kept.",
        "warning",
    ),
    Outcome.FINISHED: (
        "This quiz is finished; your answer to question {n} was already saved.",
        "warning",
    ),
    Outcome.NOT_YET: ("Please answer question {n} first.", "warning"),
}


def _builder(form: BuildQuizForm, slug: str | None) -> tuple[BuildQuizForm, CourseScope]:
    """The builder for the course ``slug`` (or every course the learner may study from)."""
    scope = course_scope(current_user, slug)
    topics = services.topic_counts(scope.course_ids)
    form.topics.choices = [
        SelectChoice(topic.id, f"{topic.title} ({count})") for topic, count in topics
    ]
    form.course.data = scope.slug
    return form, scope


@bp.get("/quiz")
@login_required
def index() -> ResponseReturnValue:
    """The quiz builder (``?course=<slug>`` for one course), the learner's quizzes in progress
    and recent results."""
    in_progress, finished = services.learner_attempts(current_user.id)
    form, scope = _builder(BuildQuizForm(), request.args.get("course"))
    return render_template(
        "quiz/index.html", form=form, scope=scope, in_progress=in_progress, finished=finished
    )


@bp.post("/quiz")
@login_required
def start() -> ResponseReturnValue:
    """Build a quiz from the form and go to its first question."""
    form, scope = _builder(BuildQuizForm(), request.form.get("course"))
    if form.validate_on_submit():
        try:
            attempt = services.start_attempt(
                current_user,
                topic_ids=form.topics.data or [],
                kinds=form.kinds.data or [],
                length=form.length.data,
                origin=form.origin.data,
                mode=form.mode.data,
                course_ids=scope.course_ids,
            )
        except services.QuizError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if len(attempt.item_ids) < form.length.data:
                flash(
                    f"Only {len(attempt.item_ids)} questions match your choices, so this quiz has "
                    f"{len(attempt.item_ids)} instead of {form.length.data}.",
                    "warning",
                )
            return redirect(url_for("quiz.question", attempt_id=attempt.id, position=1))
    in_progress, finished = services.learner_attempts(current_user.id)
    return render_template(
        "quiz/index.html", form=form, scope=scope, in_progress=in_progress, finished=finished
    ), 422


@bp.get("/quiz/<int:attempt_id>")
@login_required
def resume(attempt_id: int) -> ResponseReturnValue:
    """Go on where the learner left off: the first unanswered question, or the results."""
    attempt = services.get_attempt(current_user.id, attempt_id)
    position = services.resume_position(attempt)
    if position is None:
        return redirect(url_for("quiz.results", attempt_id=attempt_id))
    return redirect(url_for("quiz.question", attempt_id=attempt_id, position=position))


@bp.get("/quiz/<int:attempt_id>/q/<int:position>")
@login_required
def question(attempt_id: int, position: int) -> ResponseReturnValue:
    """Show a question: its form if it is the current one, its feedback once answered (practice)."""
    q = services.load_question(current_user.id, attempt_id, position)
    if q.response is None and q.next_position != position:
        flash(f"Please answer question {q.next_position} first.", "warning")
        return redirect(url_for("quiz.question", attempt_id=attempt_id, position=q.next_position))
    if q.response is not None and q.attempt.mode == QuizMode.TEST:
        if q.attempt.finished_at is not None:
            return redirect(url_for("quiz.results", attempt_id=attempt_id, _anchor=f"q{position}"))
        flash(
            f"You have already answered question {position}; answers in a test are final.", "info"
        )
        return redirect(url_for("quiz.resume", attempt_id=attempt_id))
    return _render_question(q, answer_form_class(q.presented)(formdata=None))


def _render_question(
    q: services.Question, form: AnswerFormBase, error: str | None = None, status: int = 200
) -> ResponseReturnValue:
    if q.response is None:
        form.position.data = q.position
        form.token.data = form.token.data or services.question_token(
            q
        )  # a re-shown form keeps its start
    response = render_template("quiz/question.html", q=q, form=form, error=error)
    return response, status, {"Cache-Control": "no-store"}


@bp.post("/quiz/<int:attempt_id>/q/<int:position>")
@login_required
def answer(attempt_id: int, position: int) -> ResponseReturnValue:
    """Store the answer once, then show feedback (practice) or the next question (test)."""
    q = services.load_question(current_user.id, attempt_id, position)
    form = answer_form_class(q.presented)()
    try:
        result = services.record_answer(q, raw_answer(form, q.presented), token=form.token.data)
    except services.InvalidAnswer as error:
        if hasattr(form, "answer"):
            form.answer.errors = [str(error)]
        return _render_question(q, form, error=str(error), status=422)
    practice = q.attempt.mode == QuizMode.PRACTICE  # read before the commit expires the attempt
    db.session.commit()
    if result.outcome in STALE_MESSAGES:
        message, category = STALE_MESSAGES[result.outcome]
        flash(message.format(n=result.position), category)
    if result.outcome is Outcome.NOT_YET:
        return redirect(url_for("quiz.question", attempt_id=attempt_id, position=result.position))
    if practice:
        return redirect(url_for("quiz.question", attempt_id=attempt_id, position=position))
    return redirect(url_for("quiz.resume", attempt_id=attempt_id))


@bp.get("/quiz/<int:attempt_id>/results")
@login_required
def results(attempt_id: int) -> ResponseReturnValue:
    """Score and per-question review, exactly as the questions were shown."""
    attempt = services.get_attempt(current_user.id, attempt_id)
    if attempt.finished_at is None:
        flash("Finish the quiz to see your results.", "info")
        return redirect(url_for("quiz.resume", attempt_id=attempt_id))
    entries = services.review(attempt)
    return render_template(
        "quiz/results.html",
        attempt=attempt,
        entries=entries,
        score=services.score_of(entries),
        form=PractiseMissedForm(),
    )


@bp.post("/quiz/<int:attempt_id>/practise-missed")
@login_required
def practise_missed(attempt_id: int) -> ResponseReturnValue:
    """Make the missed items due now in the learner's flashcards, then go to study."""
    try:
        count = services.practise_missed(current_user.id, attempt_id)
    except services.QuizError as error:
        flash(str(error), "warning")
        return redirect(url_for("quiz.resume", attempt_id=attempt_id))
    if not count:
        flash("You missed nothing in this quiz, so there is nothing to practise.", "info")
        return redirect(url_for("quiz.results", attempt_id=attempt_id))
    db.session.commit()
    flash(
        f"{count} question{'s' if count != 1 else ''} you missed {'are' if count != 1 else 'is'} "
        "now due in your flashcards.",
        "success",
    )
    return redirect(url_for("study.index"))
