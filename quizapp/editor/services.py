"""The editor's queries and writes: a course's items, filtered and paged; saving an item through
the quality gates; moving items through the workflow, one at a time or in bulk; deleting a draft
nobody answered. Every item is loaded within its course (another course's id is a 404)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from flask import abort

from quizapp.content.services import record_revisions
from quizapp.content.spec import ItemSpec
from quizapp.editor.checks import FORM, Problem, editor_problems
from quizapp.editor.workflow import BULK_TARGETS, can_move
from quizapp.enums import BulkAction, ItemOrigin, ItemStatus
from quizapp.extensions import db
from quizapp.items.kinds import quiz_kinds
from quizapp.items.normalize import normalize_ws
from quizapp.models import (
    CardState,
    Course,
    DocumentVersion,
    Item,
    ItemRevision,
    LiveAnswer,
    Passage,
    Response,
    ReviewLog,
    SourceDocument,
    Topic,
    User,
)
from quizapp.models.base import utcnow

__all__ = [
    "PAGE_SIZE",
    "BulkResult",
    "GatesFailed",
    "ItemDraft",
    "ItemFilters",
    "ItemPage",
    "PassageChoice",
    "WorkflowError",
    "apply_bulk",
    "change_status",
    "check_draft",
    "cited_passages",
    "course_passages",
    "course_topics",
    "delete_item",
    "draft_of",
    "is_deletable",
    "item_in_course_or_404",
    "list_items",
    "passage_in_course",
    "save_item",
]

PAGE_SIZE = 25


class WorkflowError(ValueError):
    """A status change or deletion that is not allowed; the message is for the author."""


class GatesFailed(ValueError):
    """The item fails quality gates; ``problems`` says which, field by field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ItemFilters:
    """What the item list shows: each ``None`` (or empty text) means "any"."""

    status: str | None = None
    kind: str | None = None
    passage_id: int | None = None
    topic_id: int | None = None
    needs_review: bool | None = None
    text: str = ""


@dataclass(frozen=True)
class ItemPage:
    """One page of the item list."""

    items: list[Item]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class PassageChoice:
    """A passage an item may cite: its id, a label for the select and its text."""

    id: int
    label: str
    text: str
    current: bool


@dataclass
class ItemDraft:
    """An item as the editor form describes it, before the gates."""

    kind: str
    prompt: str
    body: dict[str, Any]
    explanation: str
    topic_id: int
    difficulty: float
    origin: str
    passage_id: int | None = None
    quote: str | None = None
    instrument: str | None = None
    provision: str | None = None
    clear_review: bool = False
    key: str = field(default="")


def course_topics(course: Course) -> list[Topic]:
    """The course's topics in their order."""
    query = sa.select(Topic).where(Topic.course_id == course.id).order_by(Topic.position, Topic.id)
    return list(db.session.scalars(query))


def _passage_label(document: str, passage: Passage) -> str:
    words = passage.text.split()
    start = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return f"{document} · {passage.anchor}: {start}"


def course_passages(course: Course, *, include: int | None = None) -> list[PassageChoice]:
    """The passages of the current version of each of the course's documents, in reading
    order; plus passage ``include`` (an older version an item still cites) when given."""
    current = SourceDocument.current_version_id == Passage.document_version_id
    query = (
        sa.select(Passage, SourceDocument.title, current)
        .join(DocumentVersion, DocumentVersion.id == Passage.document_version_id)
        .join(SourceDocument, SourceDocument.id == DocumentVersion.document_id)
        .where(SourceDocument.course_id == course.id, sa.or_(current, Passage.id == include))
        .order_by(SourceDocument.position, SourceDocument.id, Passage.position, Passage.id)
    )
    choices = []
    for passage, title, is_current in db.session.execute(query):
        label = _passage_label(title, passage) + ("" if is_current else " (older version)")
        choices.append(PassageChoice(passage.id, label, passage.text, bool(is_current)))
    return choices


def passage_in_course(course: Course, passage_id: int) -> Passage | None:
    """Passage ``passage_id`` if it belongs to a document of ``course``."""
    query = (
        sa.select(Passage)
        .join(DocumentVersion, DocumentVersion.id == Passage.document_version_id)
        .join(SourceDocument, SourceDocument.id == DocumentVersion.document_id)
        .where(Passage.id == passage_id, SourceDocument.course_id == course.id)
    )
    return db.session.scalar(query)


def cited_passages(course: Course) -> list[Passage]:
    """The passages the course's items cite (for the list's passage filter)."""
    cited = sa.select(Item.passage_id).where(Item.course_id == course.id)
    query = sa.select(Passage).where(Passage.id.in_(cited)).order_by(Passage.position, Passage.id)
    return list(db.session.scalars(query))


