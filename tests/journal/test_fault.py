"""The fault test of issue 17: a scripted shift of at least 200 saves by several desks while a real PostgreSQL
server is stopped (``pg_ctl stop -m immediate``) and started again at random moments, at least five times.
Afterwards every outcome is in the database exactly once, none is lost, and no lease is left held."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from agent_desk.demo import generate_portfolio
from agent_desk.journal import OutcomeDesk, SaveJournal, is_outage
from agent_desk.scheduling.outcomes import OutcomeDraft
from agent_desk.worklist import check_before_dial, next_for, rebuild_worklist, release_lease
from db import migrate
from db.engine import open_database
from db.models import AuditEvent, Outcome, User, WorklistEntry
from tests.support.postgres import PostgresServer

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # Tuesday 09:30 WIB
SAVES = 200
RESTARTS = 5
AGENTS = ("agent01", "agent04", "agent02")  # two teams
DISPOSITIONS = ("no_answer", "busy", "voicemail", "call_rejected")

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


class Shift:
    """The desks' shared score: how many saves were made, and the draft keys of every outcome an agent saved."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.keys: list[str] = []
        self.queued = 0
        self.outages_seen = 0
        self.done = threading.Event()

    def saved(self, key: str, queued: bool) -> int:
        with self.lock:
            self.keys.append(key)
            self.queued += queued
            if len(self.keys) >= SAVES:
                self.done.set()
            return len(self.keys)


def _desk(url: str, user_id: int, journal: Path, clock: FrozenClock, shift: Shift, seed: int) -> None:
    """One agent: Next, the dial check (it records the attempt), save a random no-contact outcome, Next… Waits out
    the outages like the GUI does."""
    rng = random.Random(seed)
    database = open_database(url, pool_size=2)
    desk = OutcomeDesk(database, clock, SaveJournal(journal), user_id)
    recovering = False
    try:
        while not shift.done.is_set():
            try:
                if recovering or desk.waiting:
                    if not desk.replay().done:
                        time.sleep(0.05)
                        continue
                    desk.give_back_stray_leases()
                    recovering = False
                lease = next_for(database, clock, user_id)
                if lease is None:
                    clock.advance(dt.timedelta(minutes=5))
                    continue
                if lease.number_id is None:
                    release_lease(database, clock, user_id, lease.customer_id)
                    continue
                dialed = check_before_dial(database, clock, user_id, lease.customer_id, lease.number_id)
                if not dialed.allowed:  # an outcome needs its call: this one may not be called now
                    release_lease(database, clock, user_id, lease.customer_id)
                    clock.advance(dt.timedelta(minutes=1))
                    continue
                outcome = OutcomeDraft(
                    str(uuid.uuid4()),
                    lease.customer_id,
                    user_id,
                    rng.choice(DISPOSITIONS),
                    interaction_id=dialed.interaction_id,
                    contact_point_id=lease.number_id,
                )
                result = desk.save(outcome)
                shift.saved(outcome.draft_key, result.queued)
                recovering = result.queued
                clock.advance(dt.timedelta(seconds=10))
            except Exception as error:
                if not is_outage(error):
                    raise
                with shift.lock:
                    shift.outages_seen += 1
                recovering = True
                time.sleep(0.05)
        while not desk.replay().done:  # the shift is over: what waited goes in once the server answers
            time.sleep(0.1)
        desk.give_back_stray_leases()
    finally:
        database.dispose()


def _chaos(server: PostgresServer, shift: Shift, seed: int, restarts: list[float]) -> None:
    """Stop the server at random moments (immediate: like a crash) and start it again a little later."""
    rng = random.Random(seed)
    points = sorted(rng.sample(range(10, SAVES - 10), RESTARTS + 1))
    for point in points:
        while len(shift.keys) < point and not shift.done.is_set():
            time.sleep(0.01)
        if shift.done.is_set():
            break
        time.sleep(rng.uniform(0, 0.2))  # somewhere inside a lease or a save
        server.halt()
        time.sleep(rng.uniform(0.2, 1.0))
        server.start()
        restarts.append(time.monotonic())


def test_a_shift_survives_immediate_server_stops(durable_server: PostgresServer, tmp_path: Path) -> None:
    url = durable_server.create_database("shift")
    database = open_database(url)
    migrate.upgrade(database)
    generate_portfolio(database, accounts=1500, seed=17, now=NOW)
    rebuild_worklist(database, FrozenClock(NOW))
    with database.session() as session:
        users = dict(session.execute(select(User.login, User.id).where(User.login.in_(AGENTS))).all())
        before = int(session.scalar(select(func.count()).select_from(Outcome)) or 0)
    database.dispose()

    shift, restarts, errors = Shift(), [], []

    def guarded(target, *args):  # type: ignore[no-untyped-def]
        try:
            target(*args)
        except BaseException as error:  # reported below, the other threads stop
            errors.append(error)
            shift.done.set()

    seed = random.randrange(1_000_000)
    threads = [
        threading.Thread(
            target=guarded,
            args=(_desk, url, users[login], tmp_path / login, FrozenClock(NOW), shift, seed + index),
        )
        for index, login in enumerate(AGENTS)
    ]
    threads.append(threading.Thread(target=guarded, args=(_chaos, durable_server, shift, seed, restarts)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not errors, (seed, errors)
    assert all(not thread.is_alive() for thread in threads), seed
    assert len(shift.keys) >= SAVES and len(restarts) >= RESTARTS, (seed, len(shift.keys), len(restarts))
    assert shift.outages_seen + shift.queued > 0  # the stops did hit the desks

    # An independent look at the database.
    database = open_database(url)
    with database.session() as session:
        stored = session.execute(
            select(Outcome.draft_key, func.count()).where(Outcome.draft_key.in_(shift.keys)).group_by(Outcome.draft_key)
        ).all()
        total = int(session.scalar(select(func.count()).select_from(Outcome)) or 0)
        saved_rows = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "outcome.saved")
        )
        held = session.scalars(select(WorklistEntry.customer_id).where(WorklistEntry.lease_user_id.is_not(None))).all()
    database.dispose()
    counts = dict(stored)
    assert sorted(counts) == sorted(shift.keys), f"lost: {set(shift.keys) - set(counts)} (seed {seed})"
    assert set(counts.values()) == {1}
    assert total - before == len(shift.keys) == saved_rows  # nothing duplicated, nothing extra
    assert held == [], f"leases left held: {held} (seed {seed})"
    for login in AGENTS:
        assert SaveJournal(tmp_path / login).pending() == []
    print(
        f"fault test: {len(shift.keys)} saves ({shift.queued} waited in the journal), {len(restarts)} restarts, "
        f"{shift.outages_seen} outages met, seed {seed}"
    )
