"""Engine and session factory. Nothing connects at import time: call :func:`open_database`.

SQLite runs in WAL mode with foreign keys on; write transactions that must not interleave (leases) use
``BEGIN IMMEDIATE`` through :meth:`Database.write_session`. PostgreSQL URLs never carry a password: it comes
from the caller (the OS keyring) or from libpq's ``~/.pgpass``.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sqlite3
import threading
import time
import urllib.parse
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 15_000


class DatabaseUrlError(ValueError):
    """A database URL that Agent Desk refuses; ``reason`` is ``"password"``, ``"unsupported"`` or
    ``"unreadable"`` (``backend`` names the database kind asked for)."""

    def __init__(self, text: str, reason: str = "unreadable", backend: str = "") -> None:
        super().__init__(text)
        self.reason = reason
        self.backend = backend


class DatabaseMissingError(LookupError):
    """There is no database where the URL points, and the caller did not ask to create one.

    Attributes:
        where: the file (SQLite) or the URL without secrets (PostgreSQL).
        reason: ``"missing"`` (nothing there), ``"folder"`` (a folder, not a file), ``"empty"`` (a database
            without Agent Desk's tables) or ``"foreign"`` (a database holding other tables).
    """

    def __init__(self, where: str, reason: str = "missing") -> None:
        super().__init__(f"no Agent Desk database at {where} ({reason})")
        self.where = where
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Database:
    """An open database: its engine and the session factories bound to it."""

    url: URL
    engine: Engine
    _session_factory: sessionmaker[Session]
    _write_factory: sessionmaker[Session]
    read_only: bool = False

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

    @property
    def location(self) -> str:
        """Where the data lives, as a user would type it: the SQLite file's path, or the URL (no secret)."""
        return describe_location(self.url)

    def dispose(self) -> None:
        self.engine.dispose()


def parse_url(url: str | URL) -> URL:
    """Parse a database URL, refusing a password written into it."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(
            "not a database URL: use sqlite:///PATH or postgresql://USER@HOST/DB", "unreadable"
        ) from None
    if parsed.password is not None or any(key.lower() == "password" for key in parsed.query):
        raise DatabaseUrlError(
            "the database URL contains a password; remove it and store the password in the OS keyring "
            "(agent-desk db set-password) or in ~/.pgpass",
            "password",
        )
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver Agent Desk ships
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(
            f"unsupported database {backend!r}: use sqlite:///PATH or postgresql://HOST/DB", "unsupported", backend
        )
    return parsed


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(path))


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL (None for PostgreSQL and for an in-memory database)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def describe_location(url: URL) -> str:
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    if url.get_backend_name() == "sqlite":
        return ":memory:"
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def open_database(
    url: str | URL,
    *,
    password: str | None = None,
    echo: bool = False,
    pool_size: int = 5,
    create: bool = True,
) -> Database:
    """Create the engine for ``url`` (no password inside) and the session factories.

    Nothing connects yet. With ``create`` false, an SQLite file that does not exist raises
    :class:`DatabaseMissingError` (and no folder is made); with ``create`` true its folder is made. An SQLite
    file this process may not write is opened read-only (``Database.read_only``): reads work, writes fail with
    SQLite's "attempt to write a readonly database".
    """
    parsed = parse_url(url)
    read_only = False
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None:
            read_only = _check_sqlite_file(path, create=create)
        engine = _sqlite_engine(parsed, echo=echo, read_only=read_only)
    else:
        connect_args: dict[str, Any] = {"connect_timeout": 10, "application_name": "agent-desk"}
        if password is not None:
            connect_args["password"] = password
        engine = create_engine(
            parsed,
            echo=echo,
            hide_parameters=True,  # an error or a log line never carries the values written (numbers, names)
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
        read_only=read_only,
    )


def _check_sqlite_file(path: Path, *, create: bool) -> bool:
    """Check an SQLite file before opening it; returns whether it may only be read."""
    if path.is_dir():
        raise DatabaseMissingError(str(path), "folder")
    if not path.exists():
        if not create:
            raise DatabaseMissingError(str(path), "missing")
        path.parent.mkdir(parents=True, exist_ok=True)
        return False
    if not create and path.stat().st_size == 0:
        raise DatabaseMissingError(str(path), "empty")  # SQLite would write its header on the first connection
    # Writing takes the file and, in WAL mode, new -wal/-shm files beside it.
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK))


def _sqlite_engine(url: URL, *, echo: bool, read_only: bool = False) -> Engine:
    connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    options: dict[str, Any] = {}
    path = sqlite_file(url)
    if read_only and path is not None:
        options["creator"] = functools.partial(_connect_read_only, path)
    engine = create_engine(url, echo=echo, hide_parameters=True, connect_args=connect_args, **options)
    event.listen(engine, "connect", functools.partial(_sqlite_on_connect, read_only=read_only))
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a file this process may not write. A WAL database needs its -shm file to be read, which cannot be
    made here, so when plain read-only mode fails the file is read as immutable (nobody may write it anyway)."""
    uri = "file:" + urllib.parse.quote(str(path.resolve()))
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        connection.close()
        connection = sqlite3.connect(
            f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    return connection


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object, *, read_only: bool = False) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so that leases can ask for BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # WAL is a property of the file, set once when it is new: someone else's database opened by mistake
        # is not converted (nothing may be written to a file before it is known to be Agent Desk's).
        if not read_only and cursor.execute("PRAGMA page_count").fetchone()[0] == 0:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


SessionFactory = Callable[[], Session]


T = TypeVar("T")


class ReadCache(Generic[T]):
    """A value read from a database and kept per engine for a while, in this process (settings that every save
    would otherwise read again). Thread-safe; an engine that is gone takes its value with it."""

    def __init__(self, read: Callable[[Session], T]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._values: weakref.WeakKeyDictionary[Engine, tuple[float, T]] = weakref.WeakKeyDictionary()

    def get(self, database: Database, max_age: float) -> T:
        now = time.monotonic()
        with self._lock:
            cached = self._values.get(database.engine)
        if cached is not None and now - cached[0] < max_age:
            return cached[1]
        with database.session() as session:
            value = self._read(session)
        with self._lock:
            self._values[database.engine] = (now, value)
        return value

    def forget(self, database: Database) -> None:
        with self._lock:
            self._values.pop(database.engine, None)
