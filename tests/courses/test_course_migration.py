"""The courses migration keeps everything learners did: a database at the revision before it,
filled with a bank, history and a cohort, is upgraded and every row lands in the built-in course."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quizapp.content.services import document_passages
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import BUILTIN_COURSE_SLUG, Course, Item, Passage, Topic
from tests.conftest import POSTGRES_URL, make_app
from tests.core.test_database import _fresh_postgres_url

BEFORE_COURSES = "872fbeabbb07"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC).replace(tzinfo=None)


def _fill_old_schema(connection: sa.Connection) -> None:
    """Rows as the app wrote them before courses existed (raw SQL: the models have moved on)."""
    run = connection.execute
    run(
        sa.text(
            'INSERT INTO "user" (id, email, display_name, password_hash, role, desired_retention,'
            " new_cards_per_day, include_background, is_demo, created_at) VALUES "
            "(1, 't@example.org', 'T', 'x', 'trainer', 0.9, 20, true, false, :now),"
            "(2, 'l@example.org', 'L', 'x', 'learner', 0.9, 20, true, false, :now)"
        ),
        {"now": NOW},
    )
    run(
        sa.text(
            "INSERT INTO topic (id, slug, title, description, position) VALUES "
            "(1, 'trafficking', 'Trafficking', '', 1)"
        )
    )
    run(
        sa.text(
            "INSERT INTO passage (id, anchor, area, position, heading, text) VALUES "
            "(1, 'area-1-p1', 1, 1, 'Area 1', 'First passage.'),"
            "(2, 'area-1-p2', 1, 2, 'Area 1', 'Second passage.')"
        )
    )
    for item_id, key, retired in ((1, "a.live", False), (2, "a.gone", True)):
        run(
            sa.text(
                "INSERT INTO item (id, key, kind, topic_id, passage_id, origin, prompt, body,"
                " explanation, difficulty, quote, retired, version, content_hash, created_at,"
                " updated_at) VALUES (:id, :key, 'flashcard', 1, 1, 'document', 'Q?',"
                ' \'{"front": "F", "back": "B"}\', \'E\', 0.5, \'First passage.\', :retired, 1,'
                " 'h', :now, :now)"
            ),
            {"id": item_id, "key": key, "retired": retired, "now": NOW},
        )
    run(
        sa.text(
            "INSERT INTO cohort (id, name, description, join_code, owner_id, archived,"
            " is_demo, created_at) VALUES (1, 'C', '', 'JOIN1', 1, false, false, :now)"
        ),
        {"now": NOW},
    )
    run(
        sa.text(
            "INSERT INTO live_session (id, pin, trainer_id, cohort_id, title, item_ids,"
            " allow_guests, speed_bonus, show_leaderboard, phase, question_index, revision,"
            " settings, created_at) VALUES (1, '123456', 1, 1, 'L', '[1]', true, true, true,"
            " 'ended', 0, 1, '{}', :now)"
        ),
        {"now": NOW},
    )
    run(
        sa.text(
            "INSERT INTO content_release (document_sha256, bank_sha256, item_count, added,"
            " updated, retired, synced_at) VALUES ('d' || :pad, 'b', 2, 2, 0, 0, :now)"
        ),
        {"pad": "0" * 63, "now": NOW},
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_moves_existing_rows_into_the_builtin_course(backend, tmp_path):
    if backend == "postgresql" and not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = f"sqlite:///{tmp_path / 'm.sqlite'}" if backend == "sqlite" else _fresh_postgres_url()
    app = make_app(url, str(tmp_path / "inst"))
    with app.app_context():
        upgrade(revision=BEFORE_COURSES)
        with db.engine.begin() as connection:
            _fill_old_schema(connection)
        upgrade()
        course = db.session.scalar(sa.select(Course).where(Course.slug == BUILTIN_COURSE_SLUG))
        assert course is not None and course.builtin
        items = {i.key: i for i in db.session.scalars(sa.select(Item))}
        assert {k: (i.course_id, i.status) for k, i in items.items()} == {
            "a.live": (course.id, ItemStatus.PUBLISHED),
            "a.gone": (course.id, ItemStatus.RETIRED),
        }
        assert items["a.live"].passage_id == 1 and not items["a.live"].needs_review
        assert db.session.scalar(sa.select(Topic.course_id)) == course.id
        reader = document_passages()
        assert [p.anchor for p in reader] == ["area-1-p1", "area-1-p2"]
        assert {p.id for p in db.session.scalars(sa.select(Passage))} == {1, 2}
        cohort_course = db.session.execute(sa.text("SELECT course_id FROM cohort")).scalar_one()
        live_course = db.session.execute(sa.text("SELECT course_id FROM live_session")).scalar()
        assert cohort_course == live_course == course.id
        db.session.remove()
        downgrade(revision=BEFORE_COURSES)  # and back, with the retired flag restored
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT key, retired FROM item ORDER BY id"))
            assert [(k, bool(r)) for k, r in rows] == [("a.live", False), ("a.gone", True)]
        db.engine.dispose()
