"""Every Flask extension object, created unbound and initialised in ``create_app``."""

from typing import TYPE_CHECKING

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from quizapp.core.model_base import Base

db = SQLAlchemy(model_class=Base)
if TYPE_CHECKING:
    # ``db.Model`` is an instance attribute, which a type checker cannot take as a base class; to
    # it a model is a subclass of the typed declarative ``Base`` (``db.Model`` derives from it).
    Model = Base
else:
    Model = db.Model
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

# Registers the ``quizapp+db://`` storage scheme with ``limits`` (imported for that side effect,
# after ``db`` exists because the storage writes through it).
from quizapp.core import ratelimit_storage  # noqa: E402,F401
