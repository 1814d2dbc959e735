"""The baseline for benchmarks/load.py: a bare Flask app answering "Hello" (served by gunicorn).

.venv/bin/gunicorn --workers 2 "benchmarks.hello_app:app"
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The cheapest page Flask can serve."""
    return "Hello"
