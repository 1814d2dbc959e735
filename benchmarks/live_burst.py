"""Live session at scale: N simulated phones against the app under gunicorn (a script, not a test).

    .venv/bin/pip install -e ".[benchmark]"        # aiohttp, for the simulated phones
    .venv/bin/python benchmarks/live_burst.py --participants 1000                 # SQLite in /tmp
    .venv/bin/python benchmarks/live_burst.py --participants 3000 --servers 2 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_live

It migrates the database, syncs the built-in bank, starts ``--servers`` gunicorn servers (each
``--workers`` sync workers, access log off) on ports from ``--port``, creates a session of
``--questions`` timed questions (``--seconds`` each) and drives it:

- the phones arrive evenly over ``--arrive`` seconds; each joins like a browser (GET the nickname
  form, POST it with its CSRF token, follow the redirect to the play page), then polls the state
  URL every ``--poll`` seconds with the ETag it last got (``If-None-Match``, 304 when unchanged),
  exactly as ``static/live.js`` does, and reloads the play page when the step changes;
- the trainer's steps (lobby → question → reveal → … → end) are taken in this process through
  ``live.services``, as a presenter would through the app, and their times recorded;
- on each question every phone answers once, at a random moment in the first ``--answer-within``
  seconds, through the form on its play page (retrying after 503 or a connection error, as a
  person would press again).

It prints join time (first arrival → last phone in), answer latency p50/p99, the delay between
each step and the moment each phone's poll sees it (p50/p99/max), the request mix and failures,
then checks in the database that every answer a phone was told was received is stored, exactly
once, and that no other answers exist. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import create_app  # noqa: E402
from quizapp.core.database import write_intent  # noqa: E402
from quizapp.enums import ItemStatus, LivePhase  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.items.kinds import live_kinds  # noqa: E402
from quizapp.live import services  # noqa: E402
from quizapp.live.rules import Step  # noqa: E402
from quizapp.models import Item, User  # noqa: E402
from quizapp.models.live import LiveAnswer, LiveParticipant, LiveSession  # noqa: E402

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
POSITION = re.compile(r'name="position" type="hidden" value="([^"]*)"')
CHOICE = re.compile(r'<input[^>]*name="answer"[^>]*type="(?:radio|checkbox)"[^>]*value="([^"]*)"')
CHOICE_ALT = re.compile(
    r'<input[^>]*type="(?:radio|checkbox)"[^>]*name="answer"[^>]*value="([^"]*)"'
)


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


@dataclass
class Stats:
    """What the phones measured."""

    join_started: dict[int, float] = field(default_factory=dict)
    joined: dict[int, float] = field(default_factory=dict)
    answer_latency: list[float] = field(default_factory=list)
    received: set[tuple[str, int]] = field(default_factory=set)  # (nickname, question index)
    seen: dict[str, list[float]] = field(default_factory=dict)  # step → times phones saw it
    statuses: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)


@dataclass
class Run:
    """The shared state of one run."""

    pin: str
    urls: list[str]
    args: argparse.Namespace
    stats: Stats = field(default_factory=Stats)
    steps: dict[str, float] = field(default_factory=dict)  # step → when the trainer took it
    done: bool = False


# --- set-up -----------------------------------------------------------------------------------


def prepare(url: str) -> None:
    """Migrate and sync the built-in bank (idempotent)."""
    env = {**os.environ, "DATABASE_URL": url}
    for command in (["db", "upgrade"], ["content", "sync"]):
        subprocess.run(
            [str(ROOT / ".venv/bin/quizapp"), *command], env=env, check=True, capture_output=True
        )


def create_session(args: argparse.Namespace) -> tuple[int, str]:
    """A trainer and a session of ``--questions`` single-choice/true-false questions."""
    with write_intent():
        trainer = db.session.scalar(
            sa.select(User).where(User.email == "bench-trainer@example.org")
        )
        if trainer is None:
            trainer = User(
                email="bench-trainer@example.org",
                display_name="Bench Trainer",
                password_hash="!",
                role="trainer",
            )
            db.session.add(trainer)
            db.session.flush()
        item_ids = list(
            db.session.scalars(
                sa.select(Item.id)
                .where(
                    Item.kind.in_(["single_choice", "true_false"]),
                    Item.kind.in_(live_kinds()),
                    Item.status == ItemStatus.PUBLISHED,
                )
                .order_by(Item.id)
                .limit(args.questions)
            )
        )
        choice = services.NewSession(
            title="Burst",
            cohort_id=None,
            topic_id=None,
            kinds=(),
            count=len(item_ids),
            picked_item_ids=tuple(item_ids),
            seconds_per_question=args.seconds,
            allow_guests=True,
            speed_bonus=True,
            show_leaderboard=True,
        )
        session = services.create_session(trainer, choice)
        db.session.commit()
        return session.id, session.pin


def start_servers(
    url: str, args: argparse.Namespace, instance: str
) -> list[subprocess.Popen[bytes]]:
    """``--servers`` gunicorn servers on consecutive ports, access log off."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "live-burst-benchmark",
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    for n in range(args.servers):
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port + n}",
            "--backlog",
            "4096",
            "--log-level",
            "warning",
            "quizapp:create_app()",
        ]
        servers.append(subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True))
    return servers


