"""Benchmark of the whole import of a treaty-length document into a course (a script, not a test).

    .venv/bin/python benchmarks/imports.py                 # ~300 KB .txt, SQLite, median of 3
    .venv/bin/python benchmarks/imports.py --format docx --repeat 1
    .venv/bin/python benchmarks/imports.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_c2

The database named by ``--database-url`` is emptied (every table dropped and created) first.

Where ``benchmarks/authoring.py`` times the pure steps, this times what an author waits for on
the two pages: step 1 (extract, split, sign the preview token) and step 2 (check the token,
store the version and its passages, draft, store the drafts with their revisions and the
generation report, commit). The made-up treaty comes from ``benchmarks/authoring.py`` (fixed
seed). Goal: <= 10 s in all on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from benchmarks.authoring import treaty, upload
from quizapp import create_app
from quizapp.authoring.documents import import_document
from quizapp.core.database import write_intent
from quizapp.enums import CourseRole
from quizapp.extensions import db
from quizapp.imports.pending import PendingImport, sign, unsign
from quizapp.imports.services import NEW_TOPIC, save_document
from quizapp.models import Course, CourseAuthor, Item, User

SECRET = "benchmark"


def _run(data: bytes, filename: str, course: Course, author: User) -> tuple[float, float, int]:
    """One import: (step 1 seconds, step 2 seconds, drafts)."""
    started = time.perf_counter()
    imported = import_document(filename, data)
    pending = PendingImport.from_import(
        imported, course_id=course.id, user_id=author.id, title="Fair Recruitment Convention"
    )
    token = sign(pending, SECRET)
    step1 = time.perf_counter() - started
    started = time.perf_counter()
    with write_intent():
        back = unsign(token, SECRET, course_id=course.id, user_id=author.id, document_id=None)
        saved = save_document(course, author, back, NEW_TOPIC)
        db.session.commit()
    step2 = time.perf_counter() - started
    return step1, step2, saved.report.drafted


def main() -> None:
    """Prepare a database, import the treaty ``--repeat`` times, print the median stages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=300, help="size of the generated text")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median is printed")
    parser.add_argument("--format", choices=("txt", "pdf", "docx"), default="txt")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-imports-")
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "RATELIMIT_ENABLED": False})
    text = treaty(args.kb)
    data = upload(text, args.format)
    with app.app_context():
        db.drop_all()
        db.create_all()
        author = User(email="author@example.org", display_name="Author", password_hash="x")
        author.role = "trainer"
        db.session.add(author)
        db.session.flush()
        results = []
        for n in range(args.repeat):
            course = Course(slug=f"bench-{n}", title=f"Bench {n}", created_by_id=author.id)
            db.session.add(course)
            db.session.flush()
            db.session.add(
                CourseAuthor(course_id=course.id, user_id=author.id, role=CourseRole.OWNER)
            )
            db.session.commit()
            results.append(_run(data, f"treaty.{args.format}", course, author))
        items = db.session.scalar(sa.select(sa.func.count(Item.id)))
        db.session.remove()  # end the read transaction, or PostgreSQL's DROP waits for it
        db.drop_all()
    step1 = statistics.median(r[0] for r in results)
    step2 = statistics.median(r[1] for r in results)
    print(
        f"{len(text) / 1024:.0f} KB of text as .{args.format} ({len(data) / 1024:.0f} KB file), "
        f"{url.split(':')[0]}, {args.repeat} run(s), "
        f"{results[0][2]} drafts per run ({items} items in all)"
    )
    print(f"step 1 preview (extract, split, sign):        {step1:6.2f} s")
    print(f"step 2 save (passages, drafts, revisions):    {step2:6.2f} s")
    print(f"total:                                         {step1 + step2:6.2f} s  (goal <= 10 s)")


if __name__ == "__main__":
    main()
