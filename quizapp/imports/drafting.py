"""Generated drafts stored as items in ``draft`` state, and the generation report kept per
document version (what was drafted from each passage, what was refused and why)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa

from quizapp.authoring.drafts import DraftReport, draft_items
from quizapp.authoring.passages import SourcePassage
from quizapp.content.services import item_values, record_revisions
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import Course, DocumentVersion, Item, Passage, Topic, User
from quizapp.models.imports import CourseTerm, GenerationReport

__all__ = ["KEY_MAX", "course_terms", "create_drafts", "draft_key", "report_for"]

KEY_MAX = 120


def draft_key(document_slug: str, draft_id: str) -> str:
    """The item key of a draft: its deterministic id under its document's slug (so two
    documents of one course never share a key, and a re-drafted passage finds its old draft)."""
    return f"{document_slug}.{draft_id}"


def course_terms(course: Course) -> list[str]:
    """The glossary terms authors added to ``course``, alphabetically."""
    query = sa.select(CourseTerm.term).where(CourseTerm.course_id == course.id)
    return sorted(db.session.scalars(query), key=str.casefold)


def create_drafts(
    *,
    course: Course,
    document_slug: str,
    document_title: str,
    version: DocumentVersion,
    passages: Sequence[SourcePassage],
    rows: dict[str, Passage],
    topic: Topic,
    user: User,
    only: Collection[str] | None = None,
) -> GenerationReport:
    """Draft items from ``passages`` into ``course`` (status draft) and keep the report.

    Args:
        rows: the saved Passage row of each anchor of ``passages``.
        only: anchors to draft from (a new version drafts only new and changed passages);
            None drafts from every passage.

    Returns:
        The stored report (the caller commits).
    """
    result = draft_items(passages, course_terms(course), title=document_title)
    existing = set(db.session.scalars(sa.select(Item.key).where(Item.course_id == course.id)))
    created: list[Item] = []
    refused: dict[str, list[dict[str, str]]] = {}
    drafted: dict[str, list[str]] = {}
    for draft in result.drafts:
        anchor = draft.passage or ""
        if only is not None and anchor not in only:
            continue
        key = draft_key(document_slug, draft.id)
        if key in existing and only is not None:
            # an edited passage: its new wording gets a fresh draft beside the old item
            key = f"{key}.v{version.version}"
        reason = None
        if len(key) > KEY_MAX:
            reason = "the generated id is too long to store"
        elif key in existing:
            reason = "the course already has this item (kept as it is)"
        if reason is not None:
            refused.setdefault(anchor, []).append(
                {"family": draft.family.value, "target": draft.id, "reason": reason}
            )
            continue
        spec = draft.item
        item = Item(
            **item_values(spec),
            course_id=course.id,
            key=key,
            topic_id=topic.id,
            passage_id=rows[anchor].id,
            status=ItemStatus.DRAFT.value,
            created_by_id=user.id,
        )
        existing.add(key)
        created.append(item)
        drafted.setdefault(anchor, []).append(key)
    db.session.add_all(created)
    record_revisions(created, author_id=user.id)
    data = _report_json(result, drafted, refused, only)
    report = GenerationReport(
        document_version_id=version.id,
        drafted=len(created),
        rejected=sum(len(p["rejected"]) for p in data["passages"]),
        report=data,
        created_by_id=user.id,
    )
    db.session.add(report)
    return report


def _report_json(
    result: DraftReport,
    drafted: dict[str, list[str]],
    refused: dict[str, list[dict[str, str]]],
    only: Collection[str] | None,
) -> dict[str, Any]:
    """The report as JSON: per passage (document order) its drafts and refusals."""
    passages = []
    for p in result.passages:
        if only is not None and p.anchor not in only:
            continue
        rejected = [
            {"family": r.family.value, "target": r.target, "reason": r.reason} for r in p.rejected
        ]
        passages.append(
            {
                "anchor": p.anchor,
                "label": p.label,
                "drafted": drafted.get(p.anchor, []),
                "rejected": rejected + refused.get(p.anchor, []),
            }
        )
    return {
        "key_terms": [t.term for t in result.key_terms],
        "notes": list(result.notes),
        "only_changed": only is not None,
        "passages": passages,
    }


def report_for(version: DocumentVersion) -> GenerationReport | None:
    """The generation report of ``version``, if drafting ran for it."""
    return db.session.scalar(
        sa.select(GenerationReport).where(GenerationReport.document_version_id == version.id)
    )
