"""``quizapp demo ...`` commands (filled by the reports package)."""

from flask import Flask


def register_commands(app: Flask) -> None:
    """Nothing yet."""
