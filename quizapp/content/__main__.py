"""Standalone entry: ``python -m quizapp.content check|export [ROOT]`` (no Flask)."""

from __future__ import annotations

import sys
from pathlib import Path

from .bank import build_bank
from .checks import run_checks
from .export import export_json
from .pack import PackError


def main(argv: list[str]) -> int:
    """Run a content command; returns the process exit code."""
    command = argv[0] if argv else "check"
    root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    try:
        bank = build_bank(root)
    except PackError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    if command == "export":
        sys.stdout.write(export_json(bank))
        return 0
    if command != "check":
        print(f"unknown command {command!r} (use check or export)", file=sys.stderr)
        return 2
    report = run_checks(bank)
    for problem in report.problems:
        print(problem)
    print(report.summary)
    print(f"{len(report.problems)} problem(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
