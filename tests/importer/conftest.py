"""Import tests: fixture files, a frozen clock, databases (SQLite, and PostgreSQL for the core path), a digest."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agent_desk.auth.permissions import Actor
from agent_desk.clock import FrozenClock
from agent_desk.importer import ImportOptions, ImportSummary, load_mapping, run_import
from db import migrate
from db.engine import Database, open_database
from db.models import Base

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # Tuesday 09:30 WIB
# Bookkeeping of the imports themselves: a re-import adds a row to each, and nothing anywhere else.
NOT_PORTFOLIO = {"import_runs", "audit_events", "worklist_entries", "customer_scores"}  # bookkeeping, recomputed state


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


def _open(url: str) -> Database:
    database = open_database(url)
    migrate.upgrade(database)
    return database


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    database = _open(sqlite_url)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The same test on SQLite and on a real PostgreSQL server."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    database = _open(url)
    yield database
    database.dispose()


def digest(database: Database) -> dict[str, str]:
    """A fingerprint of every portfolio table's rows (ordered by primary key), table by table."""
    out: dict[str, str] = {}
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in NOT_PORTFOLIO:
                continue
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = f"{len(rows)}:" + hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    return out


def run(
    database: Database,
    clock: FrozenClock,
    file: str | Path,
    mapping: str | Path,
    **options: Any,
) -> ImportSummary:
    path = file if isinstance(file, Path) else FIXTURES / file
    mapping_path = mapping if isinstance(mapping, Path) else FIXTURES / mapping
    return run_import(database, clock, path, load_mapping(mapping_path), ImportOptions(**options), actor=Actor.system())


def wall(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A wall time without a zone, as spreadsheet cells hold them."""
    return dt.datetime(year, month, day, hour, minute)  # noqa: DTZ001 - naive on purpose