async def wait_ready(urls: list[str]) -> None:
    """Until every server answers /healthz."""
    import aiohttp

    async with aiohttp.ClientSession() as client:
        for url in urls:
            for _ in range(200):
                try:
                    async with client.get(f"{url}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise SystemExit(f"{url} did not start")


# --- the phones -------------------------------------------------------------------------------


async def request(
    run: Run, client: Any, method: str, url: str, **kwargs: Any
) -> tuple[int, str, Any]:
    """One request (no redirect following); (status, body, headers). Retries connection errors."""
    import aiohttp

    for attempt in range(5):
        try:
            async with client.request(method, url, allow_redirects=False, **kwargs) as response:
                body = await response.text()
                run.stats.statuses[f"{method} {response.status}"] += 1
                return response.status, body, response.headers
        except (aiohttp.ClientError, TimeoutError) as error:
            run.stats.failures[f"{method} {type(error).__name__}"] += 1
            await asyncio.sleep(0.5 * (attempt + 1))
    return 0, "", {}


async def phone(run: Run, number: int, connector: Any, delay: float) -> None:
    """One participant: join, poll, answer each question once, follow the steps to the end."""
    import aiohttp

    await asyncio.sleep(delay)
    base = run.urls[number % len(run.urls)]
    pin, stats = run.pin, run.stats
    nickname = f"Phone {number}"
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        connector=connector,
        connector_owner=False,
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=timeout,
    ) as client:
        stats.join_started[number] = time.monotonic()
        page = ""
        for _ in range(5):
            status, body, _ = await request(run, client, "GET", f"{base}/live/join/{pin}")
            token = CSRF.search(body)
            if token is None:
                await asyncio.sleep(1)
                continue
            data = {"csrf_token": token.group(1), "nickname": nickname}
            status, body, _ = await request(
                run, client, "POST", f"{base}/live/join/{pin}", data=data
            )
            if status == 302:
                status, page, _ = await request(run, client, "GET", f"{base}/live/play/{pin}")
                break
            await asyncio.sleep(1)
        else:
            stats.failures["join gave up"] += 1
            return
        stats.joined[number] = time.monotonic()
        step = re.search(r'data-step="([^"]+)"', page)
        current = step.group(1) if step else ""
        etag: str | None = None
        answered: set[int] = set()
        answer_task: asyncio.Task[None] | None = None
        while not run.done:
            if current.startswith("question:"):
                index = int(current.split(":")[1])
                if index not in answered:
                    answered.add(index)
                    wait = random.uniform(0.5, run.args.answer_within)
                    answer_task = asyncio.create_task(
                        answer(run, client, base, nickname, index, page, wait)
                    )
            if current.startswith("ended"):
                break
            await asyncio.sleep(run.args.poll)
            headers = {"Accept": "application/json"}
            if etag:
                headers["If-None-Match"] = etag
            status, body, response_headers = await request(
                run, client, "GET", f"{base}/live/play/{pin}/state", headers=headers
            )
            if status == 304 or status != 200:
                continue
            etag = response_headers.get("ETag")
            state = __import__("json").loads(body)
            if state["step"] != current:
                current = state["step"]
                stats.seen.setdefault(current, []).append(time.monotonic())
                _, page, _ = await request(run, client, "GET", f"{base}/live/play/{pin}")
        if answer_task is not None:
            await answer_task


