"""Wrong live PINs and cohort codes, counted per address in Flask-Limiter's storage.

Only failures count, as with failed logins: a classroom of sixty behind one Wi-Fi address joins
freely, while an address that keeps typing PINs or codes no session or cohort has is refused for a
while. Once refused, the address cannot tell a real PIN from a wrong one (both answer 429), or the
refusal would tell a guesser when they found one. Phones that have already joined are never limited:
their polls carry the participant's cookie and do not come through here.
"""

from __future__ import annotations

import math
import time

from flask import current_app, request
from limits import RateLimitItem, parse

from quizapp.core.database import write_intent
from quizapp.extensions import db, limiter

__all__ = ["WRONG_GUESS_LIMIT", "TooManyGuesses", "check_address", "client_address", "record_wrong"]

#: Generous for a room of typists, tight for a guesser: all 10⁶ PINs would take over 100 days.
WRONG_GUESS_LIMIT: RateLimitItem = parse("100 per 15 minutes")
_NAMESPACE = "join-guesses"


class TooManyGuesses(Exception):
    """The address typed too many wrong PINs or codes; the message is shown to the person."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds

    @property
    def message(self) -> str:
        """A sentence for the page."""
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
        return (
            "Too many wrong PINs or codes were typed from your network. Please wait "
            f"{wait}, check the PIN on the big screen (or the code from your trainer) "
            "and try again."
        )


def client_address() -> str:
    """The address a request comes from (the proxy's view of it when proxy headers are trusted)."""
    return request.remote_addr or "unknown"


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED")) and limiter.enabled


def _refusal(address: str) -> TooManyGuesses:
    reset_at = limiter.limiter.get_window_stats(WRONG_GUESS_LIMIT, _NAMESPACE, address).reset_time
    return TooManyGuesses(max(1, int(reset_at - time.time())))


def check_address(address: str) -> None:
    """Raise TooManyGuesses while ``address`` has used up its wrong guesses."""
    if _enabled() and not limiter.limiter.test(WRONG_GUESS_LIMIT, _NAMESPACE, address):
        raise _refusal(address)


def record_wrong(address: str) -> None:
    """Count one wrong PIN or code; raise TooManyGuesses when this one is over the limit.

    Counting and checking are one step (the storage's atomic increment), so parallel guesses
    cannot slip past the limit.
    """
    if not _enabled():
        return
    # Callers have written nothing yet. End the read so far, so that on SQLite the count is written
    # in a transaction begun as a writer (BEGIN IMMEDIATE), never one upgraded from a reader, which
    # fails at once under contention (a wrong PIN can arrive by GET).
    db.session.commit()
    with write_intent():
        within_limit = limiter.limiter.hit(WRONG_GUESS_LIMIT, _NAMESPACE, address)
    if not within_limit:
        raise _refusal(address)
