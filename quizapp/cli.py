"""The ``quizapp`` console script: Flask's CLI bound to the app factory."""

from __future__ import annotations

from flask.cli import FlaskGroup

from quizapp import create_app

cli = FlaskGroup(create_app=lambda: create_app(), help="quizapp: run, migrate and manage the app.")


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="quizapp")
