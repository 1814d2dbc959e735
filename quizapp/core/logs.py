"""Logging with a request id on every line."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, g, has_request_context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def incoming_request_id(header_value: str | None) -> str:
    """Reuse a proxy's request id when it is well-formed; otherwise make one."""
    if header_value and _SAFE_ID.match(header_value):
        return header_value
    return uuid.uuid4().hex[:16]


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(app: Flask) -> None:
    """Send the app's log to stderr with the request id."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    )
    handler.addFilter(RequestIdFilter())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.propagate = False
