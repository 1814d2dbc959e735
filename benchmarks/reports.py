"""Benchmark of the report services against hand-written SQL aggregates (a script, not a test).

    .venv/bin/python benchmarks/reports.py                                  # SQLite file in /tmp
    .venv/bin/python benchmarks/reports.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_reports

The database is migrated, given a synthetic item bank when it has none, and seeded with
``seed_demo`` (1,000 learners in one cohort, about 200 responses each) unless it already holds a
demo cohort; ``--reseed`` starts over (SQLite: deletes the file; PostgreSQL: drops the tables).
It then times, as the median of ``--repeat`` runs:

- the cohort report service against one hand-written statement computing the same aggregates
  (COHORT_REPORT_SQL), and against one GROUP BY of quiz accuracy per learner and topic;
- the item analysis service against one hand-written statement computing the same aggregates
  (ITEM_ANALYSIS_SQL), and against one GROUP BY of per-item sums with attempt totals
  (Σx, Σx², ΣT, ΣT², ΣxT — the least any discrimination index needs),

and prints each ratio (goal: within 2×). Each service is timed once and compared with each of its
baselines; the partial baselines do less work than the report, the same-aggregate ones do not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp import create_app
from quizapp.core.database import write_intent
from quizapp.extensions import db
from quizapp.models import Cohort, Item, Passage, Response, Topic, User
from quizapp.models.base import utcnow
from quizapp.reports.cohort_report import CohortFilters, cohort_report
from quizapp.reports.demo import seed_demo
from quizapp.reports.item_analysis import item_analysis_for

ACCURACY_SQL = """
SELECT a.user_id, i.topic_id, AVG(r.score), COUNT(*)
FROM response r JOIN attempt a ON a.id = r.attempt_id JOIN item i ON i.id = r.item_id
GROUP BY a.user_id, i.topic_id
"""
ITEM_SUMS_SQL = """
WITH totals AS (SELECT attempt_id, SUM(score) AS t FROM response GROUP BY attempt_id)
SELECT r.item_id, COUNT(*), SUM(r.score), SUM(r.score * r.score), SUM(totals.t),
       SUM(totals.t * totals.t), SUM(r.score * totals.t)
FROM response r JOIN totals ON totals.attempt_id = r.attempt_id
GROUP BY r.item_id
"""

# The same aggregates as the item analysis of one cohort, written by hand in one statement.
ITEM_ANALYSIS_SQL = """
WITH counted AS (
  SELECT id, assignment_id FROM attempt
  WHERE finished_at IS NOT NULL
    AND user_id IN (SELECT user_id FROM membership WHERE cohort_id = :cohort AND role = 'learner')
    AND (assignment_id IS NULL
         OR assignment_id IN (SELECT id FROM assignment WHERE cohort_id = :cohort))
    AND (assignment_id IS NULL OR id IN (SELECT min(id) FROM attempt WHERE finished_at IS NOT NULL
                                         AND assignment_id IS NOT NULL
                                         GROUP BY user_id, assignment_id))),
totals AS (SELECT r.attempt_id AS sitting, max(c.assignment_id) AS test, sum(r.score) AS t
           FROM response r JOIN counted c ON c.id = r.attempt_id GROUP BY r.attempt_id),
joined AS (SELECT tt.test, r.item_id, r.score AS x, tt.t
           FROM response r JOIN totals tt ON tt.sitting = r.attempt_id)
SELECT 't', test, CAST(NULL AS INTEGER), CAST(NULL AS FLOAT), CAST(NULL AS FLOAT), count(*),
       sum(t), sum(t * t)
FROM totals GROUP BY test
UNION ALL SELECT 'd', test, item_id, x, t, count(*), NULL, NULL
          FROM joined GROUP BY test, item_id, x, t
"""

# The cohort report's own aggregates, written by hand in one statement: mastery inputs per learner
# and topic (retained and studied cards, accuracy over quiz and live answers in the window) and
# activity per learner (reviews and answers: counts, time spent, latest).
COHORT_REPORT_SQL = """
WITH learners AS (SELECT user_id FROM membership WHERE cohort_id = :cohort AND role = 'learner'),
cards AS (SELECT cs.user_id, i.topic_id,
                 sum(CASE WHEN i.kind IN ('flashcard', 'cloze') AND cs.retained_until >= :now
                          THEN 1 ELSE 0 END) AS kept,
                 sum(CASE WHEN cs.reps > 0 THEN 1 ELSE 0 END) AS studied
          FROM card_state cs JOIN item i ON i.id = cs.item_id
          WHERE cs.user_id IN (SELECT user_id FROM learners) GROUP BY cs.user_id, i.topic_id),
