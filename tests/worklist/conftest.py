"""Fixtures of the worklist tests: a migrated database per test, copied from a template (migrating each time
would be slow). ``database`` is SQLite; ``any_database`` runs a test on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from db import migrate
from db.engine import Database, open_database
from tests.worklist.factories import fresh_sqlite, migrated_template


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def database(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = fresh_sqlite(sqlite_template, tmp_path)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: Any) -> str:
    """A migrated PostgreSQL database that test databases are created from (``CREATE DATABASE … TEMPLATE``).

    Its name is unique: other folders' conftests import this fixture, and each import is a session fixture of its
    own on the one session server (a fixed name made the second one fail when both ran in one session)."""
    name = f"worklist_template_{uuid.uuid4().hex[:8]}"
    url = postgres_server.create_database(name)
    database = open_database(url)
    migrate.upgrade(database)
    database.dispose()
    return name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = fresh_sqlite(sqlite_template, tmp_path)
    else:
        server = request.getfixturevalue("postgres_server")
        template = request.getfixturevalue("postgres_template")
        name = f"worklist_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        db = open_database(server.url_for(name))
    yield db
    db.dispose()
