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
        # SQLite alters a table by copying it and dropping the old one; with foreign keys enforced, dropping a
        # table that other rows point at fails. Keys are switched off for the migration (outside any transaction,
        # where SQLite honours it) and checked as a whole before the commit.
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,
                compare_type=True,
                user_module_prefix="db.types.",
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
            connection.commit()
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


run_migrations()
