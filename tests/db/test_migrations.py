"""Migrations: one head, schema equal to the models, and a round trip with data on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from agent_desk.demo import generate_portfolio
from db import migrate
from db.engine import Database, open_database
from db.models import Base

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)


def test_there_is_a_single_head() -> None:
    assert len(migrate.head_revisions()) == 1


def _row_counts(database: Database) -> dict[str, int]:
    names = set(inspect(database.engine).get_table_names())
    with database.engine.connect() as connection:
        return {
            table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            for table in Base.metadata.sorted_tables
            if table.name in names
        }


def _schema_diff(database: Database) -> list[object]:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _round_trip(url: str) -> None:
    database = open_database(url)
    migrate.upgrade(database)
    assert migrate.is_up_to_date(database)
    assert _schema_diff(database) == [], "the migrations do not build the schema the models describe"
    generate_portfolio(database, accounts=60, seed=7, now=NOW)
    before = _row_counts(database)
    assert before["accounts"] == 60

    # Step down one revision at a time and back up: tables that exist on both sides keep their rows.
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = [rev.revision for rev in script.walk_revisions()]  # head first
    for revision in revisions:
        target = script.get_revision(revision).down_revision or "base"
        migrate.downgrade(database, str(target))
        survived = _row_counts(database)
        migrate.upgrade(database)
        after = _row_counts(database)
        for table, count in survived.items():
            assert after[table] == count == before[table], f"{table} lost rows going through {revision}"

    migrate.downgrade(database, "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(database)
    assert _schema_diff(database) == []
    generate_portfolio(database, accounts=60, seed=7, now=NOW)  # the rebuilt schema takes data again
    assert _row_counts(database) == before
    database.dispose()


def test_round_trip_with_data_on_sqlite(sqlite_url: str) -> None:
    _round_trip(sqlite_url)


@pytest.mark.postgres
def test_round_trip_with_data_on_postgresql(postgres_url: str) -> None:
    _round_trip(postgres_url)
