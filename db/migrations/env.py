"""Alembic environment for Agent Desk: the engine comes from :mod:`db.migrate`, never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

import db.models  # noqa: F401 - registers every table on the metadata
from db.engine import open_database
from db.models.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:  # developer use: `alembic -x url=sqlite:///dev.db revision --autogenerate`
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///migrations-dev.db")
        engine = open_database(url).engine
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            user_module_prefix="db.types.",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
