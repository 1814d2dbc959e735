"""Failed-login limits, counted in Flask-Limiter's storage (the database by default, or Redis).

Only failures count. The per-account limit is tight (guessing one person's password); the
per-address limit is generous, because a classroom or an office often reaches us from one public
address and a few typing mistakes each must not lock the whole room out.
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
    "check_login_allowed",
    "clear_account",
    "record_failed_login",
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


def check_login_allowed(email: str, address: str) -> Block | None:
    """None when a login attempt may proceed; otherwise the Block that refuses it."""
    if not _enabled():
        return None
    for scope, item, key in (
        ("account", ACCOUNT_LIMIT, _account_key(email)),
        ("address", ADDRESS_LIMIT, address),
    ):
        if not limiter.limiter.test(item, _NAMESPACE, scope, key):
            return Block(scope, _retry_after_scoped(item, scope, key))
    return None


def _retry_after_scoped(item: RateLimitItem, scope: str, key: str) -> int:
    reset_at = limiter.limiter.get_window_stats(item, _NAMESPACE, scope, key).reset_time
    return max(1, int(reset_at - time.time()))


def record_failed_login(email: str, address: str) -> None:
    """Count one failed attempt against the account and against the address."""
    if not _enabled():
        return
    limiter.limiter.hit(ACCOUNT_LIMIT, _NAMESPACE, "account", _account_key(email))
    limiter.limiter.hit(ADDRESS_LIMIT, _NAMESPACE, "address", address)


def clear_account(email: str) -> None:
    """Forget an account's failures after its owner logs in successfully."""
    if _enabled():
        limiter.limiter.clear(ACCOUNT_LIMIT, _NAMESPACE, "account", _account_key(email))
