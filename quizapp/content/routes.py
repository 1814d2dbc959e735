"""The document reader."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from quizapp.content import services
from quizapp.core.access import public

bp = Blueprint("content", __name__)


@bp.get("/document")
@public
def document() -> ResponseReturnValue:
    """The whole source document, area by area, each passage linkable by its anchor."""
    passages = services.document_passages()
    areas = [(area, list(group)) for area, group in groupby(passages, key=lambda p: p.area)]
    return render_template(
        "content/document.html", areas=areas, counts=services.item_counts_by_passage()
    )
