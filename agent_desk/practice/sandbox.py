"""The practice database: a second database with the same schema, where every practice session runs.

It is a separate SQLite file beside the production one (``agent-desk-practice.sqlite3`` in the user's data
folder by default) or, in team mode, a separate PostgreSQL database on the same server (``<name>_practice``);
``AGENT_DESK_PRACTICE_DB`` names another. The workspace opened for practice is given this database only, so no
production row can be read or written by construction. What it needs from production is copied in, read-only
on the production side: the users (by login, with their authority limits), the roles' default authority and
the strategy settings, so a trainee practises under the rules they work under.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.engine import URL

from agent_desk.credentials import SERVICE_DB, CredentialStore
from agent_desk.dispositions import sync_catalog
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.scenario import Scenario
from agent_desk.text import Message
from db import migrate
from db.engine import Database, open_database, parse_url, sqlite_url
from db.models import RoleAuthority, StrategySetting, Team, User

log = logging.getLogger(__name__)

PRACTICE_DB_ENV = "AGENT_DESK_PRACTICE_DB"
_upgraded: set[str] = set()
_upgrade_lock = threading.Lock()


def practice_url(production: URL) -> URL:
    """Where the practice database of ``production`` lives (see the module docstring)."""
    override = os.environ.get(PRACTICE_DB_ENV)
    if override:
        return parse_url(override)
    if production.get_backend_name() == "sqlite":
        database = production.database
        if not database or database == ":memory:":
            raise PracticeError(Message.of("practice.error.practice_db", reason="in-memory production database"))
        path = Path(database)
        return sqlite_url(path.with_name(f"{path.stem}-practice{path.suffix or '.sqlite3'}"))
    return production.set(database=f"{production.database or 'agent_desk'}_practice")


def _password(url: URL, credentials: CredentialStore | None) -> str | None:
    if url.get_backend_name() != "postgresql" or credentials is None:
        return None
    from agent_desk.context import database_account_name

    return credentials.get(SERVICE_DB, database_account_name(url))


def open_practice_database(
    production: Database, credentials: CredentialStore | None = None, *, upgrade: bool = True
) -> Database:
    """Open (creating when it is a new SQLite file, or a new PostgreSQL database the server lets us create) and
    bring up to date the practice database of ``production``."""
    url = practice_url(production.url)
    if url == production.url:
        raise PracticeError(Message.of("practice.error.practice_db", reason="it is the production database"))
    password = _password(url, credentials)
    try:
        database = open_database(url, password=password)
        if url.get_backend_name() == "postgresql":
            _create_postgres_database(production, database)
        key = url.render_as_string(hide_password=True)
        with _upgrade_lock:
            if upgrade and key not in _upgraded:
                migrate.upgrade(database)
                _upgraded.add(key)
    except PracticeError:
        raise
    except Exception as error:
        log.error("practice database %s unavailable: %s", url.render_as_string(hide_password=True), error)
        raise PracticeError(Message.of("practice.error.practice_db", reason=type(error).__name__)) from error
    return database


def _create_postgres_database(production: Database, practice: Database) -> None:
    """Create the practice database on first use when the server lets this user do it."""
    try:
        with practice.engine.connect():
            return
    except Exception:
        log.info("practice database missing; creating it")
    name = practice.url.database or ""
    with production.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))


# --- people and rules copied from production (read there, written here) ---


def sync_from_production(production: Database, practice: Database, clock_now: dt.datetime) -> dict[str, int]:
    """Copy users, teams, role authority and strategy settings into the practice database; returns login → id."""
    with production.session() as session:
        users = session.execute(select(User, Team.name).outerjoin(Team, User.team_id == Team.id)).all()
        people = [(_UserCopy.of(user), team) for user, team in users]
        authority = [_row_values(row) for row in session.scalars(select(RoleAuthority))]
        settings = [(row.key, dict(row.value)) for row in session.scalars(select(StrategySetting))]
    with practice.transaction(write=True) as session:
        teams = {team.name: team for team in session.scalars(select(Team))}
        existing = {user.login: user for user in session.scalars(select(User))}
        for copy, team_name in people:
            team = None
            if team_name:
                team = teams.get(team_name)
                if team is None:
                    team = teams[team_name] = Team(name=team_name)
                    session.add(team)
                    session.flush()
            user = existing.get(copy.login)
            if user is None:
                user = User(login=copy.login, created_at=clock_now)
                session.add(user)
            copy.apply(user, team.id if team else None)
        for values in authority:
            values.pop("updated_by_user_id", None)
            row = session.get(RoleAuthority, values["role"])
            if row is None:
                session.add(RoleAuthority(**values))
            else:
                for key, value in values.items():
                    setattr(row, key, value)
        for key, value in settings:
            stored = session.get(StrategySetting, key)
            if stored is None:
                session.add(StrategySetting(key=key, value=value, updated_at=clock_now))
            elif stored.value != value:
                stored.value = value
                stored.updated_at = clock_now
        sync_catalog(session)
        session.flush()
        return {user.login: user.id for user in session.scalars(select(User))}


def _row_values(row: RoleAuthority) -> dict[str, object]:
    return {column.key: getattr(row, column.key) for column in RoleAuthority.__table__.columns}


@dataclasses.dataclass(frozen=True)
class _UserCopy:
    login: str
    display_name: str
    role: object
    language: str
    active: bool
    limits: tuple[object, object, object]

    @classmethod
    def of(cls, user: User) -> _UserCopy:
        return cls(
            user.login,
            user.display_name,
            user.role,
            user.language,
            user.active,
            (user.max_settlement_discount, user.max_early_payment_discount, user.max_installments),
        )

    def apply(self, user: User, team_id: int | None) -> None:
        user.display_name = self.display_name
        user.role = self.role  # type: ignore[assignment]
        user.language = self.language
        user.active = self.active
        user.team_id = team_id
        user.max_settlement_discount, user.max_early_payment_discount, user.max_installments = self.limits  # type: ignore[assignment]


def practice_user(practice: Database, login: str) -> UserSummary:
    """The practice database's copy of a user (ids differ from production's)."""
    with practice.session() as session:
        found = next((user for user in list_users(session, active_only=False) if user.login == login), None)
    if found is None:
        raise PracticeError(Message.of("practice.error.unknown_user", login=login))
    return found


# --- the practice clock ---


class PracticeClock:
    """Runs from the scenario's moment (a working day at the scenario's time, customer-local), at the real pace.

    Practice may happen at any hour; the call itself is set inside the contact window, so the compliance
    check at dialing behaves as on a working morning.
    """

    simulated = True

    def __init__(self, start: dt.datetime) -> None:
        self._start = start.astimezone(dt.UTC)
        self._monotonic = time.monotonic()

    def now(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._monotonic)


def practice_moment(scenario: Scenario, today: dt.datetime, is_holiday: object = None) -> dt.datetime:
    """The first working day (Monday to Friday, not a holiday) from ``today`` in the persona's zone, at the
    scenario's call time."""
    zone = ZoneInfo(scenario.persona.timezone)
    day = today.astimezone(zone).date()
    for _ in range(30):
        holiday = is_holiday(day) if callable(is_holiday) else False
        if day.weekday() < 5 and not holiday:
            break
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, scenario.call_time, tzinfo=zone).astimezone(dt.UTC)
