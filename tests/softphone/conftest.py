"""Fixtures for the softphone: a started engine, real sipp peers, a database, a keyring, audio devices."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_desk.softphone import (
    CallChanged,
    CallSnapshot,
    CallState,
    EngineOptions,
    Softphone,
    SoftphoneEvent,
)
from db import migrate
from db.engine import Database, open_database, sqlite_url
from db.models import ContactKind, ContactOwner, ContactPoint, Customer, Role, User
from tests.support.processes import free_port
from tests.support.sipp import SippFactory, SippPeer, sipp_available

PEERS = Path(__file__).parent / "peers"


def require(available: bool, what: str) -> None:
    """Skip when a service is missing; in CI (AGENT_DESK_REQUIRE_SERVICES=1) fail instead."""
    if available:
        return
    reason = f"{what} is not installed (see README: the test set-up command installs it)"
    if os.environ.get("AGENT_DESK_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


class EventLog:
    """Every event an engine emitted, with helpers to ask about calls."""

    def __init__(self) -> None:
        self.events: list[SoftphoneEvent] = []

    def __call__(self, event: SoftphoneEvent) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list[SoftphoneEvent]:
        return [event for event in self.events if isinstance(event, kind)]

    def snapshots(self, key: int | None = None) -> list[CallSnapshot]:
        return [
            event.call
            for event in self.events
            if isinstance(event, CallChanged) and (key is None or event.call.key == key)
        ]

    def states(self, key: int) -> list[CallState]:
        states: list[CallState] = []
        for snapshot in self.snapshots(key):
            if not states or states[-1] is not snapshot.state:
                states.append(snapshot.state)
        return states

    def ended(self, key: int) -> CallSnapshot | None:
        ends = [s for s in self.snapshots(key) if s.state is CallState.ENDED]
        assert len(ends) <= 1, f"call {key} ended more than once: {ends}"
        return ends[0] if ends else None


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[SippFactory]:
    require(sipp_available(), "sipp (Debian package sip-tester)")
    factory = SippFactory(tmp_path / "peers", PEERS)
    yield factory
    factory.stop_all()


def fast_options(tmp_path: Path, **overrides: object) -> EngineOptions:
    """Engine options for tests: loopback, a free port, short timeouts."""
    values: dict[str, object] = {
        "listen_host": "127.0.0.1",
        "sip_port": free_port(),
        "recordings_dir": tmp_path / "recordings",
        "register_timeout": 1.5,
        "retry_delays": (0.5, 1.0),
        "no_answer_timeout": 2.0,
        "no_response_timeout": 1.5,
        "media_timeout": 1.5,
    }
    values.update(overrides)
    return EngineOptions(**values)  # type: ignore[arg-type]


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


def peer_exit(engine: Softphone, peer: SippPeer, timeout: float = 5.0) -> int | None:
    """Keep the engine polling (it answers retransmissions and BYEs) until the sipp peer exits."""
    engine.run_until(lambda: not peer.running(), timeout)
    return peer.process.poll()


def wait_idle(engine: Softphone, timeout: float = 5.0) -> None:
    assert engine.run_until(lambda: engine.active_call is None, timeout), f"still in a call: {engine.active_call}"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url(tmp_path / "softphone.sqlite3"))
    migrate.upgrade(database)
    yield database
    database.dispose()


CUSTOMER_NUMBER = "+6281234567890"


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
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A private PulseAudio with a null-sink speaker and a FIFO microphone; Qt Multimedia uses it.

    Any test that touches Qt Multimedia should ask for it: Qt connects to the sound server only once.
    """
    from tests.support.pulse import pulse_available, start_pulse

    require(pulse_available(), "pulseaudio and pulseaudio-utils")
    server = start_pulse(tmp_path_factory.mktemp("pulse"))
    yield server
    server.stop()


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


@pytest.fixture
def kamailio(tmp_path: Path, sipp: SippFactory) -> Iterator[tuple[int, SippPeer]]:
    """A kamailio registrar + proxy (users alice/alicepw, bob/bobpw) relaying numbers to a sipp UAS."""
    import shutil
    import subprocess
    import time

    from tests.support.processes import start_child, stop_child

    require(shutil.which("kamailio") is not None, "kamailio")
    uas = sipp.uas("uas_full.xml", "-rtp_echo")
    port = free_port()
    config = (PEERS / "kamailio.cfg.tmpl").read_text()
    config = config.replace("@KPORT@", str(port)).replace("@UASPORT@", str(uas.port))
    rundir = tmp_path / "kamailio"
    rundir.mkdir()
    (rundir / "kamailio.cfg").write_text(config)
    log = (rundir / "kamailio.log").open("wb")
    process = start_child(
        ["kamailio", "-f", str(rundir / "kamailio.cfg"), "-DD", "-E", "-m", "32", "-M", "8",
         "-Y", str(rundir), "-w", str(rundir)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.close()
    deadline = time.monotonic() + 5
    while not (rundir / "kamailio.log").read_text(errors="replace").count("INFO"):
        if process.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    time.sleep(0.1)
    assert process.poll() is None, (rundir / "kamailio.log").read_text(errors="replace")
    yield port, uas
    stop_child(process)
