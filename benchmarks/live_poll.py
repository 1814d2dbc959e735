"""The phones' state poll against a bare Flask "hello" under the same gunicorn (a script).

    .venv/bin/python benchmarks/live_poll.py                      # SQLite file in /tmp
    .venv/bin/python benchmarks/live_poll.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_live

Starts the hello app and quizapp (``--workers`` sync workers each, access log off), creates a live
session with one guest (joined over HTTP, so the cookie is real), then runs ``wrk`` (-t2 -c16
-d``--seconds``) ``--runs`` times in turn on: hello, ``GET /live/play/<pin>/state`` (200: no
validator) and the same with ``If-None-Match`` (304). Prints each run's requests per second, the
medians and their ratios to hello (goals: 0.60× for 200, 0.70× for 304).
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
import textwrap
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from live_burst import create_session, prepare  # noqa: E402

from quizapp import create_app  # noqa: E402

HELLO = textwrap.dedent(
    """
    from flask import Flask
    app = Flask(__name__)

    @app.get("/")
    def hello():
        return "hello"
    """
)


def serve(
    module: str, port: int, workers: int, env: dict[str, str], cwd: str
) -> subprocess.Popen[bytes]:
    """A gunicorn server (sync workers, access log off)."""
    command = [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--bind"]
    command += [f"127.0.0.1:{port}", "--log-level", "warning", module]
    return subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True)


def wait_ready(url: str) -> None:
    """Until ``url`` answers."""
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not start")


def join(base: str, pin: str) -> str:
    """Join as a guest through the form; the participant's token."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/live/join/{pin}").read().decode()
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found is not None, "no CSRF token on the join page"
    data = urllib.parse.urlencode({"csrf_token": found.group(1), "nickname": "Bench"}).encode()
    opener.open(f"{base}/live/join/{pin}", data=data).read()
    return next(c.value for c in jar if c.name == f"live_{pin}")


def wrk(url: str, seconds: int, headers: list[str]) -> float:
    """Requests per second that wrk measured."""
    command = [
        "wrk",
        "-t2",
        "-c16",
        f"-d{seconds}s",
        *[part for h in headers for part in ("-H", h)],
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        print(f"  {url}: {non2xx.group(1)} error responses")
    return float(found.group(1)) if found else 0.0


def main() -> int:
    """Run hello and the poll in turn; print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5870)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="live-poll-")
    url = args.database_url or f"sqlite:///{tmp}/live.sqlite"
    prepare(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "live-poll-benchmark"})
    burst = argparse.Namespace(questions=1, seconds=20)
    with app.app_context():
        _, pin = create_session(burst)
    Path(tmp, "hello.py").write_text(HELLO)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "live-poll-benchmark"}
    hello_url, app_url = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
    servers = [
        serve("hello:app", args.port, args.workers, env, tmp),
        serve("quizapp:create_app()", args.port + 1, args.workers, env, str(ROOT)),
    ]
    try:
        wait_ready(hello_url)
        wait_ready(f"{app_url}/healthz")
        token = join(app_url, pin)
        state = f"{app_url}/live/play/{pin}/state"
        cookie = f"Cookie: live_{pin}={token}"
        with urllib.request.urlopen(
            urllib.request.Request(state, headers=dict([cookie.split(": ")]))
        ) as r:
            etag = r.headers["ETag"]
        cases = {
            "hello": (f"{hello_url}/", []),
            "poll 200": (state, [cookie]),
            "poll 304": (state, [cookie, f"If-None-Match: {etag}"]),
        }
        results: dict[str, list[float]] = {name: [] for name in cases}
        print(f"load before: {os.getloadavg()[0]:.2f}")
        for run in range(args.runs):
            for name, (target, headers) in cases.items():
                results[name].append(wrk(target, args.seconds, headers))
            print(
                f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.0f} rps" for k, v in results.items())
            )
        print(f"load after: {os.getloadavg()[0]:.2f}")
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    hello = statistics.median(results["hello"])
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:<9} median {median:8.0f} rps   {median / hello:5.2f}× hello")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
