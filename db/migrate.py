"""Alembic migrations, driven from code: applied at start-up and by ``agent-desk db upgrade``.

Alembic itself loads only when a migration runs: checking whether a database is up to date reads the
revision ids from the migration files and the ``alembic_version`` table directly (start-up stays fast).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from db.engine import Database
from db.revisions import MIGRATIONS_DIR, VERSION_TABLE, head_revisions
from db.revisions import revision_graph as _revision_graph

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "MIGRATIONS_DIR",
    "VERSION_TABLE",
    "SchemaState",
    "alembic_config",
    "current_revisions",
    "downgrade",
    "head_revisions",
    "inspect_schema",
    "is_up_to_date",
    "upgrade",
]


@dataclasses.dataclass(frozen=True)
class SchemaState:
    """What a database holds, as far as Agent Desk's schema goes.

    Attributes:
        revisions: the migration revisions stored in ``alembic_version`` (empty: none).
        tables: the names of the tables in it (``alembic_version`` included).
    """

    revisions: tuple[str, ...]
    tables: tuple[str, ...]

    @property
    def is_agent_desk(self) -> bool:
        return bool(self.revisions)

    @property
    def is_empty(self) -> bool:
        return not [name for name in self.tables if name != VERSION_TABLE]

    @property
    def known(self) -> bool:
        """Every stored revision is one of this Agent Desk's migrations (else a newer version wrote it)."""
        return set(self.revisions) <= set(_revision_graph())

    @property
    def up_to_date(self) -> bool:
        return set(self.revisions) == set(head_revisions())


def alembic_config(database: Database | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if database is not None:
        config.attributes["engine"] = database.engine
    return config


def inspect_schema(database: Database) -> SchemaState:
    """Read the stored revisions and the table names (the first connection: a broken file fails here)."""
    with database.engine.connect() as connection:
        tables = tuple(sorted(inspect(connection).get_table_names()))
        revisions: tuple[str, ...] = ()
        if VERSION_TABLE in tables:
            revisions = tuple(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    return SchemaState(revisions, tables)


def current_revisions(database: Database) -> tuple[str, ...]:
    return inspect_schema(database).revisions


def is_up_to_date(database: Database) -> bool:
    return inspect_schema(database).up_to_date


def upgrade(database: Database, revision: str = "head") -> bool:
    """Bring the schema up to ``revision``; returns whether anything was applied."""
    if revision == "head" and is_up_to_date(database):
        return False
    from alembic import command

    command.upgrade(alembic_config(database), revision)
    return True


def downgrade(database: Database, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database), revision)
