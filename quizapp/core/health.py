"""What the health check reports."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from quizapp.extensions import db
from quizapp.models.content import ContentRelease


@dataclass(frozen=True)
class DatabaseStatus:
    """Whether the database answered, and the content version it serves (if any)."""

    reachable: bool
    content_version: str | None


def database_status() -> DatabaseStatus:
    """Ask the database for the newest content release; any failure means unreachable."""
    try:
        release = db.session.scalar(
            sa.select(ContentRelease)
            .order_by(ContentRelease.synced_at.desc(), ContentRelease.id.desc())
            .limit(1)
        )
        version = release.bank_sha256[:12] if release else None
        db.session.rollback()
        return DatabaseStatus(True, version)
    except Exception:
        current_app.logger.warning("health check: database unreachable", exc_info=True)
        db.session.rollback()
        return DatabaseStatus(False, None)
