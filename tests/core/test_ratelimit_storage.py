"""Rate-limit counters in the database: fixed windows, and one count across app instances."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from quizapp.core.ratelimit_storage import DatabaseStorage
from quizapp.extensions import db, limiter
from quizapp.models import RateLimitCounter
from tests import factories
from tests.conftest import make_app


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def test_the_default_storage_is_the_database(app):
    assert app.config["RATELIMIT_STORAGE_URI"] == "quizapp+db://"
    assert isinstance(limiter.limiter.storage, DatabaseStorage)


def test_fixed_window_counts_expires_and_clears(app):
    storage = DatabaseStorage()
    assert storage.check()
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1
    assert storage.incr("k", 60, amount=2) == 3
    assert storage.get("k") == 3
    assert time.time() < storage.get_expiry("k") <= time.time() + 60
    assert storage.incr("short", 0.01) == 1
    time.sleep(0.05)
    assert storage.get("short") == 0  # the window is over
    assert storage.incr("short", 60) == 1  # and a new one starts at 1
    storage.clear("k")
    assert storage.get("k") == 0
    assert storage.reset() == 1


def test_two_app_instances_count_failed_logins_together(app, database_url, tmp_path):
    factories.make_user()
    db.session.commit()
    other = make_app(database_url, str(tmp_path / "other"), RATELIMIT_ENABLED=True)
    first, second = app.test_client(), other.test_client()
    wrong = {"email": "learner@example.org", "password": "wrong password!!"}
    for client in (first, second, first, second, first):  # five failures, split between two workers
        assert client.post("/login", data=wrong).status_code == 200
    right = {"email": "learner@example.org", "password": factories.PASSWORD}
    assert second.post("/login", data=right).status_code == 429
    # The count lives in the shared database, not in either process.
    counts = db.session.scalars(sa.select(RateLimitCounter.count)).all()
    assert sorted(counts) == [5, 5]  # the account's counter and the address's
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
