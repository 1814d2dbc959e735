"""Failed-login limits, counted in Flask-Limiter's storage (the database by default, or Redis).

Only failures count. The per-account limit is tight (guessing one person's password); the
per-address limit is generous, because a classroom or an office often reaches us from one public
address and a few typing mistakes each must not lock the whole room out.

Counting is atomic: an attempt first *reserves* a slot with one increment-and-compare in the
storage (an ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` on the databases, ``INCRBY`` in
Redis) and only then is the password checked. Thirty parallel guesses at one account therefore
get at most five password checks; a successful login gives its slots back.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse

from quizapp.accounts.services import normalise_email
from quizapp.extensions import limiter

__all__ = [
    "ACCOUNT_LIMIT",
    "ADDRESS_LIMIT",
    "Block",
    "login_succeeded",
    "reserve_login_attempt",
]

ACCOUNT_LIMIT: RateLimitItem = parse("5 per 15 minutes")
ADDRESS_LIMIT: RateLimitItem = parse("100 per 15 minutes")
_NAMESPACE = "login-failures"


@dataclass(frozen=True)
class Block:
    """Why a login is refused before the password is even checked, and for how long."""

    scope: str  # "account" or "address"
    retry_after_seconds: int

    @property
    def message(self) -> str:
        """A sentence for the login form."""
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
        if self.scope == "account":
            return (
                "Too many failed attempts to log in to this account. For its protection, please "
                f"wait {wait} and try again, or ask your trainer or an administrator for help."
            )
        return (
            f"Too many failed log-in attempts from your network. Please wait {wait} and try again."
        )


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED")) and limiter.enabled


def _account_key(email: str) -> str:
    # A digest, so the rate-limit store never holds email addresses.
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()[:32]


def _scopes(email: str, address: str) -> tuple[tuple[str, RateLimitItem, str], ...]:
    return (
        ("account", ACCOUNT_LIMIT, _account_key(email)),
        ("address", ADDRESS_LIMIT, address),
    )


def reserve_login_attempt(email: str, address: str) -> Block | None:
    """Take one failure slot of the account and of the address before the password is checked.

    Returns None when the attempt may go on (its slots stay taken unless :func:`login_succeeded`
    gives them back), or the Block that refuses it. A limit already reached is read, not
    incremented, so refused attempts do not add to the count; the increment itself is compared
    with the limit atomically, so racing attempts cannot all take the last slot.
    """
    if not _enabled():
        return None
    taken: list[tuple[RateLimitItem, str, str]] = []
    for scope, item, key in _scopes(email, address):
        if not limiter.limiter.test(item, _NAMESPACE, scope, key) or not limiter.limiter.hit(
            item, _NAMESPACE, scope, key
        ):
            for taken_item, taken_scope, taken_key in taken:
                _give_back(taken_item, taken_scope, taken_key)
            return Block(scope, _retry_after_scoped(item, scope, key))
        taken.append((item, scope, key))
    return None


def _give_back(item: RateLimitItem, scope: str, key: str) -> None:
    """Return a reserved slot (the storage's increment by -1; fixed windows only)."""
    limiter.limiter.storage.incr(item.key_for(_NAMESPACE, scope, key), item.get_expiry(), amount=-1)


def _retry_after_scoped(item: RateLimitItem, scope: str, key: str) -> int:
    reset_at = limiter.limiter.get_window_stats(item, _NAMESPACE, scope, key).reset_time
    return max(1, int(reset_at - time.time()))


def login_succeeded(email: str, address: str) -> None:
    """The password was right: forget the account's failures and give back the address's slot."""
    if not _enabled():
        return
    limiter.limiter.clear(ACCOUNT_LIMIT, _NAMESPACE, "account", _account_key(email))
    _give_back(ADDRESS_LIMIT, "address", address)
