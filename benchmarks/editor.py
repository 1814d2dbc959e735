"""Benchmark of the item editor's save with its quality gates (a script, not a test).

    .venv/bin/python benchmarks/editor.py                 # SQLite, 400 items, 40 saves
    .venv/bin/python benchmarks/editor.py --items 800 --saves 20
    .venv/bin/python benchmarks/editor.py --database-url postgresql+psycopg://...

Builds a course of ``--items`` items (single choice and flashcards with distinct prompts) over
a document of 200 passages, logs in as its owner and times ``--saves`` full POSTs of the edit
form through the app in-process (form validation, every gate including the near-duplicate scan
of the course, the version bump, the revision, the commit, the redirect). Each save changes the
explanation, so every one writes. Prints the median and 90th percentile per save
(goal: <= 300 ms on a 2-core machine).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.extensions import db
from quizapp.models import Item
from tests.conftest import make_app
from tests.editor.conftest import make_course
from tests.factories import PASSWORD, make_item, make_user

WORDS = [
    "labour", "inspection", "recruitment", "agencies", "border", "controls", "travel",
    "documents", "victim", "assistance", "legal", "aid", "shelter", "data", "collection",
    "training", "complaint", "permits", "consular", "wage", "health", "return", "family",
    "seasonal", "housing", "social", "security", "prosecution", "interpretation", "asylum",
    "detention", "screening", "referral", "compensation", "debt", "bondage", "passport",
    "retention", "deception", "coercion",
]  # fmt: skip


def _prompt(rng: random.Random, n: int) -> str:
    return f"Question {n}: which rule covers {' '.join(rng.sample(WORDS, 6))}?"


def build(items: int) -> tuple[int, dict[str, str]]:
    """The course, its items and the owner; returns an item id and a valid form for it."""
    rng = random.Random(7)
    owner = make_user("bench@example.org", role="trainer")
    texts = tuple(
        f"Article {n}. Each State Party shall {' '.join(rng.sample(WORDS, 12))}."
        for n in range(1, 201)
    )
    world = make_course(owner, "bench", texts=texts)
    first = None
    for n in range(items):
        passage = world.passages[n % len(world.passages)]
        kind = "single_choice" if n % 2 else "flashcard"
        prompt = _prompt(rng, n)
        body = (
            {"front": prompt, "back": "Back."}
            if kind == "flashcard"
            else {"options": ["Alpha", "Beta", "Gamma", "Delta"], "answer": ["Beta"]}
        )
        item = make_item(
            kind,
            topic=world.topics[n % 2],
            passage=passage,
            prompt=prompt,
            body=body,
            quote=" ".join(passage.text.split()[:5]),
            status="published",
            key=f"bench.item-{n}",
        )
        if first is None and kind == "single_choice":
            first = item
    db.session.commit()
    assert first is not None and first.passage_id is not None
    form = {
        "prompt": first.prompt,
        "b_options_0": "Alpha",
        "b_options_1": "Beta",
        "b_options_2": "Gamma",
        "b_options_3": "Delta",
        "b_answer": "1",
        "explanation": "Because.",
        "topic_id": str(first.topic_id),
        "difficulty": "0.5",
        "origin": "document",
        "passage_id": str(first.passage_id),
        "quote": first.quote or "",
        "save": "Save",
    }
    return first.id, form


def main() -> None:
    """Build the course, time the saves, print the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        app = make_app(url, tmp, SERVER_NAME="localhost")
        with app.app_context():
            db.drop_all()
            db.create_all()
            item_id, form = build(args.items)
            client = app.test_client()
            client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
            path = f"/courses/bench/items/{item_id}/edit"
            times = []
            for n in range(args.saves):
                form["explanation"] = f"Because of rule {n}."
                start = time.perf_counter()
                response = client.post(path, data=form)
                times.append(time.perf_counter() - start)
                if response.status_code != 302:
                    html = response.get_data(as_text=True)
                    found = html[html.find('id="problems"') :][:600]
                    raise SystemExit(f"save {n} failed: {response.status_code}\n{found}")
            saved = db.session.get(Item, item_id)
            version = saved.version if saved is not None else 0
            db.session.remove()
            db.drop_all()
    times.sort()
    median = statistics.median(times) * 1000
    p90 = times[int(len(times) * 0.9) - 1] * 1000
    print(f"course of {args.items} items on {url.split(':')[0]}: {args.saves} saves")
    print(f"per save: median {median:.0f} ms, p90 {p90:.0f} ms (goal <= 300 ms)")
    print(f"item reached version {version}")


if __name__ == "__main__":
    main()
