"""``quizapp content check|sync|export``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from quizapp.core.database import write_intent
from quizapp.extensions import db

if TYPE_CHECKING:
    from quizapp.content.bank import Bank

content_cli = AppGroup("content", help="Build, check, load and export the item bank.")


def _build() -> Bank:
    """Build the bank from the configured content root, or stop with file:line: reason."""
    from quizapp.content.bank import build_bank
    from quizapp.content.pack import PackError

    try:
        return build_bank(Path(current_app.config["CONTENT_ROOT"]))
    except PackError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        click.echo(f"content build failed: {len(error.problems)} problem(s)", err=True)
        sys.exit(1)


def _check_or_exit(bank: Bank) -> None:
    from quizapp.content.checks import run_checks

    report = run_checks(bank)
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(report.summary)
    if report.problems:
        click.echo(f"content check failed: {len(report.problems)} problem(s)", err=True)
        sys.exit(1)


@content_cli.command("check")
def check_command() -> None:
    """Build the bank and run every quality gate; exit 1 on any problem."""
    _check_or_exit(_build())


@content_cli.command("sync")
def sync_command() -> None:
    """Check the bank, then load it into the database in one transaction (idempotent)."""
    from quizapp.content.services import sync_bank

    bank = _build()
    _check_or_exit(bank)
    with write_intent():
        result = sync_bank(bank)
        db.session.commit()
    click.echo(
        f"synced {len(bank.items)} items: {result.added} added, {result.updated} updated, "
        f"{result.retired} retired, {result.unchanged} unchanged (bank {result.bank_sha256[:12]})"
    )


@content_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_command(fmt: str, path: str) -> None:
    """Write the bank as JSON (byte-identical for the same inputs)."""
    from quizapp.content.export import export_json

    Path(path).write_text(export_json(_build()), encoding="utf-8")
    click.echo(f"wrote {path}")


def register_commands(app: Flask) -> None:
    """Attach the ``content`` group."""
    app.cli.add_command(content_cli)
