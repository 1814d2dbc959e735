"""The authoring pages of issue 11 for the page walk in ``pages.py``: a public course with a long
title, a DOCX document in two versions (so items moved, need review and have a history), drafts
and published items; then the catalogue, course, settings, reader, import (form and preview),
versions, generation report, needs-review, editor list / edit / history and pack-import pages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from playwright.sync_api import Page

from quizapp.authoring.documents import ImportedDocument
from quizapp.authoring.extract import extract
from quizapp.authoring.passages import split_passages
from quizapp.courses import services as courses
from quizapp.editor.services import apply_bulk
from quizapp.enums import BulkAction, CourseVisibility
from quizapp.extensions import db
from quizapp.imports import services as imports
from quizapp.imports.pending import PendingImport
from quizapp.models import Item, User
from tests.authoring.conftest import TREATY_LINES, TREATY_TEXT, make_docx

COURSE_TITLE = (
    "Protocol on the Safe Passage of Seasonal Workers and the Code of Practice for "
    "Labour Intermediaries, consolidated 2026 edition"
)
DOCUMENT_TITLE = "Protocol on the Safe Passage of Seasonal Workers (consolidated text, 2026)"
OLD_B = '"Recruitment fee" means any payment demanded from a worker in exchange for a job'
NEW_B = '"Recruitment fee" means any charge or deduction taken from a worker for a job'


@dataclass(frozen=True)
class CourseWorld:
    """Addresses of the authored course's pages."""

    course: str
    document: str
    draft_item: int
    moved_item: int
    review_item: int


def _docx(lines: list[str]) -> bytes:
    paragraphs: list[tuple[str, str | None]] = []
    for line in filter(None, lines):
        style = "Heading 2" if line.startswith("Article ") or line == "Preamble" else None
        paragraphs.append((line, "Title" if line.isupper() else style))
    return make_docx(paragraphs)


def _pending(owner: User, course_id: int, data: bytes, document_id: int | None) -> PendingImport:
    source = extract("seasonal-workers-protocol.docx", data)
    return PendingImport.from_import(
        ImportedDocument(source, tuple(split_passages(source.blocks))),
        course_id=course_id,
        user_id=owner.id,
        title=DOCUMENT_TITLE,
        document_id=document_id,
    )


def build_course_world(owner: User) -> CourseWorld:
    """A public course of ``owner``'s: version 1 imported, every other draft published, version 2
    rewording Article 3 (b)."""
    course = courses.create_course(
        owner,
        title=COURSE_TITLE,
        description="Definitions, duties and cooperation: " + TREATY_TEXT[:300],
        language="en",
        visibility=CourseVisibility.PUBLIC,
    )
    saved = imports.save_document(
        course, owner, _pending(owner, course.id, _docx(TREATY_LINES), None), 0
    )
    drafts = list(db.session.scalars(sa.select(Item).where(Item.course_id == course.id)))
    apply_bulk(course, owner, [item.id for item in drafts[1::2]], BulkAction.PUBLISH)
    changed = _docx([line.replace(OLD_B, NEW_B) for line in TREATY_LINES])
    document = saved.document
    imports.save_version(
        course, document, owner, _pending(owner, course.id, changed, document.id), 0
    )
    db.session.flush()
    items = list(db.session.scalars(sa.select(Item).where(Item.course_id == course.id)))
    review = next(item for item in items if item.needs_review)
    moved = next(item for item in items if item.version > 1 and not item.needs_review)
    draft = next(item for item in items if item.status == "draft" and not item.needs_review)
    return CourseWorld(course.slug, document.slug, draft.id, moved.id, review.id)


def course_tour(
    learner: Page, trainer: Page, base: str, world: CourseWorld
) -> Iterator[tuple[str, Page]]:
    """The course pages, as a learner and as the course's owner; yields (label, page)."""
    course = f"/courses/{world.course}"
    document = f"{course}/documents/{world.document}"
    for path in (
        "/courses",
        course,
        document,
        f"/study?course={world.course}",
        f"/quiz?course={world.course}",
    ):
        learner.goto(base + path)
        yield f"{path} (learner)", learner
    for path in (
        "/courses",
        "/courses/new",
        course,
        f"{course}/settings",
        document,
        f"{course}/documents",
        f"{document}/versions",
        f"{document}/versions/1/report",
        f"{document}/versions/2/report",
        f"{course}/documents/needs-review",
        f"{course}/items",
        f"{course}/items?review=yes",
        f"{course}/items/new",
        f"{course}/items/new?kind=single_choice",
        f"{course}/items/{world.draft_item}/edit",
        f"{course}/items/{world.review_item}/edit",
        f"{course}/items/{world.moved_item}/history",
        "/courses/import-pack",
        f"{course}/documents/new",
    ):
        trainer.goto(base + path)
        yield path, trainer
    trainer.fill("#title", DOCUMENT_TITLE + " — draft for comment")
    trainer.fill("#text", TREATY_TEXT)
    trainer.get_by_role("button", name="Preview passages").click()
    trainer.wait_for_selector(".passage-preview")
    yield f"{course}/documents/new (preview)", trainer
    trainer.goto(f"{base}{document}/versions/new")
    yield f"{document}/versions/new", trainer
