"""Benchmark of importing and drafting from a treaty-length text (a script, not a test).

    .venv/bin/python benchmarks/authoring.py            # ~300 KB, median of 3 runs
    .venv/bin/python benchmarks/authoring.py --format pdf  # the same text laid out as a PDF
    .venv/bin/python benchmarks/authoring.py --kb 600 --repeat 1

A deterministic, made-up treaty (preamble, parts, articles with definitions, numbered
paragraphs, lettered lists and obligations) of about ``--kb`` kilobytes of text is imported
as a .txt, .pdf (wrapped lines, a running header and page numbers) or .docx upload, split
into passages and drafted (the PDF and DOCX are made with the test suite's builders).
Prints the time of each stage and the total (goal: <= 10 s on a 2-core machine).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.authoring.drafts import draft_items
from quizapp.authoring.extract import extract
from quizapp.authoring.passages import split_passages
from tests.authoring.conftest import make_docx, make_pdf, wrap

SUBJECTS = ["Each State Party", "States Parties", "The Parties", "The competent authorities"]
VERBS = [
    "adopt", "strengthen", "review", "publish", "coordinate", "finance", "monitor", "support",
    "establish", "maintain", "evaluate", "promote", "facilitate", "report on", "improve",
]  # fmt: skip
NOUNS = [
    "labour inspection", "recruitment agencies", "border controls", "travel documents",
    "victim assistance", "legal aid", "shelter places", "data collection", "training curricula",
    "complaint mechanisms", "work permits", "consular support", "wage protection",
    "health services", "interpretation services", "return procedures", "family reunification",
    "seasonal contracts", "housing standards", "social security", "prosecution services",
    "witness protection", "financial investigations", "public awareness", "regional cooperation",
]  # fmt: skip
QUALIFIERS = [
    "in accordance with their domestic law", "with due regard to the rights of those concerned",
    "within the limits of available resources", "in consultation with civil society",
    "without discrimination of any kind", "in a language the person understands",
    "at regular intervals", "in cooperation with the other Parties",
]  # fmt: skip


def treaty(kb: int, seed: int = 7) -> str:
    """A made-up treaty of about *kb* kilobytes (deterministic for a seed)."""
    rng = random.Random(seed)
    out = ["CONVENTION ON THE FAIR RECRUITMENT OF MIGRANT WORKERS", "", "Preamble", ""]
    out.append(
        "The States Parties to this Convention, mindful that migrant workers are exposed to "
        "abuse during recruitment and transit, have agreed as follows:"
    )
    out += [
        "",
        "PART I",
        "",
        "Article 1",
        "Use of terms",
        "",
        "For the purposes of this Convention:",
    ]
    for n, noun in enumerate(NOUNS[:20]):
        letter = chr(ord("a") + n)
        out.append(
            f'({letter}) "{noun.capitalize()}" shall mean the set of measures by which a State '
            f"{rng.choice(VERBS)}s {rng.choice(NOUNS)} {rng.choice(QUALIFIERS)};"
        )
    article, part = 2, 1
    while sum(len(line) + 1 for line in out) < kb * 1024:
        if article % 25 == 0:
            part += 1
            out += ["", f"PART {part}", ""]
        topic = rng.choice(NOUNS)
        out += ["", f"Article {article}", topic.capitalize(), ""]
        for para in range(1, rng.randint(3, 6)):
            subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
            noun, qualifier = rng.choice(NOUNS), rng.choice(QUALIFIERS)
            if para == 2:
                out.append(f"{para}. {subject} shall ensure that {topic} include:")
                for n in range(rng.randint(2, 5)):
                    out.append(
                        f"({chr(ord('a') + n)}) {rng.choice(NOUNS)} {rng.choice(QUALIFIERS)};"
                    )
            else:
                out.append(
                    f"{para}. {subject} shall {verb} {noun} {qualifier}. "
                    f"Such measures shall take into account {rng.choice(NOUNS)} and "
                    f"{rng.choice(NOUNS)}, and {rng.choice(SUBJECTS).lower()} shall "
                    f"{rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(QUALIFIERS)}."
                )
        article += 1
    return "\n".join(out) + "\n"


def upload(text: str, fmt: str) -> bytes:
    """The treaty as the bytes of a .txt, .pdf or .docx file."""
    if fmt == "pdf":
        lines = [part for line in text.split("\n") if line for part in wrap(line, 95)]
        pages = [lines[i : i + 55] for i in range(0, len(lines), 55)]
        return make_pdf(
            [["Convention - text", *page, f"Page {n}"] for n, page in enumerate(pages, start=1)]
        )
    if fmt == "docx":
        return make_docx([(line, None) for line in text.split("\n") if line])
    return text.encode("utf-8")


def main() -> None:
    """Time extract, split and draft; print each stage and the total."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=300, help="size of the generated text")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median is printed")
    parser.add_argument("--format", choices=("txt", "pdf", "docx"), default="txt")
    args = parser.parse_args()
    text = treaty(args.kb)
    data = upload(text, args.format)
    stages: dict[str, list[float]] = {"extract": [], "split": [], "draft": [], "total": []}
    cpu: list[float] = []
    for _ in range(args.repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        extracted = extract(f"convention.{args.format}", data)
        t1 = time.perf_counter()
        passages = split_passages(extracted.blocks)
        t2 = time.perf_counter()
        report = draft_items(passages, ["migrant workers"], title="the Convention")
        t3 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            stages[name].append(seconds)
    print(
        f"{args.format}: {len(text) / 1024:.0f} KB of text in a {len(data) / 1024:.0f} KB file, "
        f"{len(passages)} passages, "
        f"{len(report.drafts)} drafts, "
        f"{sum(len(p.rejected) for p in report.passages)} rejected candidates"
    )
    for name, runs in stages.items():
        print(f"{name:8} {statistics.median(runs):6.2f} s (median of {len(runs)})")
    print(
        f"cpu      {statistics.median(cpu):6.2f} s (process time of the total; the rest is waiting)"
    )
    total = statistics.median(stages["total"])
    print(f"goal <= 10 s (wall clock): {'met' if total <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
