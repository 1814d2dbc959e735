"""Import pages: a document (upload or paste → preview → save), a new version, the generation
report, items needing review, and content packs. Every course page goes through
``course_for_author_or_404``."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from quizapp.authoring.errors import ExtractionError
from quizapp.content.pack import PackError
from quizapp.courses.access import course_for_author_or_404
from quizapp.courses.services import document_or_404
from quizapp.extensions import db
from quizapp.imports import drafting, packfile, packs, services, uploads, versions
from quizapp.imports.forms import DocumentForm, PackForm, SaveForm, VersionForm
from quizapp.models import Course, SourceDocument

bp = Blueprint("imports", __name__)

UPLOAD_ENDPOINTS = frozenset({"imports.new", "imports.new_version", "imports.import_pack"})


def _upload_limits() -> None:
    """Import pages take a 10 MB file (the rest of the app keeps its 1 MB): raised before any
    other hook reads the form, so the CSRF check does not refuse a large upload first."""
    if request.blueprint == "imports" and request.method == "POST":
        request.max_content_length = uploads.REQUEST_BYTES
        request.max_form_memory_size = uploads.FORM_MEMORY_BYTES


@bp.record_once
def _install_limits(state: BlueprintSetupState) -> None:
    state.app.before_request_funcs.setdefault(None, []).insert(0, _upload_limits)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """An upload over the limit: the form again, saying so (never the bare 413 page)."""
    message = (
        f"The file is larger than the {uploads.MAX_BYTES // 1_048_576} MB limit; "
        "upload a smaller file or paste the text."
    )
    slug = (request.view_args or {}).get("slug")
    if request.endpoint == "imports.import_pack" or slug is None:
        form: DocumentForm | VersionForm | PackForm = PackForm(formdata=None)
        form.file.errors = [message]
        return render_template("imports/import_pack.html", form=form), 413
    course = course_for_author_or_404(current_user, slug)
    document = None
    if request.endpoint == "imports.new_version":
        document = _document_or_404(course, (request.view_args or {}).get("doc", ""))
        form = VersionForm(formdata=None)
    else:
        form = DocumentForm(formdata=None)
    form.file.errors = [message]
    return render_template("imports/upload.html", course=course, document=document, form=form), 413


def _document_or_404(course: Course, slug: str) -> SourceDocument:
    return document_or_404(course, slug)  # the courses package's one lookup of a document


def _save_form(course: Course, token: str = "", *, new_topic: bool = True) -> SaveForm:
    form = SaveForm(token=token) if token else SaveForm()
    choices = [(services.NEW_TOPIC, "A new topic named after the document")] if new_topic else []
    if not new_topic:
        choices.append((services.NEW_TOPIC, "The document's own topic"))
    form.topic.choices = choices + [(t.id, t.title) for t in services.course_topics(course)]
    return form


@bp.get("/courses/<slug>/documents")
@login_required
def index(slug: str) -> ResponseReturnValue:
    """The course's documents, with their versions, reports and what needs review."""
    course = course_for_author_or_404(current_user, slug)
    return render_template(
        "imports/index.html",
        course=course,
        documents=services.course_documents(course),
        needs_review=len(versions.needs_review_items(course)),
    )


@bp.route("/courses/<slug>/documents/new", methods=["GET", "POST"])
@login_required
def new(slug: str) -> ResponseReturnValue:
    """Step 1: upload or paste, then the preview of the passages (nothing is saved yet)."""
    course = course_for_author_or_404(current_user, slug)
    form = DocumentForm()
    if request.method == "GET":
        form.glossary.data = "\n".join(drafting.course_terms(course))
    if form.validate_on_submit():
        try:
            shown = uploads.preview(
                form, course_id=course.id, user_id=current_user.id, title=form.title.data.strip()
            )
        except ExtractionError as error:
            form.file.errors = [error.message]
        else:
            return render_template(
                "imports/preview.html",
                course=course,
                document=None,
                preview=shown,
                form=_save_form(course, shown.token),
                action=url_for("imports.save", slug=course.slug),
            )
    return render_template("imports/upload.html", course=course, document=None, form=form)


@bp.post("/courses/<slug>/documents/new/save")
@login_required
def save(slug: str) -> ResponseReturnValue:
    """Step 2: store the previewed document, its passages and drafts, in one transaction."""
    course = course_for_author_or_404(current_user, slug)
    form = _save_form(course)
    if not form.validate_on_submit():
        flash("The preview is missing or incomplete; upload the document again.", "error")
        return redirect(url_for("imports.new", slug=course.slug))
    try:
        pending = uploads.pending_from(
            form.token.data, course_id=course.id, user_id=current_user.id
        )
    except uploads.TokenError as error:
        flash(str(error), "error")
        return redirect(url_for("imports.new", slug=course.slug))
    saved = services.save_document(course, current_user, pending, form.topic.data)
    db.session.commit()
    flash(f"Saved {saved.document.title}: {saved.report.drafted} draft items to review.", "success")
    return redirect(_report_url(course, saved.document, saved.version.version))


