"""A worklist computed for another moment, in a database the user may only read (issue 19): the desk's start-up
rebuild does not try to write, says which moment the worklist was computed for and how to open it, and leaves
the database exactly as it was — an SQLite file without write permission and a PostgreSQL role without write
grants (or with read-only transactions)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from agent_desk.demo import generate_portfolio
from agent_desk.errors import DeskError
from agent_desk.worklist import clock_check, rebuild_worklist
from agent_desk.worklist.clock_check import rebuild_for_clock
from db.engine import Database, open_database
from db.models import WorklistEntry
from tests.support.files import read_only
from tests.worklist import factories as f

ROOT = Path(__file__).resolve().parents[2]
BUILT = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # the worklist was computed for 09:30 WIB
LATER = dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.UTC)  # the desk opened a day later (--at)


def _worklist(database: Database) -> tuple[int, dt.datetime | None]:
    with database.session() as session:
        count = session.scalar(select(func.count()).select_from(WorklistEntry)) or 0
        newest = session.scalar(select(func.max(WorklistEntry.computed_at)))
    return count, newest


def _check_refusal(error: pytest.ExceptionInfo[DeskError], where: str) -> None:
    message = error.value.message
    assert message.code == "errors.database.read_only_worklist"
    assert message.kwargs["where"] == where and message.kwargs["at"] == "2026-11-24T02:30+00:00"
    english = message.render("en")
    assert "was computed for Tue 24 Nov, 02:30 UTC" in english and "Nothing was written" in english
    assert "--at 2026-11-24T02:30+00:00" in message.render("id")


def test_a_read_only_sqlite_file_is_left_untouched_and_the_desk_says_why(sqlite_template: Path, tmp_path: Path) -> None:
    writable = f.fresh_sqlite(sqlite_template, tmp_path)
    generate_portfolio(writable, accounts=40, seed=3, now=BUILT)
    rebuild_worklist(writable, FrozenClock(BUILT))
    book = Path(str(writable.url.database))
    writable.dispose()
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    with read_only(book):
        database = open_database(f"sqlite:///{book}", create=False)
        try:
            assert database.read_only
            stored = _worklist(database)
            with pytest.raises(DeskError) as refused:
                rebuild_for_clock(database, FrozenClock(LATER))
            _check_refusal(refused, str(book))
            assert _worklist(database) == stored
            check, report = rebuild_for_clock(database, FrozenClock(BUILT))  # at its own moment it opens as it is
            assert not check.rebuild and report is None
        finally:
            database.dispose()
        env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path))
        desk = subprocess.run(
            [sys.executable, "-m", "ui.app", "--db", f"sqlite:///{book}", "--at", "2026-11-25T09:30+07:00", "--smoke"],
            capture_output=True, text=True, timeout=120, env=env, cwd=ROOT, check=False,
        )  # fmt: skip
    assert desk.returncode == 1 and "Traceback" not in desk.stderr
    assert desk.stderr.startswith(f"agent-desk: The worklist in the database at {book} was computed for Tue 24 Nov")
    assert "(--at 2026-11-24T02:30+00:00)" in desk.stderr and "smoke test" not in desk.stdout
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before


@pytest.fixture
def reader_book(postgres_server: Any) -> Iterator[tuple[Database, str, Any]]:
    """A demo book on PostgreSQL, its worklist computed at BUILT, and a role that may only read it."""
    name = f"readonly_{uuid.uuid4().hex[:10]}"
    role = f"reader_{uuid.uuid4().hex[:8]}"
    owner = open_database(postgres_server.create_database(name))
    from db import migrate

    migrate.upgrade(owner)
    generate_portfolio(owner, accounts=30, seed=4, now=BUILT)
    rebuild_worklist(owner, FrozenClock(BUILT))
    with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user="postgres", dbname=name) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'GRANT CONNECT ON DATABASE "{name}" TO "{role}"')
        admin.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
    reader = open_database(postgres_server.url_for(name).replace("postgres@", f"{role}@", 1))
    try:
        yield owner, role, reader
    finally:
        reader.dispose()
        owner.dispose()


@pytest.mark.postgres
def test_a_postgresql_role_without_write_grants_is_told_and_nothing_changes(
    reader_book: tuple[Database, str, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, role, reader = reader_book
    assert reader.url.username == role
    stored = _worklist(owner)
    assert stored[0] > 0 and stored[1] is not None
    assert not clock_check.may_write_worklist(reader) and clock_check.may_write_worklist(owner)
    with pytest.raises(DeskError) as refused:
        rebuild_for_clock(reader, FrozenClock(LATER))  # refused before anything is computed
    _check_refusal(refused, reader.location)
    # A grant taken away between that check and the writes: the server refuses the first batch, which is rolled
    # back, and the desk says the same.
    monkeypatch.setattr(clock_check, "may_write_worklist", lambda _database: True)
    with pytest.raises(DeskError) as refused_late:
        rebuild_for_clock(reader, FrozenClock(LATER))
    _check_refusal(refused_late, reader.location)
    assert isinstance(refused_late.value.__cause__, Exception)
    assert _worklist(owner) == stored


@pytest.mark.postgres
def test_read_only_transactions_count_as_no_write_access(reader_book: tuple[Database, str, Database]) -> None:
    owner, role, _reader = reader_book
    with owner.transaction(write=True) as session:
        session.connection().exec_driver_sql(f'GRANT INSERT, UPDATE, DELETE ON worklist_entries TO "{role}"')
        session.connection().exec_driver_sql(f'ALTER ROLE "{role}" SET default_transaction_read_only = on')
    fresh = open_database(owner.url.set(username=role))
    try:
        assert not clock_check.may_write_worklist(fresh)
        stored = _worklist(owner)
        with pytest.raises(DeskError) as refused:
            rebuild_for_clock(fresh, FrozenClock(LATER))
        _check_refusal(refused, fresh.location)
        assert _worklist(owner) == stored
    finally:
        fresh.dispose()
