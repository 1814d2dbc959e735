"""The declarative base and the ``db`` object every model is defined on.

A naming convention keeps constraint names stable in migrations; timestamps are UTC-aware. This
module imports nothing from the app, so ``quizapp.extensions`` and every model module can import it
without a cycle.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import orm as so
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored naive in UTC and always returned timezone-aware.

    SQLite keeps no zone; PostgreSQL's ``timestamp without time zone`` likewise. Storing UTC and
    attaching the zone on the way out gives the same aware values on both databases.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(so.DeclarativeBase):
    """Base class of every model."""

    registry = so.registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


#: The Flask-SQLAlchemy object; bound to the app in ``register_extensions``.
db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # ``db.Model`` is an instance attribute, which a type checker cannot take as a base class; to
    # it a model is a subclass of the typed declarative ``Base`` (``db.Model`` derives from it).
    Model = Base
else:
    Model = db.Model
