"""What every entry point (GUI, CLI, benchmark) opens first: the database, the clock, the credential store."""

from __future__ import annotations

import dataclasses
import logging

from sqlalchemy.engine import URL

from agent_desk.clock import Clock, FrozenClock, SystemClock, parse_moment
from agent_desk.credentials import SERVICE_DB, CredentialStore
from agent_desk.paths import default_database_path
from db import migrate
from db.engine import Database, open_database, parse_url, sqlite_url

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
    return parse_url(db_url) if db_url else sqlite_url(default_database_path())


def make_clock(at: str | None) -> Clock:
    return FrozenClock(parse_moment(at)) if at else SystemClock()


def open_context(
    db_url: str | None = None,
    at: str | None = None,
    *,
    upgrade: bool = True,
    language: str = "en",
    credentials: CredentialStore | None = None,
) -> AppContext:
    """Open the database (applying migrations unless ``upgrade`` is false) and build the clock."""
    url = resolve_url(db_url)
    credentials = credentials or CredentialStore()
    password = None
    if url.get_backend_name() == "postgresql":
        password = credentials.get(SERVICE_DB, database_account_name(url))  # else libpq reads ~/.pgpass
    database = open_database(url, password=password)
    if upgrade and migrate.upgrade(database):
        log.info("database schema upgraded to %s", ",".join(migrate.current_revisions(database)))
    return AppContext(database=database, clock=make_clock(at), credentials=credentials, language=language)
