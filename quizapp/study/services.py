"""Flashcard study: choosing cards, recording reviews, scheduling with FSRS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from quizapp.core import tallies
from quizapp.courses import content_cache
from quizapp.courses.access import may_study_item, visible_course_ids
from quizapp.courses.content_cache import ItemView
from quizapp.enums import ItemOrigin, ItemStatus
from quizapp.extensions import db
from quizapp.items.kinds import CardFaces, card_faces, flashcard_kinds
from quizapp.models import CardState, Item, Passage, ReviewLog, Topic, User
from quizapp.models.base import utcnow
from quizapp.study import scheduling
from quizapp.study.reveal import AnswerSide, answer_side

#: With nothing due and no new card left, learning cards due this soon are shown early (as Anki
#: does).
LEARN_AHEAD = timedelta(minutes=20)


class StudyError(LookupError):
    """The card asked for does not exist or cannot be studied; the message is for the user."""


@dataclass(frozen=True)
class StudyFilter:
    """Which items a session draws from: some courses and topics (None for all) and whether
    background items count."""

    topic_ids: tuple[int, ...] | None = None
    include_background: bool = True
    #: the courses drawn from (None: any; the routes pass the courses the learner may view)
    course_ids: tuple[int, ...] | None = None

    def clauses(self) -> list[sa.ColumnElement[bool]]:
        """WHERE clauses on Item for this filter."""
        clauses: list[sa.ColumnElement[bool]] = [Item.status == ItemStatus.PUBLISHED]
        if self.course_ids is not None:
            clauses.append(Item.course_id.in_(self.course_ids))
        if self.topic_ids:
            clauses.append(Item.topic_id.in_(self.topic_ids))
        if not self.include_background:
            clauses.append(Item.origin == ItemOrigin.DOCUMENT)
        return clauses


@dataclass(frozen=True)
class StudyCard:
    """One card as the study page needs it."""

    item: ItemView
    state: CardState | None
    faces: CardFaces

    @property
    def seq(self) -> int:
        """Reviews so far: the form sends it back so a repeated submission is recognised."""
        return self.state.reps if self.state else 0

    @property
    def is_new(self) -> bool:
        """Never reviewed by this learner."""
        return self.seq == 0

    @property
    def answer(self) -> AnswerSide:
        """The revealed side, each text once (the quote compared is the one the source shows)."""
        quote = self.item.quote or (self.item.passage.text if self.item.passage else None)
        return answer_side(self.faces, quote)


@dataclass(frozen=True)
class DeckCounts:
    """How much there is to do."""

    due_now: int
    due_later_today: int
    new_available: int
    new_today: int
    next_due: datetime | None


@dataclass(frozen=True)
class ReviewOutcome:
    """What happened to a submitted rating."""

    recorded: bool
    interval: timedelta | None = None


def start_of_day(now: datetime) -> datetime:
    """Midnight UTC of ``now``'s day (the daily new-card limit resets then)."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _new_cards_today_query(user_id: int, now: datetime) -> sa.Select[tuple[int]]:
    return sa.select(sa.func.count(ReviewLog.id)).where(
        ReviewLog.user_id == user_id,
        ReviewLog.seq == 1,
        ReviewLog.reviewed_at >= start_of_day(now),
    )


def new_cards_today(user_id: int, now: datetime) -> int:
    """Cards this learner reviewed for the first time today (first reviews have seq 1)."""
    return db.session.scalar(_new_cards_today_query(user_id, now)) or 0


def _unseen_items(user_id: int, study_filter: StudyFilter) -> sa.Select:
    """Flashcard items this learner has no card for, in a stable order (topic position, item id)."""
    has_card = sa.exists().where(CardState.user_id == user_id, CardState.item_id == Item.id)
    return (
        sa.select(Item.id)
        .join(Topic, Topic.id == Item.topic_id)
        .where(Item.kind.in_(flashcard_kinds()), ~has_card, *study_filter.clauses())
        .order_by(Topic.position, Item.id)
    )


def _cards(user_id: int, study_filter: StudyFilter) -> sa.Select:
    return (
        sa.select(CardState)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user_id, *study_filter.clauses())
    )