answers AS (SELECT a.user_id, r.item_id, r.score
            FROM response r JOIN attempt a ON a.id = r.attempt_id
            WHERE a.user_id IN (SELECT user_id FROM learners) AND r.answered_at >= :since
            UNION ALL
            SELECT p.user_id, la.item_id, CASE WHEN la.correct THEN 1.0 ELSE 0.0 END
            FROM live_answer la JOIN live_participant p ON p.id = la.participant_id
            WHERE p.user_id IN (SELECT user_id FROM learners) AND la.answered_at >= :since)
SELECT 'c', user_id, topic_id, kept, studied, CAST(NULL AS TIMESTAMP) FROM cards
UNION ALL SELECT 'a', answers.user_id, i.topic_id, avg(answers.score), count(*),
                 CAST(NULL AS TIMESTAMP)
          FROM answers JOIN item i ON i.id = answers.item_id GROUP BY answers.user_id, i.topic_id
UNION ALL SELECT 'r', user_id, NULL, count(*), sum(duration_ms), max(reviewed_at) FROM review_log
          WHERE user_id IN (SELECT user_id FROM learners) GROUP BY user_id
UNION ALL SELECT 'q', a.user_id, NULL, count(*), sum(r.duration_ms), max(r.answered_at)
          FROM response r JOIN attempt a ON a.id = r.attempt_id
          WHERE a.user_id IN (SELECT user_id FROM learners) GROUP BY a.user_id
"""

BASELINES = {
    "GROUP BY accuracy per learner × topic": (
        "one pass over every response (all learners, all time), no filter:\n" + ACCURACY_SQL
    ),
    "GROUP BY item sums with attempt totals": (
        "one pass over every response with per-attempt totals:\n" + ITEM_SUMS_SQL
    ),
    "hand-written SQL of the same aggregates": (
        "the service's own aggregates for the cohort, written by hand in one "
        "statement (COHORT_REPORT_SQL, ITEM_ANALYSIS_SQL in this file)"
    ),
}


def _synthetic_bank(quiz_items: int = 240, flashcards: int = 120) -> None:
    """Topics, passages and items for a database without a synced bank."""
    topics = list(
        db.session.scalars(
            sa.insert(Topic).returning(Topic.id, sort_by_parameter_order=True),
            [dict(slug=f"bench-{n}", title=f"Area {n}", position=n, area=n) for n in range(1, 7)],
        )
    )
    passages = list(
        db.session.scalars(
            sa.insert(Passage).returning(Passage.id, sort_by_parameter_order=True),
            [
                dict(anchor=f"bench-p{n}", area=n % 6 + 1, position=n, text=f"Passage {n}.")
                for n in range(60)
            ],
        )
    )
    kinds = ("single_choice", "multiple_response", "true_false", "scenario")
    rows = []
    for n in range(quiz_items + flashcards):
        kind = "flashcard" if n >= quiz_items else kinds[n % len(kinds)]
        body = (
            {"front": "Q", "back": "A"}
            if kind == "flashcard"
            else {"options": ["A", "B"], "answer": ["A"]}
        )
        rows.append(
            dict(
                key=f"bench.{n}",
                kind=kind,
                topic_id=topics[n % 6],
                passage_id=passages[n % 60],
                origin="document",
                prompt=f"Benchmark question {n}?",
                body=body,
                difficulty=(n % 11) / 10,
                quote="Passage.",
                content_hash=hashlib.sha256(str(n).encode()).hexdigest(),
            )
        )
    db.session.execute(sa.insert(Item), rows)


def _median_seconds(function: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls (after one warm-up call)."""
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
        db.session.rollback()
    return statistics.median(times)


