"""Load benchmark of the hot requests against a hello-world Flask app (a script, not a test).

    .venv/bin/python benchmarks/load.py                       # SQLite file in a temporary folder
    .venv/bin/python benchmarks/load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    .venv/bin/python benchmarks/load.py --only question,answer --duration 5

In one run it serves ``benchmarks/hello_app.py`` and the app under the same gunicorn (2 sync
workers, access log off, ports ``--port`` and ``--port + 1``), migrates and loads the content
(``quizapp db upgrade``, ``content sync``; a PostgreSQL database is emptied first), seeds learners
with a month of history, and drives each request of issue 13's table with wrk (``-t2 -c16``):
the question page, first answers (each POST answers a new question of a fresh attempt), /study,
first ratings (each POST rates a card not rated before), the live state poll (200 and 304),
/dashboard and /progress. Afterwards it checks in the database that every answer and rating
wrk got a reply for was stored, none twice, and nothing was stored that was not sent.

Printed per request: requests per second, the ratio to the hello app (measured before and after
the app, the mean of the two), wrk's p50/p99 latency, the workers' CPU time per request (from
/proc) and the SQL statements one such request runs (counted in-process). The machine's load
average is printed too: on a busy machine run it several times and take medians.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from benchmarks import load_seed  # noqa: E402
from benchmarks.load_seed import Req  # noqa: E402

BIN = Path(sys.executable).parent
SCENARIOS = ("question", "answer", "study", "rating", "poll200", "poll304", "dashboard", "progress")
LABELS = {
    "question": "GET question page",
    "answer": "POST an answer (first answers)",
    "study": "GET /study (next card)",
    "rating": "POST a rating (first ratings)",
    "poll200": "GET live state (200)",
    "poll304": "GET live state (304)",
    "dashboard": "GET /dashboard",
    "progress": "GET /progress",
}
GOALS = {
    "question": 0.30,
    "answer": 0.25,
    "study": 0.25,
    "rating": 0.25,
    "poll200": 0.60,
    "poll304": 0.70,
    "dashboard": 0.15,
    "progress": 0.10,
}


@dataclass
class WrkResult:
    """One wrk run."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    issued: int
    issued_keys: set[tuple[object, ...]]  # the keys of the requests sent (write runs)
    bad: int  # replies that are not 2xx/3xx, plus socket errors
    cpu_ms: float | None  # workers' CPU per request