async def answer(
    run: Run, client: Any, base: str, nickname: str, index: int, page: str, wait: float
) -> None:
    """Answer question ``index`` after ``wait`` seconds with the form on ``page``."""
    await asyncio.sleep(wait)
    token, position = CSRF.search(page), POSITION.search(page)
    options = CHOICE.findall(page) or CHOICE_ALT.findall(page)
    if token is None or position is None or not options:
        run.stats.failures["no answer form on the play page"] += 1
        return
    data = {"csrf_token": token.group(1), "position": position.group(1)}
    data["answer"] = random.choice(options)
    for _ in range(5):
        started = time.monotonic()
        status, _, _ = await request(
            run, client, "POST", f"{base}/live/play/{run.pin}/answer", data=data
        )
        if status == 302:
            run.stats.answer_latency.append(time.monotonic() - started)
            _, body, _ = await request(run, client, "GET", f"{base}/live/play/{run.pin}")
            if "Answer received" in body:
                run.stats.received.add((nickname, index))
            else:
                run.stats.failures["answer not confirmed"] += 1
            return
        await asyncio.sleep(1)
    run.stats.failures["answer gave up"] += 1


# --- the trainer ------------------------------------------------------------------------------


def take_step(run: Run, session_id: int) -> str:
    """Advance the session one step (as the presenter's Next button does); returns the step."""
    with write_intent():
        session = db.session.get_one(LiveSession, session_id)
        target = services.advance(session, Step(session.phase, session.question_index))
        db.session.commit()
    name = f"{target.phase}:{target.question_index}"
    run.steps[name] = time.monotonic()
    print(f"  {time.strftime('%H:%M:%S')} trainer → {name}", flush=True)
    return name


async def trainer(run: Run, session_id: int, app: Any) -> None:
    """Wait for the phones to join, then pace the session: question, reveal, leaderboard, end."""
    args = run.args
    deadline = time.monotonic() + args.arrive + args.join_timeout
    while len(run.stats.joined) < args.participants and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(2)
    with app.app_context():
        while True:
            step = take_step(run, session_id)
            if step.startswith(LivePhase.ENDED):
                break
            pause = args.seconds + 1.5 if step.startswith(LivePhase.QUESTION) else args.pause
            await asyncio.sleep(pause)
    await asyncio.sleep(args.poll + 3)
    run.done = True


# --- report -----------------------------------------------------------------------------------


def verify(run: Run, session_id: int) -> list[str]:
    """Problems found in the database: answers lost, duplicated or unexpected."""
    problems = []
    rows = db.session.execute(
        sa.select(LiveParticipant.nickname, LiveAnswer.question_index, sa.func.count())
        .join(LiveParticipant, LiveParticipant.id == LiveAnswer.participant_id)
        .where(LiveAnswer.session_id == session_id)
        .group_by(LiveParticipant.nickname, LiveAnswer.question_index)
    ).all()
    stored = {(row.nickname, row.question_index) for row in rows}
    duplicated = [row for row in rows if row[2] != 1]
    if duplicated:
        problems.append(f"{len(duplicated)} answers stored more than once")
    lost = run.stats.received - stored
    if lost:
        problems.append(f"{len(lost)} answers confirmed to a phone but not stored")
    unconfirmed = stored - run.stats.received
    if unconfirmed:
        problems.append(f"{len(unconfirmed)} stored answers no phone saw confirmed")
    joined = db.session.scalar(
        sa.select(sa.func.count()).where(LiveParticipant.session_id == session_id)
    )
    if joined != len(run.stats.joined):
        problems.append(f"{joined} participants stored, {len(run.stats.joined)} phones joined")
    print(f"database: {joined} participants, {len(stored)} answers, {len(duplicated)} duplicated")
    return problems


