"""The admin tests use the worklist's migrated SQLite copy per test."""

from __future__ import annotations

from tests.worklist.conftest import database, sqlite_template  # noqa: F401