class Server:
    """gunicorn serving ``app`` on ``port`` with 2 sync workers, access log off."""

    def __init__(self, app: str, port: int, env: dict[str, str]) -> None:
        self.port = port
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", app],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__ready__", timeout=1)
            except urllib.error.HTTPError:
                return  # a 404 means it answers
            except OSError:
                time.sleep(0.1)
                continue
            return
        raise SystemExit(f"{app} did not start on port {port}")

    def worker_cpu_seconds(self) -> float:
        """User + system CPU of the workers so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        total = 0.0
        for pid in children.read_text().split():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def stop(self) -> None:
        """Stop gunicorn and its workers."""
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def run_wrk(
    server: Server, requests: list[Req], *, cycle: bool, args: argparse.Namespace
) -> WrkResult:
    """Drive ``server`` with the prepared requests (each once unless ``cycle``)."""
    host = f"127.0.0.1:{server.port}"
    with tempfile.NamedTemporaryFile("w", suffix=".req", delete=False) as handle:
        handle.write("\x1e".join(req.raw(host) for req in requests))
    before = server.worker_cpu_seconds()
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "20s",
            "-s",
            str(ROOT / "benchmarks" / "walk.lua"),
            f"http://{host}",
            "--",
            handle.name,
            "1" if cycle else "0",
            str(args.threads),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = server.worker_cpu_seconds() - before
    os.unlink(handle.name)
    found = re.search(
        r"RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) errors=(\d+) "
        r"issued=([\d,]+) statuses=(\S*)",
        out,
    )
    if found is None:
        raise SystemExit(f"wrk said:\n{out}")
    count, duration, p50, p99, errors = (int(found.group(i)) for i in range(1, 6))
    per_thread = [int(n) for n in found.group(6).split(",")]
    keys = set()
    if not cycle:  # thread k sent its first n_k requests of k, k+T, k+2T...
        for k, sent in enumerate(per_thread):
            keys |= {req.key for req in requests[k :: args.threads][:sent]}
    statuses = dict(part.split(":") for part in found.group(7).split(",") if part)
    bad = errors + sum(int(n) for code, n in statuses.items() if not 200 <= int(code) < 400)
    return WrkResult(
        count / (duration / 1e6),
        p50 / 1000,
        p99 / 1000,
        count,
        sum(per_thread),
        keys,
        bad,
        cpu * 1000 / count if count else None,
    )


def count_statements(app: object, req: Req) -> int:
    """The data statements one request runs, in-process."""
    from quizapp.extensions import db
    from tests.querycount import count_queries

    client = app.test_client()  # type: ignore[attr-defined]
    name, _, value = req.cookie.partition("=")
    client.set_cookie(name, value)
    headers = {"User-Agent": load_seed.USER_AGENT, **req.headers}
    with app.app_context(), count_queries(db.engine) as statements:  # type: ignore[attr-defined]
        client.open(
            req.path,
            method=req.method,
            data=req.body,
            headers=headers,
            content_type="application/x-www-form-urlencoded" if req.body else None,
        )
    return len(statements)


def verify(app: object, sent: list[Req], result: WrkResult) -> str:
    """Check the stored answers/ratings against what was sent and answered."""
    from quizapp.extensions import db
    from quizapp.models import Response, ReviewLog

    kind = sent[0].key[0]
    issued = result.issued_keys
    wanted = {req.key for req in sent}
    with app.app_context():  # type: ignore[attr-defined]
        if kind == "answer":
            attempt_ids = {key[1] for key in (r.key for r in sent)}
            rows = db.session.execute(
                sa.select(Response.attempt_id, Response.position).where(
                    Response.attempt_id.in_(attempt_ids)
                )
            ).all()
            stored = [("answer", a, p) for a, p in rows if ("answer", a, p) in wanted]
        else:
            user_ids = {r.key[1] for r in sent}
            item_ids = {r.key[2] for r in sent}
            rows = db.session.execute(
                sa.select(ReviewLog.user_id, ReviewLog.item_id, ReviewLog.seq).where(
                    ReviewLog.user_id.in_(user_ids), ReviewLog.item_id.in_(item_ids)
                )
            ).all()
            stored = [("rating", u, i, s) for u, i, s in rows if ("rating", u, i, s) in wanted]
    duplicates = len(stored) - len(set(stored))
    strays = len(set(stored) - issued)
    ok = duplicates == 0 and strays == 0 and result.requests <= len(stored) <= result.issued
    verdict = "OK" if ok and not result.bad else "FAILED"
    return (
        f"{kind}s: {result.issued} sent, {result.requests} answered, {len(stored)} stored, "
        f"{duplicates} duplicates, {strays} not sent, {result.bad} errors -> {verdict}"
    )


START = time.monotonic()


def note(message: str) -> None:
    """Progress on stderr, with the seconds since the start."""
    print(f"[{time.monotonic() - START:5.0f} s] {message}", file=sys.stderr, flush=True)


def prepare_database(url: str, env: dict[str, str]) -> None:
    """Empty (PostgreSQL), migrate and load the content."""
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    for command in (["db", "upgrade"], ["content", "sync"]):
        subprocess.run(
            [str(BIN / "quizapp"), *command],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def main() -> None:
    """Seed, serve, drive, verify, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--port", type=int, default=5800)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--learners", type=int, default=8)
    parser.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios")
    args = parser.parse_args()
    chosen = [name for name in SCENARIOS if name in args.only.split(",")]
    tmp = tempfile.mkdtemp(prefix="quizapp-load-")
    url = args.database_url or f"sqlite:///{tmp}/load.sqlite"
    env = dict(
        os.environ, DATABASE_URL=url, SECRET_KEY="load-benchmark-secret", LOG_LEVEL="WARNING"
    )
    os.environ.update(env)
    note("migrating and loading the content")
    prepare_database(url, env)
    note("seeding learners")

    from quizapp import create_app

    app = create_app({"SECRET_KEY": env["SECRET_KEY"]})
    learners = load_seed.seed_learners(app, args.learners)
    me = learners[0]
    note("preparing requests")
    fresh_per_run = 2000 * args.duration  # more than the app serves: never runs out
    plans: dict[str, tuple[list[Req], bool]] = {}
    if "question" in chosen:
        plans["question"] = ([load_seed.question_page(app, me)], True)
    if "answer" in chosen:
        plans["answer"] = (load_seed.answer_posts(app, learners, fresh_per_run), False)
    if "study" in chosen:
        plans["study"] = ([Req("GET", "/study", me.cookie)], True)
    if "rating" in chosen:
        plans["rating"] = (load_seed.rating_posts(app, learners, rounds=8), False)
    if "poll200" in chosen or "poll304" in chosen:
        poll200, poll304 = load_seed.live_poll(app, "bench-trainer@example.org")
        plans["poll200"], plans["poll304"] = ([poll200], True), ([poll304], True)
    for name in ("dashboard", "progress"):
        plans[name] = ([Req("GET", f"/{name}", me.cookie)], True)
    plans = {name: plan for name, plan in plans.items() if name in chosen}
    note("counting statements")
    statements = {}
    for name, (requests, cycle) in plans.items():
        if cycle:  # the second time: what every request but a worker's first runs
            count_statements(app, requests[0])
            statements[name] = count_statements(app, requests[0])
        else:  # the first one is sent in-process, the rest by wrk
            statements[name] = count_statements(app, requests.pop(0))

    note("serving and measuring")
    hello = Server("benchmarks.hello_app:app", args.port + 1, env)
    server = Server("quizapp:create_app()", args.port, env)
    try:
        hello_req = [Req("GET", "/", "x=1")]
        hello_rps = [run_wrk(hello, hello_req, cycle=True, args=args).rps]
        results, checks = {}, []
        for name, (requests, cycle) in plans.items():
            results[name] = run_wrk(server, requests, cycle=cycle, args=args)
            note(f"{name}: {results[name].rps:.0f} rps")
            if not cycle:
                checks.append(verify(app, requests, results[name]))
        hello_result = run_wrk(hello, hello_req, cycle=True, args=args)
        hello_rps.append(hello_result.rps)
    finally:
        server.stop()
        hello.stop()
    base = statistics.mean(hello_rps)
    database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(
        f"{database}; wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"hello: {' / '.join(f'{r:.0f}' for r in hello_rps)} rps, "
        f"{hello_result.cpu_ms or 0:.2f} ms worker CPU per request"
    )
    print("| request | rps | ÷ hello | goal | p50 ms | p99 ms | CPU ms/req | statements |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        cpu = f"{result.cpu_ms:.2f}" if result.cpu_ms is not None else "-"
        print(
            f"| {LABELS[name]} | {result.rps:.0f} | {result.rps / base:.3f} | {GOALS[name]:.2f} "
            f"| {result.p50_ms:.1f} | {result.p99_ms:.1f} | {cpu} | {statements[name]} |"
        )
    for check in checks:
        print(check)
    for name, result in results.items():
        if result.bad and name not in ("answer", "rating"):
            print(f"{name}: {result.bad} error replies")
    if any("FAILED" in check for check in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
