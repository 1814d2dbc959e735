"""The phones' state poll, answered before Flask's request machinery.

A thousand phones poll ``GET /live/play/<pin>/state`` about once a second, so this one request
must cost little more than a bare WSGI "hello". This middleware answers the common case — a known
session and a cookie token of one of its participants — with one indexed statement on its own
pooled connection: no request context, no session cookie read or written, no user load, no
template. The body and the ETag come from ``play.participant_state``, the same function the Flask
view uses, and a matching ``If-None-Match`` gets 304 before any JSON is built.

Everything else (an unknown PIN, a phone without a valid token, a malformed request, any other
method) falls through to the Flask view ``live.play_state``, which stays the reference: it counts
wrong PINs, applies the per-address guess limit and answers anonymous pollers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from werkzeug.http import parse_cookie, parse_etags

from quizapp.core.logs import incoming_request_id
from quizapp.live.play import cookie_name, participant_state
from quizapp.models.live import LiveParticipant, LiveSession

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["STATE_PATH", "FastPoll", "state_statement"]

#: The participants' state URL (``live.play_state``); the PIN is six digits.
STATE_PATH = re.compile(r"/live/play/(\d{6})/state")

_session = LiveSession.__table__
_participant = LiveParticipant.__table__


def state_statement() -> sa.Select[Any]:
    """Session and participant columns for (pin, token): the unique PIN index, then the unique
    token index; no row when the token is not one of the session's participants."""
    return (
        sa.select(
            _session.c.id,
            _session.c.pin,
            _session.c.phase,
            _session.c.question_index,
            _session.c.item_ids,
            _session.c.question_deadline,
            _session.c.revision,
            _session.c.ended_at,
            _participant.c.id.label("participant_id"),
            _participant.c.nickname,
            _participant.c.removed,
        )
        .join(
            _participant,
            sa.and_(
                _participant.c.token == sa.bindparam("token"),
                _participant.c.session_id == _session.c.id,
            ),
        )
        .where(_session.c.pin == sa.bindparam("pin"))
    )


class _Participant:
    """The participant half of a state row, under the names ``participant_state`` reads."""

    __slots__ = ("id", "nickname", "removed")

    def __init__(self, row: sa.Row[Any]) -> None:
        self.id: int = row.participant_id
        self.nickname: str = row.nickname
        self.removed: bool = bool(row.removed)


class FastPoll:
    """WSGI middleware: answers known participants' state polls; passes every other request on.

    Args:
        wsgi_app: the Flask app's WSGI callable, which serves everything else.
        engine: the app's database engine (its pool is shared with the app).
        headers: the headers every response of the app carries (security headers); added to ours.
    """

    def __init__(
        self, wsgi_app: WSGIApplication, engine: sa.Engine, headers: Sequence[tuple[str, str]]
    ) -> None:
        self.wsgi_app = wsgi_app
        self.engine = engine
        self.headers = list(headers)
        self.statement = state_statement()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve a known participant's state poll here; anything else by the Flask app."""
        if environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING"):
            found = STATE_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if found is not None:
                answered = self._poll(environ, start_response, found.group(1))
                if answered is not None:
                    return answered
        return self.wsgi_app(environ, start_response)

    def _poll(
        self, environ: WSGIEnvironment, start_response: StartResponse, pin: str
    ) -> list[bytes] | None:
        token = parse_cookie(environ.get("HTTP_COOKIE", "")).get(cookie_name(pin))
        if not token:
            return None
        with self.engine.connect() as connection:
            row = connection.execute(self.statement, {"pin": pin, "token": token}).first()
        if row is None:
            return None
        state = participant_state(row, _Participant(row))
        headers = [
            ("ETag", f'W/"{state.etag}"'),
            ("Cache-Control", "private, no-cache"),
            ("Vary", "Cookie"),
            ("X-Request-ID", incoming_request_id(environ.get("HTTP_X_REQUEST_ID"))),
            *self.headers,
        ]
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(state.etag):
            start_response("304 NOT MODIFIED", headers)
            return []
        body = (json.dumps(state.payload, separators=(",", ":"), sort_keys=True) + "\n").encode()
        headers += [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]
