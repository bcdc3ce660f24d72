"""The importer's database and clock fixtures: the sync writes the same tables the same way."""

from __future__ import annotations

from tests.importer.conftest import any_database, clock, database  # noqa: F401 - fixtures
