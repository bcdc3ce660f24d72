"""Fixtures for the softphone: a started engine, real sipp peers, a database, a keyring, audio devices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_desk.softphone import (
    Softphone,
)
from db import migrate
from db.engine import Database, open_database, sqlite_url
from db.models import ContactKind, ContactOwner, ContactPoint, Customer, Role, User
from tests.softphone.helpers import CUSTOMER_NUMBER, PEERS, EventLog, fast_options, require, skip_or_fail
from tests.support.processes import free_port


@pytest.fixture
def make_engine(tmp_path: Path) -> Iterator[Callable[..., tuple[Softphone, EventLog]]]:
    """Start an engine (options overridable); it is shut down after the test."""
    engines: list[Softphone] = []

    def make(**overrides: object) -> tuple[Softphone, EventLog]:
        caller_lookup = overrides.pop("caller_lookup", None)
        engine = Softphone(fast_options(tmp_path, **overrides), caller_lookup=caller_lookup)  # type: ignore[arg-type]
        log = EventLog()
        engine.subscribe(log)
        engine.start()
        engines.append(engine)
        return engine, log

    yield make
    for engine in engines:
        engine.shutdown()


@pytest.fixture
def engine(make_engine: Callable[..., tuple[Softphone, EventLog]]) -> tuple[Softphone, EventLog]:
    return make_engine()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url(tmp_path / "softphone.sqlite3"))
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def customer(database: Database) -> tuple[int, int, int]:
    """An agent and a customer "Siti Rahayu" on +62 812-3456-7890: (user id, customer id, point id)."""
    now = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)
    with database.transaction() as session:
        user = User(login="agent1", display_name="Agent One", role=Role.AGENT, created_at=now)
        person = Customer(customer_number="C-001", full_name="Siti Rahayu", created_at=now, updated_at=now)
        session.add_all([user, person])
        session.flush()
        relative = ContactPoint(
            customer_id=person.id,
            kind=ContactKind.MOBILE,
            owner=ContactOwner.SPOUSE,
            raw_value="0812-3456-7890",
            e164=CUSTOMER_NUMBER,
            created_at=now,
        )
        own = ContactPoint(
            customer_id=person.id,
            kind=ContactKind.MOBILE,
            owner=ContactOwner.SELF,
            raw_value="0812-3456-7890",
            e164=CUSTOMER_NUMBER,
            is_primary=True,
            created_at=now,
        )
        session.add_all([relative, own])
        session.flush()
        return user.id, person.id, own.id


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real Secret Service (gnome-keyring on a private D-Bus) for this process's ``keyring``."""
    from tests.support.secret_service import secret_service_available, start_secret_service

    require(secret_service_available(), "gnome-keyring and dbus")
    service = start_secret_service(tmp_path_factory.mktemp("keyring"))
    yield service
    service.stop()


@pytest.fixture(scope="session")
def pulse() -> object:
    """A private PulseAudio with a null-sink speaker and a FIFO microphone, which Qt Multimedia uses."""
    from tests.conftest import PULSE, PULSE_PROBLEM

    if PULSE is None:
        skip_or_fail(PULSE_PROBLEM)
    return PULSE


@pytest.fixture
def pj_peer(tmp_path: Path) -> Iterator[Callable[..., tuple[str, Path, Path]]]:
    """Start the pjsua2 far end (peers/pj_peer.py): returns its URI, its recording and its digits file."""
    import subprocess
    import sys

    from tests.support.processes import start_child, stop_child

    processes: list[subprocess.Popen[bytes]] = []

    def start(tone: float = 0.0, seconds: float = 30.0) -> tuple[str, Path, Path]:
        port = free_port()
        record, digits = tmp_path / f"peer-{port}.wav", tmp_path / f"peer-{port}.digits"
        process = start_child(
            [sys.executable, str(PEERS / "pj_peer.py"), "--port", str(port), "--tone", str(tone),
             "--record", str(record), "--digits", str(digits), "--seconds", str(seconds)],
            stdout=subprocess.PIPE,
        )  # fmt: skip
        processes.append(process)
        assert process.stdout is not None
        for line in process.stdout:  # pjlib prints a few lines of its own first
            if line.strip() == b"READY":
                break
        else:
            raise AssertionError("the pjsua2 peer did not start")
        return f"sip:peer@127.0.0.1:{port}", record, digits

    start.processes = processes  # type: ignore[attr-defined]
    yield start
    for process in processes:
        stop_child(process)