def next_card(
    user: User,
    study_filter: StudyFilter,
    now: datetime | None = None,
    *,
    new_today: int | None = None,
) -> StudyCard | None:
    """The card to show now: the most overdue card, else a new card within the daily limit, else a
    learning card due within LEARN_AHEAD; None when there is nothing to study. ``new_today`` (from
    :func:`deck_counts`) saves counting today's new cards again."""
    now = now or utcnow()
    row = db.session.execute(
        _cards(user.id, study_filter)
        .where(CardState.due <= now)
        .order_by(CardState.due, CardState.id)
        .limit(1)
    ).first()
    if row is not None:
        return _study_card(row.CardState.item_id, row.CardState)
    if (new_cards_today(user.id, now) if new_today is None else new_today) < user.new_cards_per_day:
        item_id = db.session.scalar(_unseen_items(user.id, study_filter).limit(1))
        if item_id is not None:
            return _study_card(item_id, None)
    row = db.session.execute(
        _cards(user.id, study_filter)
        .where(CardState.due <= now + LEARN_AHEAD, CardState.state != 2)
        .order_by(CardState.due, CardState.id)
        .limit(1)
    ).first()
    return _study_card(row.CardState.item_id, row.CardState) if row is not None else None


def card_for(user: User, item_id: int) -> StudyCard:
    """A specific card (to reveal its back). StudyError for a missing or retired item."""
    item = content_cache.item(item_id)
    if item is None or not may_study_item(user, item):
        raise StudyError("That card no longer exists.")
    state = db.session.scalar(
        sa.select(CardState).where(CardState.user_id == user.id, CardState.item_id == item_id)
    )
    return StudyCard(item, state, card_faces(item.kind, item.prompt, item.body))


def showing_seq(card: StudyCard, seq: int | None) -> int:
    """The seq of the showing a reveal link names: the link's own if it is this card's current or an
    earlier showing (an earlier one is already rated, so rating it again stores nothing), else the
    current one (a link typed by hand, or one without ``seq``)."""
    return seq if seq is not None and 0 <= seq <= card.seq else card.seq


def _study_card(item_id: int, state: CardState | None) -> StudyCard | None:
    """The card of ``item_id`` (None if the item has just been deleted)."""
    item = content_cache.item(item_id)
    if item is None:
        return None
    return StudyCard(item=item, state=state, faces=card_faces(item.kind, item.prompt, item.body))


def interval_previews(user: User, card: StudyCard, now: datetime | None = None) -> dict[int, str]:
    """For each rating (1–4), the readable interval it would give this card now."""
    scheduler = scheduling.make_scheduler(user.desired_retention)
    previews = scheduling.preview_intervals(scheduler, card.state, now=now or utcnow())
    return {
        int(rating): scheduling.describe_interval(interval) for rating, interval in previews.items()
    }


def deck_counts(user: User, study_filter: StudyFilter, now: datetime | None = None) -> DeckCounts:
    """Due now, due later today, new cards still available today, and the next due time."""
    now = now or utcnow()
    end_of_day = start_of_day(now) + timedelta(days=1)
    # One statement: the card counts, with today's new cards and the unseen items as scalar
    # subqueries (three round trips and three statement builds before).
    unseen = sa.select(sa.func.count()).select_from(
        _unseen_items(user.id, study_filter).order_by(None).subquery()
    )
    due_now, later, next_due, new_today, unseen_count = db.session.execute(
        sa.select(
            sa.func.count(sa.case((CardState.due <= now, CardState.id))),
            sa.func.count(
                sa.case((sa.and_(CardState.due > now, CardState.due < end_of_day), CardState.id))
            ),
            sa.func.min(sa.case((CardState.due > now, CardState.due))),
            _new_cards_today_query(user.id, now).scalar_subquery(),
            unseen.scalar_subquery(),
        )
        .select_from(CardState)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, *study_filter.clauses())
    ).one()
    new_today = new_today or 0
    remaining = max(0, user.new_cards_per_day - new_today)
    return DeckCounts(
        due_now=due_now,
        due_later_today=later,
        new_available=min(remaining, unseen_count or 0),
        new_today=new_today,
        next_due=next_due,
    )


