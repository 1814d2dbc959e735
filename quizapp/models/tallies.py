"""Running totals of a learner's activity per item and UTC day, kept beside the logs.

The logs (``review_log``, ``response``, ``live_answer``, ``case_run``) stay the record; these rows
are derived from them, updated in the same transaction as each log row
(:mod:`quizapp.core.tallies`), so the progress pages read a few small rows instead of
aggregating every log on every view. They are keyed by item, not topic, so moving an item to
another topic needs no rewrite: pages join ``item`` for its topic when they read.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy import orm as so

from quizapp.models.base import Model


class LearnerItemDay(Model):
    """One learner's activity on one item on one UTC day.

    ``answers``/``score`` count every scored answer that feeds mastery (quiz answers, live answers
    given signed in, finished case studies); ``quiz_*`` count the quiz answers among them, which
    the activity chart, the weakest items and "practise missed" use.
    """

    __tablename__ = "learner_item_day"

    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    day: so.Mapped[date] = so.mapped_column(primary_key=True)
    item_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("item.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    reviews: so.Mapped[int] = so.mapped_column(default=0)
    answers: so.Mapped[int] = so.mapped_column(default=0)
    score: so.Mapped[float] = so.mapped_column(sa.Float, default=0.0)
    quiz_answers: so.Mapped[int] = so.mapped_column(default=0)
    quiz_score: so.Mapped[float] = so.mapped_column(sa.Float, default=0.0)
    quiz_wrong: so.Mapped[int] = so.mapped_column(default=0)

    __table_args__ = (
        sa.CheckConstraint(
            "reviews >= 0 AND answers >= 0 AND quiz_answers >= 0 AND quiz_wrong >= 0"
            " AND quiz_answers <= answers AND quiz_wrong <= quiz_answers",
            name="counts_consistent",
        ),
    )
