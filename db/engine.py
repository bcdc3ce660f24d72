"""Engine and session factory. Nothing connects at import time: call :func:`open_database`.

SQLite runs in WAL mode with foreign keys on; write transactions that must not interleave (leases) use
``BEGIN IMMEDIATE`` through :meth:`Database.write_session`. PostgreSQL URLs never carry a password: it comes
from the caller (the OS keyring) or from libpq's ``~/.pgpass``.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 15_000


class DatabaseUrlError(ValueError):
    """A database URL that Agent Desk refuses (for example one with a password in it)."""


@dataclasses.dataclass(frozen=True)
class Database:
    """An open database: its engine and the session factories bound to it."""

    url: URL
    engine: Engine
    _session_factory: sessionmaker[Session]
    _write_factory: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    def session(self) -> Session:
        """A session for one user action (reads, and writes that need no exclusive lock)."""
        return self._session_factory()

    def write_session(self) -> Session:
        """A session whose transaction takes SQLite's write lock at once (``BEGIN IMMEDIATE``).

        Use it for read-then-write work that must not race another writer, such as leasing a customer.
        On PostgreSQL it is an ordinary session; use ``FOR UPDATE SKIP LOCKED`` there.
        """
        return self._write_factory()

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """A session inside one committed-or-rolled-back transaction."""
        session = self.write_session() if write else self.session()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def describe(self) -> str:
        """A human description of where the data lives, with no secret in it."""
        if self.is_sqlite:
            return f"SQLite {self.url.database or ':memory:'}"
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def parse_url(url: str | URL) -> URL:
    """Parse a database URL, refusing a password written into it."""
    parsed = make_url(url)
    if parsed.password is not None:
        raise DatabaseUrlError(
            "the database URL contains a password; remove it and store the password in the OS keyring "
            "(agent-desk db set-password) or in ~/.pgpass"
        )
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver Agent Desk ships
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql://HOST/DB")
    return parsed


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(path))


def open_database(
    url: str | URL,
    *,
    password: str | None = None,
    echo: bool = False,
    pool_size: int = 5,
) -> Database:
    """Create the engine for ``url`` (no password inside) and the session factories."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed, echo=echo)
    else:
        connect_args: dict[str, Any] = {"connect_timeout": 10, "application_name": "agent-desk"}
        if password is not None:
            connect_args["password"] = password
        engine = create_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,
            pool_size=pool_size,
            connect_args=connect_args,
        )
    write_engine = (
        engine.execution_options(sqlite_begin="IMMEDIATE") if parsed.drivername.startswith("sqlite") else engine
    )
    return Database(
        url=parsed,
        engine=engine,
        _session_factory=sessionmaker(engine, expire_on_commit=False),
        _write_factory=sessionmaker(write_engine, expire_on_commit=False),
    )


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    database = url.database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so that leases can ask for BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


SessionFactory = Callable[[], Session]
