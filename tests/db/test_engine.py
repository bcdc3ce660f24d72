"""The engine factory: no passwords in URLs, SQLite with WAL and foreign keys, immediate write transactions."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from db.engine import DatabaseUrlError, open_database, parse_url


def test_a_password_in_the_url_is_refused() -> None:
    with pytest.raises(DatabaseUrlError, match="keyring"):
        parse_url("postgresql://collector:s3cret@db.example/agentdesk")


def test_postgresql_urls_use_psycopg_3() -> None:
    assert parse_url("postgresql://collector@db.example/agentdesk").drivername == "postgresql+psycopg"


def test_unsupported_databases_get_a_clear_error() -> None:
    with pytest.raises(DatabaseUrlError, match="unsupported database"):
        parse_url("mysql://root@localhost/x")


def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()


def test_write_sessions_take_the_lock_at_begin(sqlite_url: str) -> None:
    """Two write sessions never interleave: the second waits until the first commits."""
    database = open_database(sqlite_url)
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    order: list[str] = []

    def writer(name: str, hold: float) -> None:
        with database.transaction(write=True) as session:
            value = session.execute(text("SELECT n FROM counter")).scalar_one()
            order.append(f"{name} read {value}")
            time.sleep(hold)
            session.execute(text("UPDATE counter SET n = :n"), {"n": value + 1})

    first = threading.Thread(target=writer, args=("first", 0.3))
    first.start()
    time.sleep(0.05)
    writer("second", 0)
    first.join()
    with database.session() as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 2  # no lost update
    assert order == ["first read 0", "second read 1"]
    database.dispose()
