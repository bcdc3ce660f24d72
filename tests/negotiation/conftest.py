"""The negotiation tests use the worklist's database fixtures (a migrated SQLite copy; PostgreSQL too)."""

from __future__ import annotations

from tests.worklist.conftest import any_database, database, postgres_template, sqlite_template  # noqa: F401
