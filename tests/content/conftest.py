"""Shared fixtures for content tests (no Flask app needed)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    """Mirror the project's ``filterwarnings = error`` even when run standalone."""
    config.addinivalue_line("filterwarnings", "error")


@pytest.fixture(scope="session")
def root() -> Path:
    """Repository root holding seeds/ and content/."""
    return ROOT
