"""The steps ``create_app`` runs, one function each."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask, Response, g, request, session
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from quizapp import enums, extensions
from quizapp.content import cited
from quizapp.core import bounded_ints, database, errors, logs, people, text_input

#: Feature packages, each exposing ``bp`` in ``routes.py``.
BLUEPRINT_MODULES = (
    "quizapp.core.routes",
    "quizapp.accounts.routes",
    "quizapp.courses.routes",
    "quizapp.study.routes",
    "quizapp.quiz.routes",
    "quizapp.cases.routes",
    "quizapp.problems.routes",
    "quizapp.progress.routes",
    "quizapp.cohorts.routes",
    "quizapp.live.routes",
    "quizapp.reports.routes",
    "quizapp.admin.routes",
    "quizapp.editor.routes",
    "quizapp.imports.routes",
)

#: Packages that add ``quizapp`` CLI commands through ``register_commands(app)``.
COMMAND_MODULES = (
    "quizapp.accounts.commands",
    "quizapp.content.commands",
    "quizapp.reports.commands",
    "quizapp.imports.commands",
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Sent only when the site is served over HTTPS (``SESSION_COOKIE_SECURE=1``): browsers then refuse
#: plain HTTP to this host for a year. Subdomains are left alone; they may be other sites.
HSTS = "max-age=31536000"

#: Flask-Login's default ``REMEMBER_COOKIE_NAME``.
REMEMBER_COOKIE_NAME = "remember_token"

#: Scripts only from our own static files (no inline script anywhere); inline style attributes
#: are allowed because server-rendered charts size their bars with them.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def register_extensions(app: Flask) -> None:
    """Bind database, migrations, login, CSRF and rate limiting to the app."""
    import quizapp.models  # noqa: F401  (registers every table on the metadata)
    from quizapp.core import ratelimit_storage
    from quizapp.models import content_version

    content_version.install()  # content changes bump the version the content cache checks
    ratelimit_storage.register()  # the ``quizapp+db://`` scheme, before the limiter reads it

    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        database.engine_options(
            app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLITE_BUSY_TIMEOUT_MS"]
        ),
    )
    extensions.db.init_app(app)
    with app.app_context():
        database.configure_engine(app, extensions.db.engine)
    extensions.migrate.init_app(app, extensions.db, directory=str(_migrations_dir()))
    extensions.login_manager.init_app(app)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    if app.config.get("TRUST_PROXY_HEADERS"):
        # Flask's documented way to wrap the WSGI app; mypy sees wsgi_app as a method only.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=1, x_proto=1, x_host=1
        )


def _migrations_dir() -> Path:
    """The repository's ``migrations/`` folder."""
    return Path(__file__).resolve().parent.parent.parent / "migrations"


def register_request_hooks(app: Flask) -> None:
    """Per request: an id for the logs, and write intent for methods that may write."""
    logs.configure_logging(app)

    @app.before_request
    def _start_request() -> None:
        g.request_id = logs.incoming_request_id(request.headers.get("X-Request-ID"))
        writes = request.method not in SAFE_METHODS
        if writes:
            # Who is asking is read before the write lock is taken, so a request that cannot get
            # the lock still knows its user, and the user's load never waits for the lock.
            with database.outside_write_lock(extensions.db.session):
                current_user._get_current_object()
        g.write_token = database.set_write_intent(writes)

    text_input.init_app(app)

    headers = security_headers(app)

    @app.after_request
    def _tag_response(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        for name, value in headers:
            response.headers.setdefault(name, value)
        # A signed-in user's pages and downloads show personal data: no browser or proxy keeps a
        # copy (a view that asks for revalidation, "no-cache", keeps its own rule).
        if (
            _signed_in()
            and request.endpoint != "static"
            and "no-cache" not in response.headers.get("Cache-Control", "")
        ):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.teardown_request
    def _end_request(_exc: BaseException | None) -> None:
        token = g.pop("write_token", None)
        if token is not None:
            database.reset_write_intent(token)


def security_headers(app: Flask) -> list[tuple[str, str]]:
    """The headers every response carries (HSTS only when served over HTTPS)."""
    headers = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ]
    if app.config.get("SESSION_COOKIE_SECURE"):
        headers.append(("Strict-Transport-Security", HSTS))
    return headers


def register_fast_paths(app: Flask) -> None:
    """Serve the phones' live state poll before Flask's request machinery (``live.fastpoll``)."""
    from quizapp.live.fastpoll import FastPoll

    with app.app_context():
        engine = extensions.db.engine
    # Flask's documented way to wrap the WSGI app; mypy sees wsgi_app as a method only.
    app.wsgi_app = FastPoll(  # type: ignore[method-assign]
        app.wsgi_app, engine, security_headers(app)
    )


def _signed_in() -> bool:
    """True when the request carries a sign-in (session or remember-me cookie), without a query."""
    return "_user_id" in session or REMEMBER_COOKIE_NAME in request.cookies


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per feature package, ``<int:...>`` bounded in every rule; templates
    get the state enums by name and ``cited_parts`` (the rows a matching item cites)."""
    bounded_ints.init_app(app)
    for module_name in BLUEPRINT_MODULES:
        app.register_blueprint(importlib.import_module(module_name).bp)
    people.init_app(app)
    app.add_template_global(cited.cited_parts, "cited_parts")
    app.jinja_env.filters["problem_reason"] = lambda value: enums.ProblemReason(value).label
    app.jinja_env.globals.update(
        AssignmentKind=enums.AssignmentKind,
        ItemOrigin=enums.ItemOrigin,
        LivePhase=enums.LivePhase,
        QuizMode=enums.QuizMode,
        TestKind=enums.TestKind,
    )


def register_errorhandlers(app: Flask) -> None:
    """HTML error pages in the layout; JSON for API paths."""
    errors.register(app)


def register_commands(app: Flask) -> None:
    """Add each package's CLI commands."""
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register_commands(app)