def _prepare(url: str, args: argparse.Namespace) -> None:
    """Migrate, add a bank when missing and seed unless a demo cohort exists."""
    from flask_migrate import upgrade

    if args.reseed and db.engine.dialect.name == "postgresql":
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    with write_intent():
        if not db.session.scalar(sa.select(sa.func.count(Item.id))):
            _synthetic_bank()
            db.session.commit()
        if not db.session.scalar(sa.select(sa.func.count(Cohort.id)).where(Cohort.is_demo)):
            started = time.perf_counter()
            result = seed_demo(
                learners=args.learners,
                days=args.days,
                force=True,
                seed=1,
                cohorts=1,
                responses_per_learner=args.responses_per_learner,
                reviews_per_learner=args.reviews_per_learner,
            )
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                # As autovacuum would soon after a bulk load; without statistics the planner guesses
                # badly.
                with db.engine.connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                        "ANALYZE"
                    )
            print(
                f"seed: {result.learners} learners, {result.attempts} attempts, "
                f"{result.responses} responses, {result.reviews} reviews, "
                f"{result.card_states} card states in "
                f"{time.perf_counter() - started:.1f} s"
            )


def main() -> None:
    """Parse the arguments, prepare the database, time and print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/bench_reports.sqlite"),
    )
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--responses-per-learner", type=int, default=200)
    parser.add_argument("--reviews-per-learner", type=int, default=100)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    if args.reseed and args.database_url.startswith("sqlite:///"):
        Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    app = create_app(
        {"DATABASE_URL": args.database_url, "SECRET_KEY": "benchmark", "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        _prepare(args.database_url, args)
        trainer = db.session.execute(
            sa.select(User)
            .join(Cohort, Cohort.owner_id == User.id)
            .where(Cohort.is_demo)
            .order_by(Cohort.id.desc())
            .limit(1)
        ).scalar_one()
        cohort_id = db.session.execute(
            sa.select(Cohort.id).where(Cohort.owner_id == trainer.id).limit(1)
        ).scalar_one()
        responses = db.session.execute(sa.select(sa.func.count(Response.id))).scalar_one()
        learners = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(User.role == "learner")
        )
        print(
            f"database: {db.engine.dialect.name}, {learners} learners, {responses} responses, "
            f"repeat {args.repeat}"
        )
        now = utcnow()
        naive_now = now.replace(tzinfo=None)  # timestamps are stored as naive UTC

        def cohort() -> object:
            return cohort_report(
                trainer, cohort_id, CohortFilters(sort="time", descending=True), now
            )

        cohort_items = lambda: item_analysis_for(trainer, cohort_id, None, False)  # noqa: E731
        all_items = lambda: item_analysis_for(trainer, None, None, True)  # noqa: E731
        accuracy = lambda: db.session.execute(sa.text(ACCURACY_SQL)).all()  # noqa: E731
        item_sums = lambda: db.session.execute(sa.text(ITEM_SUMS_SQL)).all()  # noqa: E731

        def same_cohort() -> object:
            window = {
                "cohort": cohort_id,
                "now": naive_now,
                "since": naive_now - timedelta(days=30),
            }
            return db.session.execute(sa.text(COHORT_REPORT_SQL), window).all()

        def same_items() -> object:
            return db.session.execute(sa.text(ITEM_ANALYSIS_SQL), {"cohort": cohort_id}).all()

        services = {
            "cohort report": cohort,
            "item analysis (cohort)": cohort_items,
            "item analysis (all, live incl.)": all_items,
        }
        pairs = [
            ("cohort report", "GROUP BY accuracy per learner × topic", accuracy),
            ("cohort report", "hand-written SQL of the same aggregates", same_cohort),
            ("item analysis (cohort)", "GROUP BY item sums with attempt totals", item_sums),
            ("item analysis (cohort)", "hand-written SQL of the same aggregates", same_items),
            (
                "item analysis (all, live incl.)",
                "GROUP BY item sums with attempt totals",
                item_sums,
            ),
        ]
        print(
            "Baselines (each service is timed against one statement; ratio = service / baseline):"
        )
        for label, text in BASELINES.items():
            print(
                f"  {label}:\n    "
                + "\n    ".join(line.strip() for line in text.strip().splitlines() if line.strip())
            )
        service_times = {name: _median_seconds(run, args.repeat) for name, run in services.items()}
        baseline_times: dict[str, float] = {}
        for name, baseline_name, baseline in pairs:
            service_s = service_times[name]
            baseline_s = baseline_times.setdefault(
                f"{name}/{baseline_name}", _median_seconds(baseline, args.repeat)
            )
            print(
                f"{name:34s} {service_s * 1000:8.1f} ms | {baseline_name:42s} "
                f"{baseline_s * 1000:8.1f} ms"
                f" | ratio {service_s / baseline_s:4.2f}×"
            )


if __name__ == "__main__":
    main()
