"""The old address of the document reader (it moved to each course: ``quizapp.courses``)."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask.typing import ResponseReturnValue

from quizapp.content import services
from quizapp.core.access import public
from quizapp.models.courses import BUILTIN_COURSE_SLUG

bp = Blueprint("content", __name__)


@bp.get("/document")
@public
def document() -> ResponseReturnValue:
    """The built-in course's reader (the address before courses). Browsers keep the ``#anchor``
    of the old link across the redirect, so passage links land on their passage."""
    return redirect(
        url_for(
            "courses.reader",
            slug=BUILTIN_COURSE_SLUG,
            doc_slug=services.BUILTIN_DOCUMENT_SLUG,
        )
    )