def list_items(course: Course, filters: ItemFilters, page: int = 1) -> ItemPage:
    """One page of the course's items matching ``filters``, most recently changed first."""
    conditions: list[sa.ColumnElement[bool]] = [Item.course_id == course.id]
    if filters.status:
        conditions.append(Item.status == filters.status)
    if filters.kind:
        conditions.append(Item.kind == filters.kind)
    if filters.passage_id is not None:
        conditions.append(Item.passage_id == filters.passage_id)
    if filters.topic_id is not None:
        conditions.append(Item.topic_id == filters.topic_id)
    if filters.needs_review is not None:
        conditions.append(Item.needs_review.is_(filters.needs_review))
    text = filters.text.strip()
    if text:
        conditions.append(
            sa.or_(
                *(
                    column.icontains(text, autoescape=True)
                    for column in (Item.prompt, Item.key, Item.explanation, Item.quote)
                )
            )
        )
    total = db.session.scalar(sa.select(sa.func.count(Item.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    query = (
        sa.select(Item)
        .where(*conditions)
        .options(sa.orm.joinedload(Item.topic), sa.orm.joinedload(Item.passage))
        .order_by(Item.updated_at.desc(), Item.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return ItemPage(list(db.session.scalars(query)), total, page, pages)


def item_in_course_or_404(course: Course, item_id: int) -> Item:
    """Item ``item_id`` of ``course``; 404 for an item of another course or none."""
    item = db.session.get(Item, item_id)
    if item is None or item.course_id != course.id:
        abort(404)
    return item


def draft_of(item: Item) -> ItemDraft:
    """The editor's view of a saved item."""
    return ItemDraft(
        kind=item.kind,
        prompt=item.prompt,
        body=dict(item.body),
        explanation=item.explanation,
        topic_id=item.topic_id,
        difficulty=item.difficulty,
        origin=item.origin,
        passage_id=item.passage_id,
        quote=item.quote,
        instrument=item.instrument,
        provision=item.provision,
        key=item.key,
    )


def _spec(draft: ItemDraft, topic_slug: str, anchor: str | None) -> ItemSpec:
    return ItemSpec(
        id=draft.key or "new-item",
        kind=draft.kind,
        topic=topic_slug,
        origin=draft.origin,
        prompt=draft.prompt,
        body=draft.body,
        explanation=draft.explanation,
        difficulty=draft.difficulty,
        passage=anchor,
        quote=draft.quote,
        instrument=draft.instrument,
        provision=draft.provision,
    )


def _other_specs(course: Course, key: str, kind: str) -> list[ItemSpec]:
    """The course's other unretired quiz items, as much of a spec as the near-duplicate gate
    reads (it compares quiz items only: none for an item of another kind)."""
    if kind not in quiz_kinds():
        return []
    rows = db.session.execute(
        sa.select(Item.key, Item.kind, Item.prompt).where(
            Item.course_id == course.id,
            Item.key != key,
            Item.status != ItemStatus.RETIRED,
            Item.kind.in_(quiz_kinds()),
        )
    )
    return [
        ItemSpec(
            id=k,
            kind=kind,
            topic="",
            origin="",
            prompt=prompt,
            body={},
            explanation="",
            difficulty=0.5,
        )
        for k, kind, prompt in rows
    ]


def _normalised(draft: ItemDraft) -> ItemDraft:
    """Blank source fields dropped for the origin not chosen; the quote's whitespace collapsed
    (as the content checks compare it)."""
    if draft.origin == ItemOrigin.DOCUMENT:
        quote = normalize_ws(draft.quote or "") or None
        return replace(draft, quote=quote, instrument=None, provision=None)
    return replace(draft, passage_id=None, quote=None)


def check_draft(course: Course, draft: ItemDraft) -> tuple[ItemDraft, list[Problem]]:
    """The draft as it would be saved, and everything the gates find wrong with it."""
    draft = _normalised(draft)
    problems: list[Problem] = []
    topic = db.session.get(Topic, draft.topic_id)
    if topic is None or topic.course_id != course.id:
        problems.append(Problem("topic_id", "choose a topic of this course"))
    passage = None
    if draft.passage_id is not None:
        passage = passage_in_course(course, draft.passage_id)
        if passage is None:
            problems.append(Problem("passage_id", "choose a passage of this course's documents"))
    if draft.clear_review and passage is not None and not _is_current(passage):
        problems.append(
            Problem("passage_id", "choose a passage of the current version to clear the review")
        )
    spec = _spec(draft, topic.slug if topic else "", passage.anchor if passage else None)
    others = _other_specs(course, draft.key, draft.kind)
    problems.extend(editor_problems(spec, passage.text if passage else "", others))
    return draft, problems


def _is_current(passage: Passage) -> bool:
    query = sa.select(SourceDocument.id).where(
        SourceDocument.current_version_id == passage.document_version_id
    )
    return db.session.scalar(query) is not None


def _new_key(kind: str) -> str:
    return f"{kind.replace('_', '-')}.{secrets.token_hex(5)}"


def save_item(course: Course, user: User, draft: ItemDraft, item: Item | None = None) -> Item:
    """Create (``item`` None: a draft) or update an item when it passes every gate, as a new
    version with its revision; the caller commits. Raises GatesFailed with the problems."""
    draft.key = item.key if item else _new_key(draft.kind)
    draft, problems = check_draft(course, draft)
    if problems:
        raise GatesFailed(problems)
    spec = _spec(draft, "", None)
    values = {
        "topic_id": draft.topic_id,
        "passage_id": draft.passage_id,
        "origin": draft.origin,
        "prompt": draft.prompt,
        "body": draft.body,
        "explanation": draft.explanation,
        "difficulty": draft.difficulty,
        "quote": draft.quote,
        "instrument": draft.instrument,
        "provision": draft.provision,
        "content_hash": spec.content_hash,
    }
    if item is None:
        item = Item(
            course_id=course.id,
            key=draft.key,
            kind=draft.kind,
            status=ItemStatus.DRAFT.value,
            created_by_id=user.id,
            version=1,
            **values,
        )
        db.session.add(item)
    else:
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        if not changed and not (draft.clear_review and item.needs_review):
            return item
        for name in changed:
            setattr(item, name, values[name])
        item.version += 1
        item.updated_at = utcnow()
    if draft.clear_review:
        item.needs_review = False
    record_revisions([item], author_id=user.id)
    return item


def _publish_problems(course: Course, item: Item) -> list[str]:
    if item.needs_review:
        return ["needs review: its quote is no longer in the current document; fix the source"]
    _, problems = check_draft(course, draft_of(item))
    return [p.message if p.field == FORM else f"{p.field}: {p.message}" for p in problems]


def change_status(course: Course, user: User, item: Item, target: str) -> None:
    """Move ``item`` to ``target`` as a new version (publishing runs the gates first); the
    caller commits. Raises WorkflowError when the move is not allowed or the gates fail."""
    if not can_move(item.status, target):
        wanted = ItemStatus(target).label.lower() if target in set(ItemStatus) else repr(target)
        raise WorkflowError(
            f"A {ItemStatus(item.status).label.lower()} item cannot be moved to {wanted}."
        )
    if target == ItemStatus.PUBLISHED:
        problems = _publish_problems(course, item)
        if problems:
            raise WorkflowError("Not published: " + "; ".join(problems))
    item.status = ItemStatus(target).value
    item.version += 1
    item.updated_at = utcnow()
    record_revisions([item], author_id=user.id)


@dataclass
class BulkResult:
    """What a bulk action did: the keys it changed and, per key skipped, why."""

    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def apply_bulk(
    course: Course, user: User, item_ids: list[int], action: str, topic_id: int | None = None
) -> BulkResult:
    """Apply ``action`` to the course's items among ``item_ids`` (other ids are ignored); each
    item is validated on its own, so one that may not move is skipped with its reason."""
    items = list(
        db.session.scalars(
            sa.select(Item)
            .where(Item.course_id == course.id, Item.id.in_(item_ids))
            .order_by(Item.id)
        )
    )
    result = BulkResult()
    if action == BulkAction.ASSIGN_TOPIC:
        topic = db.session.get(Topic, topic_id) if topic_id is not None else None
        if topic is None or topic.course_id != course.id:
            raise WorkflowError("Choose a topic of this course to assign.")
        changed = [i for i in items if i.topic_id != topic.id]
        for item in changed:
            item.topic_id = topic.id
            item.version += 1
            item.updated_at = utcnow()
        record_revisions(changed, author_id=user.id)
        result.done = [i.key for i in changed]
        return result
    target = BULK_TARGETS[BulkAction(action)]
    for item in items:
        try:
            change_status(course, user, item, target)
        except WorkflowError as error:
            result.skipped.append((item.key, str(error)))
        else:
            result.done.append(item.key)
    return result


def is_deletable(item: Item) -> bool:
    """True for a draft nobody ever answered, studied or saw in a live session."""
    if item.status != ItemStatus.DRAFT:
        return False
    for model in (Response, ReviewLog, CardState, LiveAnswer):
        column: Any = model.item_id
        if db.session.scalar(sa.select(column).where(column == item.id).limit(1)) is not None:
            return False
    return True


def delete_item(item: Item) -> None:
    """Delete a never-answered draft and its revisions; the caller commits. Raises
    WorkflowError for anything else (answered items are retired, never deleted)."""
    if not is_deletable(item):
        raise WorkflowError("Only a draft nobody has answered can be deleted; retire it instead.")
    db.session.execute(sa.delete(ItemRevision).where(ItemRevision.item_id == item.id))
    db.session.delete(item)
