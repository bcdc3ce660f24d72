"""Alembic migrations, driven from code: applied at start-up and by ``agent-desk db upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database: Database | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if database is not None:
        config.attributes["engine"] = database.engine
    return config


def head_revisions() -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(database: Database) -> tuple[str, ...]:
    with database.engine.connect() as connection:
        return tuple(MigrationContext.configure(connection).get_current_heads())


def is_up_to_date(database: Database) -> bool:
    return set(current_revisions(database)) == set(head_revisions())


def upgrade(database: Database, revision: str = "head") -> bool:
    """Bring the schema up to ``revision``; returns whether anything was applied."""
    if revision == "head" and is_up_to_date(database):
        return False
    command.upgrade(alembic_config(database), revision)
    return True


def downgrade(database: Database, revision: str) -> None:
    command.downgrade(alembic_config(database), revision)
