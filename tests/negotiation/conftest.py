"""The negotiation tests use the worklist's database fixtures (a migrated SQLite copy; PostgreSQL too).

The PostgreSQL template gets its own name here: a session fixture re-exported from another conftest runs
once per conftest, and two runs must not create the same database.
"""

from __future__ import annotations

from typing import Any

import pytest

from db import migrate
from db.engine import open_database
from tests.worklist.conftest import any_database, database, sqlite_template  # noqa: F401


@pytest.fixture(scope="session")
def postgres_template(postgres_server: Any) -> str:
    url = postgres_server.create_database("negotiation_template")
    migrated = open_database(url)
    migrate.upgrade(migrated)
    migrated.dispose()
    return "negotiation_template"
