"""How long a question took: the page carries a signed "shown at" stamp back with the answer.

Pure: itsdangerous only, no Flask. A stamp is bound to one attempt and position, so it cannot be
replayed on another question; a forged, foreign or absurd stamp yields no duration rather than
a wrong one (the answer itself is always kept).
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

__all__ = ["MAX_DURATION_MS", "duration_ms", "shown_token"]

SALT = "quiz-question-shown"
#: Longer than this is someone who left the page open, not time spent on the question.
MAX_DURATION_MS = 3 * 60 * 60 * 1000


def shown_token(secret_key: str, *, attempt_id: int, position: int, shown_ms: int) -> str:
    """A signed stamp saying this question of this attempt was shown at ``shown_ms``."""
    return URLSafeSerializer(secret_key, salt=SALT).dumps([attempt_id, position, shown_ms])


def duration_ms(
    secret_key: str, token: str | None, *, attempt_id: int, position: int, now_ms: int
) -> int | None:
    """Milliseconds from showing to answering, or None when the stamp is missing or not sane."""
    if not token:
        return None
    try:
        payload = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except BadSignature:
        return None
    if not (
        isinstance(payload, list) and len(payload) == 3 and all(type(v) is int for v in payload)
    ):
        return None
    token_attempt, token_position, shown_ms = payload
    if (token_attempt, token_position) != (attempt_id, position):
        return None
    elapsed = now_ms - shown_ms
    return elapsed if 0 <= elapsed <= MAX_DURATION_MS else None
