"""``quizapp content pack export --course SLUG out.zip`` and ``quizapp content pack import
file.zip [--owner EMAIL]`` (the rest of ``quizapp content`` keeps serving the built-in course)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from quizapp.content.commands import content_cli
from quizapp.content.pack import PackError
from quizapp.core.database import write_intent
from quizapp.extensions import db
from quizapp.imports import packfile, packs
from quizapp.models import Course, User

pack_cli = AppGroup("pack", help="Export a course as a content pack (zip), or import one.")


@pack_cli.command("export")
@click.option("--course", "slug", required=True, help="The course's slug.")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_command(slug: str, path: str) -> None:
    """Write the course as a content pack (byte-identical for the same course)."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is None:
        click.echo(f"no course {slug!r}", err=True)
        sys.exit(1)
    Path(path).write_bytes(packfile.write_pack(packs.export_course(course)))
    click.echo(f"wrote {path}")


@pack_cli.command("import")
@click.option("--owner", "email", default=None, help="Email of the author who owns the course.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path: str, email: str | None) -> None:
    """Import a content pack as a new private course; bad packs stop with file:line: reason."""
    owner = None
    if email:
        owner = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
        if owner is None:
            click.echo(f"no user {email!r}", err=True)
            sys.exit(1)
    try:
        pack = packfile.read_pack(Path(path).read_bytes(), Path(path).name)
    except PackError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        click.echo(f"pack import failed: {len(error.problems)} problem(s)", err=True)
        sys.exit(1)
    with write_intent():
        course = packs.import_course(pack, owner)
        db.session.commit()
    click.echo(f"imported course {course.slug!r} ({len(pack.items)} items)")


def register_commands(app: Flask) -> None:
    """Attach ``pack`` under the ``content`` group."""
    content_cli.add_command(pack_cli)