def report(run: Run) -> None:
    """Print the measurements."""
    stats, args = run.stats, run.args
    if stats.joined:
        first = min(stats.join_started.values())
        join_times = [stats.joined[n] - stats.join_started[n] for n in stats.joined]
        print(
            f"joins: {len(stats.joined)}/{args.participants} in "
            f"{max(stats.joined.values()) - first:.1f} s (arrivals over {args.arrive:.0f} s); "
            f"per join p50 {statistics.median(join_times) * 1000:.0f} ms, "
            f"p99 {percentile(join_times, 99) * 1000:.0f} ms"
        )
    lat = stats.answer_latency
    if lat:
        print(
            f"answers: {len(lat)} POSTs, p50 {statistics.median(lat) * 1000:.0f} ms, "
            f"p99 {percentile(lat, 99) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms"
        )
    for step, taken in run.steps.items():
        delays = [t - taken for t in stats.seen.get(step, [])]
        if delays:
            print(
                f"step {step:<16} seen by {len(delays):>5} phones: delay p50 "
                f"{statistics.median(delays):.2f} s, p99 {percentile(delays, 99):.2f} s, "
                f"max {max(delays):.2f} s"
            )
    print("requests:", ", ".join(f"{k} ×{v}" for k, v in sorted(stats.statuses.items())))
    if stats.failures:
        print("failures:", ", ".join(f"{k} ×{v}" for k, v in sorted(stats.failures.items())))


async def drive(run: Run, session_id: int, app: Any) -> None:
    """Phones and trainer together."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=run.args.connections, force_close=True)
    spacing = run.args.arrive / max(1, run.args.participants)
    phones = [
        asyncio.create_task(phone(run, n, connector, n * spacing))
        for n in range(run.args.participants)
    ]
    await trainer(run, session_id, app)
    await asyncio.gather(*phones)
    await connector.close()


def main() -> int:
    """Parse the arguments, run the burst, report, verify."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--port", type=int, default=5850)
    parser.add_argument("--questions", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=20, help="time per question")
    parser.add_argument("--answer-within", type=float, default=15.0)
    parser.add_argument("--arrive", type=float, default=5.0, help="phones arrive over this time")
    parser.add_argument("--join-timeout", type=float, default=30.0)
    parser.add_argument("--pause", type=float, default=4.0, help="seconds on reveal/leaderboard")
    parser.add_argument(
        "--poll", type=float, default=1.0, help="state poll interval (live.js: 1 s)"
    )
    parser.add_argument("--connections", type=int, default=256, help="client connection limit")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="live-burst-")
    url = args.database_url or f"sqlite:///{tmp}/live.sqlite"
    print(f"load before: {os.getloadavg()[0]:.2f}; database {url.split('@')[-1]}", flush=True)
    prepare(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "live-burst-benchmark"})
    with app.app_context():
        session_id, pin = create_session(args)
    urls = [f"http://127.0.0.1:{args.port + n}" for n in range(args.servers)]
    servers = start_servers(url, args, tmp)
    try:
        asyncio.run(wait_ready(urls))
        run = Run(pin=pin, urls=urls, args=args)
        print(f"session {session_id} PIN {pin}: {args.participants} phones, {len(urls)} server(s)")
        asyncio.run(drive(run, session_id, app))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
    report(run)
    print(f"load after: {os.getloadavg()[0]:.2f}")
    with app.app_context():
        problems = verify(run, session_id)
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
