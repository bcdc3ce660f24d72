"""The queries every start runs read an index, not the whole table: on a book of a million customers a scan of
the worklist costs seconds before (the first frame) and after (the clock check) the first paint."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from agent_desk.first_frame.page import NEWEST_ENTRY
from db import migrate
from db.engine import open_database
from db.models import WorklistEntry

INDEX = "ix_worklist_entries_computed_at"
CLOCK_CHECK = select(func.max(WorklistEntry.computed_at))  # agent_desk.worklist.clock_check.rebuild_needed


def test_the_newest_worklist_entry_is_read_from_the_index_on_sqlite(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    migrate.upgrade(database)
    clock_check = str(CLOCK_CHECK.compile(database.engine))
    database.dispose()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as connection:  # as the first frame reads it
        for query in (NEWEST_ENTRY, clock_check):
            plan = " / ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {query}"))
            assert f"USING COVERING INDEX {INDEX}" in plan, f"{query}: {plan}"


@pytest.mark.postgres
def test_the_newest_worklist_entry_is_read_from_the_index_on_postgresql(postgres_url: str) -> None:
    database = open_database(postgres_url)
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")  # a table this small is scanned whatever it has
        query = str(CLOCK_CHECK.compile(database.engine))
        plan = " / ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {query}"))
    database.dispose()
    assert f"Index Only Scan Backward using {INDEX}" in plan, plan
