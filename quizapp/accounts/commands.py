"""``quizapp users ...`` commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from quizapp.accounts import services
from quizapp.core.database import write_intent
from quizapp.extensions import db
from quizapp.models.accounts import Role

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.LEARNER.value,
    show_default=True,
)
@click.password_option()
def create_command(email: str, display_name: str, role: str, password: str) -> None:
    """Create a user (the first admin is made this way)."""
    with write_intent():
        try:
            user = services.create_user(
                email=email, display_name=display_name, password=password, role=Role(role)
            )
        except services.AccountError as error:
            raise click.ClickException(str(error)) from error
        db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


def register_commands(app: Flask) -> None:
    """Attach the ``users`` group."""
    app.cli.add_command(users_cli)
