"""Fixtures of the worklist tests: a migrated SQLite database per test (copied from one template)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db.engine import Database
from tests.worklist.factories import fresh_sqlite, migrated_template


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def database(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = fresh_sqlite(sqlite_template, tmp_path)
    yield db
    db.dispose()
