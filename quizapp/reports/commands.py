"""``quizapp demo seed``: fill a database with synthetic learners for trying out the reports."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup

from quizapp.core.database import write_intent
from quizapp.extensions import db
from quizapp.reports.demo import DemoError, seed_demo

demo_cli = AppGroup("demo", help="Synthetic demo data.")


@demo_cli.command("seed")
@click.option("--learners", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=60,
    show_default=True,
    help="Length of the history.",
)
@click.option(
    "--responses-per-learner", type=click.IntRange(0, 10_000), default=200, show_default=True
)
@click.option(
    "--reviews-per-learner", type=click.IntRange(0, 10_000), default=100, show_default=True
)
@click.option("--cohorts", type=click.IntRange(1, 26), default=2, show_default=True)
@click.option(
    "--seed", "random_seed", type=int, default=None, help="Random seed for a repeatable data set."
)
@click.option("--force", is_flag=True, help="Add demo data even though real users exist.")
def seed_command(
    learners: int,
    days: int,
    responses_per_learner: int,
    reviews_per_learner: int,
    cohorts: int,
    random_seed: int | None,
    force: bool,
) -> None:
    """Create a demo trainer, demo cohorts and learners with reviews and quiz attempts."""
    started = time.perf_counter()
    with write_intent():
        try:
            result = seed_demo(
                learners=learners,
                days=days,
                force=force,
                seed=random_seed,
                responses_per_learner=responses_per_learner,
                reviews_per_learner=reviews_per_learner,
                cohorts=cohorts,
            )
        except DemoError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Fresh statistics after a bulk load, so the report queries get good plans at once.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    click.echo(
        f"Created {result.learners} demo learners in {result.cohorts} cohorts: "
        f"{result.attempts} attempts, {result.responses} responses, {result.reviews} reviews, "
        f"{result.card_states} card states "
        f"in {time.perf_counter() - started:.1f} s."
    )
    click.echo(f"Demo trainer: {result.trainer_email} / {result.trainer_password}")


def register_commands(app: Flask) -> None:
    """Attach the ``demo`` group."""
    app.cli.add_command(demo_cli)
