"""quizapp: grounded flashcards, quizzes and live sessions from one policy document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing the package stays Flask-free, so its pure modules really are pure
    from flask import Flask

__all__ = ["__version__", "create_app"]
__version__ = "0.1.0"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, error handlers, commands."""
    from flask import Flask

    from quizapp.config import load_settings
    from quizapp.core.setup import (
        register_blueprints,
        register_commands,
        register_errorhandlers,
        register_extensions,
        register_fast_paths,
        register_request_hooks,
    )

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_settings(app.instance_path, overrides=config))
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_fast_paths(app)
    return app
