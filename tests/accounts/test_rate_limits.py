"""Failed logins are limited per account (tight) and per address (generous); successes do not
count."""

from __future__ import annotations

import os
import threading
import time

import pytest
from limits import parse

from quizapp.accounts import services, throttle
from quizapp.extensions import db, limiter
from tests import factories

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture
def app_config():
    """Rate limiting on, counted in the test's own database (the default storage)."""
    return {"RATELIMIT_ENABLED": True}


def _login(client, email="learner@example.org", password=factories.PASSWORD, address="10.0.0.1"):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    factories.make_user()
    db.session.commit()
    for _ in range(5):
        assert _login(client, password="wrong password!!").status_code == 200
    blocked = _login(client)
    assert blocked.status_code == 429
    text = blocked.get_data(as_text=True)
    assert "Too many failed attempts to log in to this account" in text and "minute" in text


def test_the_account_lock_holds_from_another_address(client):
    factories.make_user()
    db.session.commit()
    for n in range(5):
        _login(client, password="wrong password!!", address=f"10.0.1.{n}")
    assert _login(client, address="10.9.9.9").status_code == 429


def test_successful_logins_do_not_count(client):
    factories.make_user()
    db.session.commit()
    for _ in range(8):
        assert _login(client).status_code == 302
        client.post("/logout")
    for _ in range(4):
        _login(client, password="wrong password!!")
    assert _login(client).status_code == 302  # four failures, then success clears the count


def test_a_classroom_behind_one_address_can_still_log_in(client):
    users = [factories.make_user(f"pupil{n}@example.org") for n in range(12)]
    db.session.commit()
    for user in users:  # every pupil mistypes twice: 24 failures from the room's one address
        _login(client, email=user.email, password="wrong password!!")
        _login(client, email=user.email, password="wrong password!!")
    for user in users:
        assert _login(client, email=user.email).status_code == 302
        client.post("/logout")


def test_many_failures_from_one_address_are_limited(client, monkeypatch):
    monkeypatch.setattr(throttle, "ADDRESS_LIMIT", parse("10 per 15 minutes"))
    factories.make_user()
    db.session.commit()
    for n in range(10):
        _login(client, email=f"guess{n}@example.org", password="wrong password!!")
    blocked = _login(client)
    assert blocked.status_code == 429 and "from your network" in blocked.get_data(as_text=True)
    assert _login(client, address="10.0.0.2").status_code == 302


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
# One Redis database and one account's counters: never two xdist workers at once.
@pytest.mark.serial
class TestRedisStorage:
    """The same limits counted in Redis, as in a multi-server deployment."""

    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL}

    def test_failures_are_counted_in_redis(self, app, client):
        limiter.reset()
        assert type(limiter.storage).__name__.lower().startswith("redis")
        factories.make_user()
        db.session.commit()
        for _ in range(5):
            _login(client, password="wrong password!!")
        assert _login(client).status_code == 429
        limiter.reset()
        assert _login(client).status_code == 302

    def test_parallel_guesses_get_at_most_five_password_checks_in_redis(self, app, monkeypatch):
        limiter.reset()
        factories.make_user()
        db.session.commit()
        checks = _count_password_checks(monkeypatch)
        statuses = _parallel_wrong_logins(app)
        limiter.reset()
        assert len(statuses) == 30 and len(checks) <= 5


def _count_password_checks(monkeypatch) -> list[int]:
    """Count (and slow down, to widen any race) every password check made by a login."""
    checks: list[int] = []
    lock = threading.Lock()
    real_check = services.check_password_hash

    def counting_check(pwhash: str, password: str) -> bool:
        with lock:
            checks.append(1)
        time.sleep(0.05)
        return real_check(pwhash, password)

    monkeypatch.setattr(services, "check_password_hash", counting_check)
    return checks


def _parallel_wrong_logins(app, n: int = 30) -> list[int]:
    barrier = threading.Barrier(n)
    statuses: list[int] = []

    def attempt(k: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = _login(client, password="wrong password!!", address=f"10.1.{k // 250}.{k % 250}")
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(k,)) for k in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_parallel_guesses_get_at_most_five_password_checks(app, monkeypatch):
    """30 wrong passwords for one account at once: the slot is taken before the password is
    checked, atomically, so no more than the limit of 5 checks happen (database storage)."""
    factories.make_user()
    db.session.commit()
    checks = _count_password_checks(monkeypatch)
    statuses = _parallel_wrong_logins(app)
    assert len(statuses) == 30
    assert len(checks) <= 5
    assert statuses.count(200) == len(checks) and statuses.count(429) == 30 - len(checks)
    assert _login(app.test_client()).status_code == 429  # and the account stays locked


def test_a_successful_login_gives_its_address_slot_back(client, monkeypatch):
    monkeypatch.setattr(throttle, "ADDRESS_LIMIT", parse("3 per 15 minutes"))
    factories.make_user()
    db.session.commit()
    for _ in range(5):
        assert _login(client).status_code == 302
        client.post("/logout")
    assert _login(client, email="other@example.org", password="wrong password!!").status_code == 200


def _register(client, email, password="a long and unusual phrase 42", address="10.0.0.1"):
    return client.post(
        "/register",
        data={"display_name": "New", "email": email, "password": password, "confirm": password},
        environ_base={"REMOTE_ADDR": address},
    )


class TestRegistrationLimits:
    """Registration is limited per address: every attempt, and "email taken" answers tightly."""

    @pytest.fixture
    def app_config(self):
        return {
            "RATELIMIT_ENABLED": True,
            "REGISTER_RATE_LIMIT": "4 per hour",
            "REGISTER_TAKEN_RATE_LIMIT": "2 per hour",
        }

    def test_probing_for_taken_emails_is_limited_per_address(self, client):
        factories.make_user("taken@example.org")
        db.session.commit()
        for _ in range(2):
            response = _register(client, "taken@example.org")
            assert response.status_code == 409 and "already exists" in response.get_data(True)
        assert _register(client, "taken@example.org").status_code == 429
        assert _register(client, "taken@example.org", address="10.0.0.2").status_code == 409

    def test_every_registration_attempt_counts_per_address(self, client):
        for n in range(3):
            assert _register(client, f"bad{n}@example.org", password="short").status_code == 400
        assert _register(client, "new@example.org").status_code == 302
        blocked = _register(client.application.test_client(), "late@example.org")
        assert blocked.status_code == 429 and "Retry-After" in blocked.headers
        assert (
            _register(
                client.application.test_client(), "x@example.org", address="10.0.0.3"
            ).status_code
            == 302
        )
