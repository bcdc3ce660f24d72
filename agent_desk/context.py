"""What every entry point (GUI, CLI, benchmark) opens first: the database, the clock, the credential store.

A database is created only when the caller says so (``create``): the commands that create (``demo-data``,
``db upgrade``) and the GUI's first start after the user agreed. Every other caller gets a
:class:`db.engine.DatabaseMissingError` ("no Agent Desk database at …") and nothing is made on disk.
"""

from __future__ import annotations

import dataclasses
import logging

from sqlalchemy.engine import URL

from agent_desk.clock import Clock, FrozenClock, MomentError, SystemClock, parse_moment
from agent_desk.credentials import SERVICE_DB, CredentialStore
from agent_desk.errors import DeskError, UsageError
from agent_desk.paths import default_database_path
from agent_desk.text import Message
from db import migrate
from db.engine import Database, DatabaseMissingError, DatabaseUrlError, open_database, parse_url, sqlite_url

log = logging.getLogger(__name__)


@dataclasses.dataclass
class AppContext:
    database: Database
    clock: Clock
    credentials: CredentialStore
    language: str = "en"

    def close(self) -> None:
        self.database.dispose()


def database_account_name(url: URL) -> str:
    """The keyring account under which a PostgreSQL password is kept: ``user@host:port/database``."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def resolve_url(db_url: str | None) -> URL:
    """``--db`` as given (None: the SQLite file in the user data folder)."""
    if db_url is None:
        return sqlite_url(default_database_path())
    if not db_url.strip():
        raise DatabaseUrlError("an empty database URL", "empty")
    return parse_url(db_url.strip())


def make_clock(at: str | None) -> Clock:
    """The clock: frozen at ``at`` (``--at``), else the system's. A bad ``at`` is a :class:`UsageError`."""
    if at is None:
        return SystemClock()
    try:
        return FrozenClock(parse_moment(at))
    except MomentError as error:
        raise UsageError(Message.of(f"errors.usage.at_{error.reason}", text=at)) from None


def open_context(
    db_url: str | None = None,
    at: str | None = None,
    *,
    upgrade: bool = True,
    language: str = "en",
    credentials: CredentialStore | None = None,
    create: bool = True,
) -> AppContext:
    """Open the database and build the clock.

    Args:
        upgrade: apply pending migrations (refused, with a message, on a database this user may not write).
        create: make the database (and its SQLite folder) when there is none; else
            :class:`DatabaseMissingError`.
    """
    clock = make_clock(at)  # a bad --at fails before anything is opened
    url = resolve_url(db_url)
    credentials = credentials or CredentialStore()
    password = None
    if url.get_backend_name() == "postgresql":
        password = credentials.get(SERVICE_DB, database_account_name(url))  # else libpq reads ~/.pgpass
    database = open_database(url, password=password, create=create)
    try:
        prepare_schema(database, clock, upgrade=upgrade, create=create)
    except BaseException:
        database.dispose()
        raise
    return AppContext(database=database, clock=clock, credentials=credentials, language=language)


def prepare_schema(database: Database, clock: Clock, *, upgrade: bool, create: bool) -> None:
    """Check that ``database`` is Agent Desk's (or empty, when ``create``) and bring its schema up to date.

    After migrations ran, the shipped strategy settings and disposition catalog are seeded, so that commands
    which only read (``queue``, reports) never need to write them.
    """
    state = migrate.inspect_schema(database)
    where = database.location
    if not state.is_agent_desk:
        if not state.is_empty:
            raise DeskError(Message.of("errors.database.foreign", where=where, tables=", ".join(state.tables[:5])))
        if not create:
            raise DatabaseMissingError(where, "empty")
    elif not state.known:
        raise DeskError(
            Message.of(
                "errors.database.newer",
                where=where,
                current=",".join(state.revisions),
                head=",".join(migrate.head_revisions()),
            )
        )
    if not upgrade or state.up_to_date:
        return
    if database.read_only:
        raise DeskError(
            Message.of(
                "errors.database.needs_upgrade_read_only",
                where=where,
                current=",".join(state.revisions) or "-",
                head=",".join(migrate.head_revisions()),
            )
        )
    migrate.upgrade(database)
    log.info("database schema upgraded to %s", ",".join(migrate.current_revisions(database)))
    seed_defaults(database, clock)


def seed_defaults(database: Database, clock: Clock) -> None:
    """Write the shipped strategy settings and dispositions where the database has none (idempotent)."""
    from agent_desk.worklist.settings import seed_strategy

    with database.transaction(write=True) as session:
        seed_strategy(session, clock)
