"""The bank is the same whatever the interpreter's hash seed: set iteration order must never leak
into an item (it would make every sync "update" items and every export differ).

Each seed needs its own interpreter. They import only the pure content modules (no Flask, no
SQLAlchemy) and run side by side, so the test costs about one bank build per core.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ("0", "1", "2", "3", "4", "5")
FINGERPRINT = (
    "import sys; from pathlib import Path; "
    "from quizapp.content.bank import bank_fingerprint, build_bank; "
    "print(bank_fingerprint(build_bank(Path('.')))); "
    "print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))"
)


def _start(hash_seed: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.Popen(
        [sys.executable, "-c", FINGERPRINT],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_bank_does_not_depend_on_the_hash_seed():
    processes = [_start(seed) for seed in SEEDS]
    outputs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        outputs.append(stdout.split("\n"))
    fingerprints = {lines[0] for lines in outputs}
    assert len(fingerprints) == 1
    # building the bank is pure: neither Flask nor SQLAlchemy is imported
    assert {lines[1] for lines in outputs} == {"[]"}
