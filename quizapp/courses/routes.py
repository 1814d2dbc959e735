"""Courses: the catalogue, a course's page, creating one, its settings and co-authors,
enrolment, duplicating, and the reader of its documents."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from quizapp.core.access import public
from quizapp.core.forms import EmptyForm
from quizapp.courses import access, services
from quizapp.courses.duplicate import duplicate_course
from quizapp.courses.forms import CoAuthorForm, CourseForm
from quizapp.extensions import db
from quizapp.models import Course

bp = Blueprint("courses", __name__)


def _managed_course(slug: str) -> Course:
    """The course if the user may change its settings: 404 when they cannot see it, 403 when
    they may see it but not manage it (a co-author, a learner, the built-in course)."""
    course = access.course_for_viewer_or_404(current_user, slug)
    if not access.can_manage_authors(current_user, course):
        abort(403)
    return course


@bp.get("/courses")
@login_required
def index() -> ResponseReturnValue:
    """The courses the user may study from, with counts and an Enrol/Leave button each."""
    return render_template(
        "courses/index.html", cards=services.catalogue(current_user), form=EmptyForm()
    )


@bp.route("/courses/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    """Create a course; its creator becomes its owner."""
    if not current_user.may_author:
        abort(403)
    form = CourseForm()
    if form.validate_on_submit():
        course = services.create_course(
            current_user,
            title=form.title.data,
            description=form.description.data or "",
            language=form.language.data,
            visibility=form.visibility.data,
        )
        db.session.commit()
        flash("Course created. Add a document to start writing items.", "success")
        return redirect(url_for("courses.show", slug=course.slug))
    return render_template("courses/new.html", form=form)


@bp.get("/courses/<slug>")
@login_required
def show(slug: str) -> ResponseReturnValue:
    """A course: its documents, topics with item counts, enrolment and authoring links."""
    course = access.course_for_viewer_or_404(current_user, slug)
    authoring = access.can_author(current_user, course)
    return render_template(
        "courses/show.html",
        course=course,
        documents=services.documents(course),
        topics=services.topic_rows(course),
        enrolled=course.id in services.my_course_ids(current_user),
        authoring=authoring,
        links=services.authoring_links(course) if authoring else [],
        manage=access.can_manage_authors(current_user, course),
        may_duplicate=current_user.may_author,
        form=EmptyForm(),
    )


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str) -> ResponseReturnValue:
    """Add the course to the user's courses (once, however often the form is sent)."""
    course = access.course_for_viewer_or_404(current_user, slug)
    if EmptyForm().validate_on_submit():
        added = services.enrol(current_user, course)
        db.session.commit()
        flash(
            f"You are enrolled in {course.title}." if added else "You were already enrolled.",
            "success",
        )
    return redirect(url_for("courses.show", slug=course.slug))


@bp.post("/courses/<slug>/leave")
@login_required
def leave(slug: str) -> ResponseReturnValue:
    """Take the course off the user's courses (their history is kept)."""
    course = access.course_for_viewer_or_404(current_user, slug)
    if EmptyForm().validate_on_submit():
        services.leave(current_user, course)
        db.session.commit()
        if course.id in services.my_course_ids(current_user):
            flash(
                "You left the course, but it stays on your dashboard: a cohort of yours uses it, "
                "or it is the built-in course and you are enrolled in no other.",
                "warning",
            )
        else:
            flash(f"You left {course.title}. Your history in it is kept.", "success")
    return redirect(url_for("courses.show", slug=course.slug))


@bp.post("/courses/<slug>/duplicate")
@login_required
def duplicate(slug: str) -> ResponseReturnValue:
    """Make an editable copy of the course, owned by the user (its items start as drafts)."""
    course = access.course_for_viewer_or_404(current_user, slug)
    if not current_user.may_author:
        abort(403)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("courses.show", slug=course.slug))
    copy = duplicate_course(current_user, course)
    db.session.commit()
    flash("Course duplicated. Its items are drafts until you publish them.", "success")
    return redirect(url_for("courses.show", slug=copy.slug))


