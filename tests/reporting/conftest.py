"""One copy of the hand-built fixture per database kind (SQLite file, real PostgreSQL), shared by the module."""

from __future__ import annotations

import pytest

from db import migrate
from db.engine import Database, open_database
from tests.reporting import fixture


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def week(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """(database, ids) of the fixture week, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('week') / 'week.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database(f"week_{request.module.__name__.rsplit('.', 1)[-1]}")
    database: Database = open_database(url)
    migrate.upgrade(database)
    ids = fixture.build(database)
    yield database, ids
    database.dispose()