def record_review(
    user: User,
    item_id: int,
    *,
    seq: int,
    rating: int,
    duration_ms: int | None,
    now: datetime | None = None,
) -> ReviewOutcome:
    """Store one rating exactly once and reschedule the card. The caller commits.

    ``seq`` is the card's review count when it was shown. If the card has moved on since (the same
    form sent twice, or the card rated in another tab), nothing changes and ``recorded`` is False.
    Two simultaneous first reviews collide on ReviewLog UNIQUE(user_id, item_id, seq).
    """
    now = now or utcnow()
    item = content_cache.item(item_id)
    if item is None or not may_study_item(user, item):
        raise StudyError("That card no longer exists.")
    state = db.session.scalar(
        sa.select(CardState)
        .where(CardState.user_id == user.id, CardState.item_id == item_id)
        .with_for_update()
    )
    if seq != (state.reps if state else 0):
        return ReviewOutcome(recorded=False)
    scheduler = scheduling.make_scheduler(user.desired_retention)
    outcome = scheduling.review(scheduler, state, rating, now=now, duration_ms=duration_ms)
    log = ReviewLog(
        user_id=user.id,
        item_id=item_id,
        seq=seq + 1,
        rating=int(rating),
        reviewed_at=now,
        duration_ms=duration_ms,
        state_before=state.state if state else 1,
        due_after=outcome.fields["due"],
    )
    try:
        with db.session.begin_nested():
            db.session.add(log)
    except IntegrityError:
        return ReviewOutcome(recorded=False)
    tallies.count_review(user.id, item_id, now)
    if state is None:
        state = CardState(user_id=user.id, item_id=item_id)
        db.session.add(state)
    for name, value in outcome.fields.items():
        setattr(state, name, value)
    db.session.flush()
    return ReviewOutcome(recorded=True, interval=outcome.interval)


def _shown_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="quizapp.study.shown")


def shown_token(user_id: int, item_id: int, seq: int, now: datetime | None = None) -> str:
    """A signed note of when this card was shown, carried to the rating form to time the review."""
    moment = now or utcnow()
    return _shown_serializer().dumps([user_id, item_id, seq, int(moment.timestamp() * 1000)])


def review_duration_ms(
    token: str | None, *, user_id: int, item_id: int, seq: int, now: datetime | None = None
) -> int | None:
    """Milliseconds since the card was shown, clamped; None if the token is missing, forged or
    foreign."""
    if not token:
        return None
    try:
        token_user, token_item, token_seq, shown_ms = _shown_serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if (token_user, token_item, token_seq) != (user_id, item_id, seq) or not isinstance(
        shown_ms, int
    ):
        return None
    now = now or utcnow()
    shown_at = datetime.fromtimestamp(shown_ms / 1000, tz=now.tzinfo)
    return scheduling.clamp_duration_ms(shown_at, now)


def make_due_now(user_id: int, item_ids: Iterable[int], now: datetime | None = None) -> int:
    """Put these items in the learner's deck, due now (new cards are created; existing ones are
    brought forward). Returns how many cards were touched. The caller commits."""
    now = now or utcnow()
    wanted = set(item_ids)
    if not wanted:
        return 0
    existing = {
        card.item_id: card
        for card in db.session.scalars(
            sa.select(CardState).where(CardState.user_id == user_id, CardState.item_id.in_(wanted))
        )
    }
    for item_id in wanted:
        card = existing.get(item_id)
        if card is None:
            db.session.add(CardState(user_id=user_id, item_id=item_id, due=now))
        elif card.due > now:
            card.due = now
    return len(wanted)


def practise_passage(user: User, passage_id: int) -> int:
    """Make the flashcards drawn from one passage (of a course ``user`` may view) due now;
    StudyError if the passage does not exist."""
    if db.session.get(Passage, passage_id) is None:
        raise StudyError("That passage does not exist.")
    item_ids = db.session.scalars(
        sa.select(Item.id).where(
            Item.passage_id == passage_id,
            Item.status == ItemStatus.PUBLISHED,
            Item.kind.in_(flashcard_kinds()),
            Item.course_id.in_(visible_course_ids(user)),
        )
    )
    return make_due_now(user.id, item_ids)
