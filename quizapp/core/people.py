"""How trainer pages name a person: two learners may share a display name, so trainer views show
the email beside it (the account the trainer can tell them apart by). Learners' own pages and
live-session screens show display names and nicknames only."""

from __future__ import annotations

from flask import Flask

__all__ = ["init_app", "person_label"]


def person_label(name: str, email: str | None) -> str:
    """``name`` with ``email`` in brackets, for a trainer's view; without an email, the name."""
    return f"{name} ({email})" if email else name


def init_app(app: Flask) -> None:
    """Make :func:`person_label` available to every template."""
    app.add_template_global(person_label)