@bp.route("/courses/<slug>/settings", methods=["GET", "POST"])
@login_required
def settings(slug: str) -> ResponseReturnValue:
    """Edit the course's details; archive it; invite and remove co-authors (owner or admin)."""
    course = _managed_course(slug)
    form = CourseForm(obj=course)
    form.submit.label.text = "Save settings"
    if form.validate_on_submit():
        services.update_course(
            course,
            title=form.title.data,
            description=form.description.data or "",
            language=form.language.data,
            visibility=form.visibility.data,
        )
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("courses.settings", slug=course.slug))
    return _settings_page(course, form, CoAuthorForm(formdata=None))


def _settings_page(course: Course, form: CourseForm, author_form: CoAuthorForm) -> str:
    return render_template(
        "courses/settings.html",
        course=course,
        form=form,
        author_form=author_form,
        authors=services.authors(course),
        button=EmptyForm(),
    )


@bp.post("/courses/<slug>/archive")
@login_required
def archive(slug: str) -> ResponseReturnValue:
    """Archive the course, or bring it back when it is archived."""
    course = _managed_course(slug)
    if EmptyForm().validate_on_submit():
        services.set_archived(course, not course.archived)
        db.session.commit()
        flash(
            "Course archived: learners no longer see it; everything is kept."
            if course.archived
            else "Course brought back from the archive.",
            "success",
        )
    return redirect(url_for("courses.settings", slug=course.slug))


@bp.post("/courses/<slug>/authors")
@login_required
def add_author(slug: str) -> ResponseReturnValue:
    """Invite a co-author by the email of an existing account that may author."""
    course = _managed_course(slug)
    author_form = CoAuthorForm()
    if author_form.validate_on_submit():
        try:
            user = services.add_co_author(course, author_form.email.data)
        except services.CourseError as error:
            db.session.rollback()
            author_form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{user.display_name} is now a co-author.", "success")
            return redirect(url_for("courses.settings", slug=course.slug))
    form = CourseForm(formdata=None, obj=course)
    form.submit.label.text = "Save settings"
    return _settings_page(course, form, author_form), 422


@bp.post("/courses/<slug>/authors/<int:user_id>/remove")
@login_required
def remove_author(slug: str, user_id: int) -> ResponseReturnValue:
    """Take a co-author off the course."""
    course = _managed_course(slug)
    if EmptyForm().validate_on_submit():
        services.remove_co_author(course, user_id)
        db.session.commit()
        flash("The co-author was removed.", "success")
    return redirect(url_for("courses.settings", slug=course.slug))


@bp.get("/courses/<slug>/documents/<doc_slug>")
@public
def reader(slug: str, doc_slug: str) -> ResponseReturnValue:
    """A document's current version, passage by passage, each linkable by its anchor."""
    user = current_user if current_user.is_authenticated else None
    course = access.course_for_reader_or_404(user, slug)
    document = services.document_or_404(course, doc_slug)
    passages = services.reader_passages(document)
    areas = [(area, list(group)) for area, group in groupby(passages, key=lambda p: p.area)]
    return render_template(
        "courses/reader.html",
        course=course,
        document=document,
        areas=areas,
        counts=services.published_counts_by_passage(passages),
    )


@bp.get("/passages/<int:passage_id>")
@public
def passage(passage_id: int) -> ResponseReturnValue:
    """The passage in its document's reader (items link here: it works in any course)."""
    course_slug, doc_slug, anchor = services.passage_location(passage_id)
    user = current_user if current_user.is_authenticated else None
    course = access.course_for_reader_or_404(user, course_slug)  # never names a hidden course
    return redirect(url_for("courses.reader", slug=course.slug, doc_slug=doc_slug, _anchor=anchor))


@bp.get("/document")
@public
def builtin_document() -> ResponseReturnValue:
    """The address of the reader before courses: the built-in course's document. Browsers keep
    the ``#anchor`` of an old link across the redirect, so it still lands on its passage."""
    slugs = services.builtin_reader_slugs()
    if slugs is None:
        abort(404)
    return redirect(url_for("courses.reader", slug=slugs[0], doc_slug=slugs[1]))
