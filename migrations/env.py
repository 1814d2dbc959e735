"""Alembic environment: runs revisions against the app's own engine and metadata."""

from __future__ import annotations

from alembic import context
from flask import current_app

from quizapp.models.base import UTCDateTime

config = context.config
target_db = current_app.extensions["migrate"].db


def render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    """Write our timestamp type as a plain DateTime so revisions import nothing from the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _options() -> dict:
    options = dict(current_app.extensions["migrate"].configure_args)
    options.setdefault("render_item", render_item)
    return options


def run_offline() -> None:
    """Emit SQL for the revisions without a connection."""
    context.configure(
        url=target_db.engine.url.render_as_string(hide_password=False),
        target_metadata=target_db.metadata,
        literal_binds=True,
        **_options(),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Apply the revisions over the app's engine."""

    def skip_empty(context_, revision, directives):  # type: ignore[no-untyped-def]
        # "quizapp db migrate" with no model change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []

    options = _options()
    options.setdefault("process_revision_directives", skip_empty)
    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch revision rebuilds a table (copy, drop, rename); with foreign keys enforced
            # the drop of a referenced table fails. Off for the run (outside any transaction, as
            # SQLite requires), then every reference is checked before they are enforced again.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(connection=connection, target_metadata=target_db.metadata, **options)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            raw = connection.connection.driver_connection
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
            raw.execute("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")


if context.is_offline_mode():
    run_offline()
else:
    run_online()
