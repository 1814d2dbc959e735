"""The bank is the same whatever the interpreter's hash seed: set iteration order must never leak
into an item (it would make every sync "update" items and every export differ)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FINGERPRINT = (
    "from pathlib import Path; from quizapp.content.bank import build_bank; "
    "from quizapp.content.services import bank_fingerprint; "
    "print(bank_fingerprint(build_bank(Path('.'))))"
)


def _fingerprint(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-c", FINGERPRINT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_bank_does_not_depend_on_the_hash_seed():
    fingerprints = {_fingerprint(seed) for seed in ("0", "1", "2", "3", "4", "5")}
    assert len(fingerprints) == 1
