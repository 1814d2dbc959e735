"""Flashcard study: choosing cards, recording reviews, scheduling with FSRS."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from quizapp.core.model_base import utcnow
from quizapp.extensions import db
from quizapp.models.study import CardState


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