def _report_url(course: Course, document: SourceDocument, number: int) -> str:
    return url_for("imports.report", slug=course.slug, doc=document.slug, number=number)


@bp.get("/courses/<slug>/documents/<doc>/versions")
@login_required
def document_versions(slug: str, doc: str) -> ResponseReturnValue:
    """A document's versions, each with its generation report."""
    course = course_for_author_or_404(current_user, slug)
    document = _document_or_404(course, doc)
    return render_template(
        "imports/versions.html",
        course=course,
        document=document,
        versions=services.document_versions(document),
    )


@bp.route("/courses/<slug>/documents/<doc>/versions/new", methods=["GET", "POST"])
@login_required
def new_version(slug: str, doc: str) -> ResponseReturnValue:
    """Step 1 of a new version: upload or paste, then the preview."""
    course = course_for_author_or_404(current_user, slug)
    document = _document_or_404(course, doc)
    form = VersionForm()
    if request.method == "GET":
        form.glossary.data = "\n".join(drafting.course_terms(course))
    if form.validate_on_submit():
        try:
            shown = uploads.preview(
                form,
                course_id=course.id,
                user_id=current_user.id,
                title=document.title,
                document_id=document.id,
            )
        except ExtractionError as error:
            form.file.errors = [error.message]
        else:
            return render_template(
                "imports/preview.html",
                course=course,
                document=document,
                preview=shown,
                form=_save_form(course, shown.token, new_topic=False),
                action=url_for("imports.save_version", slug=course.slug, doc=document.slug),
            )
    return render_template("imports/upload.html", course=course, document=document, form=form)


@bp.post("/courses/<slug>/documents/<doc>/versions/new/save")
@login_required
def save_version(slug: str, doc: str) -> ResponseReturnValue:
    """Step 2 of a new version: store it, move or flag the items citing the old one."""
    course = course_for_author_or_404(current_user, slug)
    document = _document_or_404(course, doc)
    form = _save_form(course, new_topic=False)
    back = url_for("imports.new_version", slug=course.slug, doc=document.slug)
    if not form.validate_on_submit():
        flash("The preview is missing or incomplete; upload the new version again.", "error")
        return redirect(back)
    try:
        pending = uploads.pending_from(
            form.token.data, course_id=course.id, user_id=current_user.id, document_id=document.id
        )
    except uploads.TokenError as error:
        flash(str(error), "error")
        return redirect(back)
    saved = services.save_version(course, document, current_user, pending, form.topic.data)
    db.session.commit()
    flash(
        f"Saved version {saved.version.version}: {saved.relocated} items follow their quote, "
        f"{saved.needs_review} need review, {saved.report.drafted} new drafts.",
        "success",
    )
    return redirect(_report_url(course, document, saved.version.version))


@bp.get("/courses/<slug>/documents/<doc>/versions/<int:number>/report")
@login_required
def report(slug: str, doc: str, number: int) -> ResponseReturnValue:
    """The generation report of one version: per passage, what was drafted and refused."""
    course = course_for_author_or_404(current_user, slug)
    document = _document_or_404(course, doc)
    version = services.version_of(document, number)
    if version is None:
        abort(404)
    return render_template(
        "imports/report.html",
        course=course,
        document=document,
        version=version,
        report=drafting.report_for(version),
    )


@bp.get("/courses/<slug>/documents/needs-review")
@login_required
def needs_review(slug: str) -> ResponseReturnValue:
    """The items whose quote a new version no longer holds, with the closest new text."""
    course = course_for_author_or_404(current_user, slug)
    return render_template(
        "imports/needs_review.html", course=course, rows=versions.needs_review_items(course)
    )


@bp.get("/courses/<slug>/pack.zip")
@login_required
def export_pack(slug: str) -> ResponseReturnValue:
    """The course as a content pack (zip)."""
    course = course_for_author_or_404(current_user, slug)
    data = packfile.write_pack(packs.export_course(course))
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{course.slug}-pack.zip"'},
    )


@bp.route("/courses/import-pack", methods=["GET", "POST"])
@login_required
def import_pack() -> ResponseReturnValue:
    """Import a content pack as a new course owned by the importer (authors only)."""
    if not current_user.may_author:
        abort(403)
    form = PackForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            pack = packfile.read_pack(upload.read(), upload.filename or "pack.zip")
        except PackError as error:
            form.file.errors = list(error.problems[:50])
        else:
            course = packs.import_course(pack, current_user)
            db.session.commit()
            flash(f"Imported {course.title} as a new private course.", "success")
            return redirect(url_for("imports.index", slug=course.slug))
    return render_template("imports/import_pack.html", form=form)
