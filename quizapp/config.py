"""Settings from the environment, with a test config passed in on top."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULT_SQLITE_NAME = "quizapp.sqlite"
SECRET_KEY_FILE = "secret_key"


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Map the plain ``postgres://`` and ``postgresql://`` schemes to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Return the key kept in the instance folder, generating it once (mode 0600).

    Several gunicorn workers may start at once on a fresh install: the key is written to a
    private temporary file and then linked into place, which fails for all but the first
    process; the others read the winner's complete file.
    """
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_hex(32) + "\n")
            with contextlib.suppress(FileExistsError):  # another process won the race; use its key
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="utf-8").strip()


def load_settings(instance_path: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Collect every setting; ``overrides`` (a test config) wins over the environment."""
    env = os.environ
    overrides = dict(overrides or {})
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    database_url = (
        overrides.pop("DATABASE_URL", None)
        or env.get("DATABASE_URL")
        or ("sqlite:///" + str(Path(instance_path) / DEFAULT_SQLITE_NAME))
    )
    secret_key = (
        overrides.get("SECRET_KEY") or env.get("SECRET_KEY") or instance_secret_key(instance_path)
    )
    repo_root = Path(__file__).resolve().parent.parent
    settings: dict[str, Any] = {
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLITE_BUSY_TIMEOUT_MS": int(env.get("SQLITE_BUSY_TIMEOUT_MS", "15000")),
        "CONTENT_ROOT": env.get("QUIZAPP_CONTENT_ROOT", str(repo_root)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), False),
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "quizapp+db://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Per address: every registration attempt, and answers that an email is already taken.
        "REGISTER_RATE_LIMIT": env.get("REGISTER_RATE_LIMIT", "60 per hour"),
        "REGISTER_TAKEN_RATE_LIMIT": env.get("REGISTER_TAKEN_RATE_LIMIT", "10 per hour"),
        # Per account: "Report a problem with this item" forms sent.
        "PROBLEM_REPORT_RATE_LIMIT": env.get("PROBLEM_REPORT_RATE_LIMIT", "20 per hour"),
        "PREFERRED_URL_SCHEME": env.get("PREFERRED_URL_SCHEME", "http"),
        "TRUST_PROXY_HEADERS": _bool(env.get("TRUST_PROXY_HEADERS"), False),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
    }
    settings.update(overrides)
    return settings
