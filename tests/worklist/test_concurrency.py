"""Eight agents at once — threads on SQLite, processes on a real PostgreSQL server — leasing, dialing and saving
on a clock that runs three working days (the window opening and closing in every zone) in the test's duration.

Checked from the database only: zero double leases (the audit trail of leases replayed), zero calls outside the
rules and zero cap overruns (the Interaction table replayed against the oracle). The duration is
``AGENT_DESK_STRESS_SECONDS`` (default 60, the acceptance run).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from agent_desk.worklist import rebuild_worklist
from agent_desk.worklist.settings import settings_for
from db import migrate
from db.engine import Database, open_database
from db.models import ContactOwner, FlagKind, StrategyStage
from tests.support.processes import start_child, stop_child
from tests.worklist import factories as f
from tests.worklist.stress import CAPS, SIM_SPAN, SIM_START, AcceleratedClock, Stats, verify, work

SECONDS = float(os.environ.get("AGENT_DESK_STRESS_SECONDS", "60"))
AGENTS = 8
CUSTOMERS = 96
ZONES = [f.WIB, f.WITA, f.WIT, "Asia/Pontianak", None]


def build_floor(database: Database) -> list[int]:
    """96 customers in every zone (some unknown), two teams of four; returns the agents' ids."""
    f.prepare(database, now=SIM_START, policy={"pack": "id_ojk", "overrides": {"caps": CAPS}})
    with database.transaction(write=True) as session:
        # Only the policy's caps limit calls here, so the test is about them (not the stages' own limits).
        session.execute(
            update(StrategyStage).values(
                min_minutes_between_attempts=0, max_attempts_per_day=None, max_attempts_per_week=None
            )
        )
        teams = [f.team(session), f.team(session)]
        agents = [f.agent(session, team_row=teams[i % 2]) for i in range(AGENTS)]
        for index in range(CUSTOMERS):
            team = teams[index % 2]
            user = agents[index % AGENTS] if index % 7 == 0 else None
            customer = f.customer(
                session, zone=ZONES[index % len(ZONES)], user=user, team_row=None if index % 20 == 19 else team
            )
            first = f.number(session, customer, primary=True)
            if index % 3 == 0:
                f.number(session, customer)
            if index % 4 == 0:
                f.number(session, customer, owner=ContactOwner.EMERGENCY_CONTACT)
            if index % 6 == 1:
                f.number(session, customer, dialable=False)
            f.account(session, customer, dpd=[3, 25, 45, 80, 130][index % 5])
            if index % 10 == 3:
                f.consent(session, customer, SIM_START - dt.timedelta(days=5), hours=("20:00", "21:00"))
            if index % 19 == 5:
                f.flag(session, customer, FlagKind.CEASE_CONTACT)
            if index % 11 == 2:
                f.flag(session, customer, FlagKind.DO_NOT_CALL, first)
            if index % 5 == 4:  # a busy week already (Tue 17–Sat 21, 09:00 WIB): one call left under the 7-day cap
                for day in (2, 2, 2, 3, 4, 5, 6):
                    f.call(session, customer, first, SIM_START - dt.timedelta(days=day, hours=-4))
        agent_ids = [agent.id for agent in agents]
    clock = AcceleratedClock(SIM_START, time.time(), 1.0)
    rebuild_worklist(database, clock)  # type: ignore[arg-type]
    return agent_ids


def check_run(database: Database, stats: list[Stats]) -> None:
    policy = settings_for(database, AcceleratedClock(SIM_START, time.time(), 1.0)).policy  # type: ignore[arg-type]
    counts = verify(database, policy)
    total = Stats(**{key: sum(getattr(s, key) for s in stats) for key in Stats.__dataclass_fields__})
    print(f"\n{AGENTS} agents, {SECONDS:.0f} s: {counts}, {total}")
    # The run must have been a real contest, or passing would prove nothing.
    assert counts["leases"] >= 50 and counts["calls"] >= 50, counts
    if SECONDS >= 30:  # a short run (a quick local check) may end before anyone reaches a cap
        assert counts["reached_daily_cap"] >= 5, counts
    assert total.skips and total.lapsed and total.replays, total


@pytest.mark.slow
def test_eight_threads_on_sqlite(sqlite_template: Path, tmp_path: Path) -> None:
    database = f.fresh_sqlite(sqlite_template, tmp_path)
    try:
        agents = build_floor(database)
        clock = AcceleratedClock(SIM_START, time.time(), SIM_SPAN.total_seconds() / SECONDS)
        results: list[Stats] = []
        errors: list[BaseException] = []

        def run(agent_id: int, seed: int) -> None:
            try:
                results.append(work(database, clock, agent_id, SECONDS, seed))
            except BaseException as error:  # reported by the test below
                errors.append(error)

        threads = [
            threading.Thread(target=run, args=(agent, seed), name=f"agent-{agent}") for seed, agent in enumerate(agents)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SECONDS + 120)
        assert not any(thread.is_alive() for thread in threads)
        assert not errors, errors
        check_run(database, results)
    finally:
        database.dispose()


@pytest.mark.slow
@pytest.mark.postgres
def test_eight_processes_on_postgresql(postgres_url: str) -> None:
    database = open_database(postgres_url)
    try:
        migrate.upgrade(database)
        agents = build_floor(database)
        wall_start = time.time() + 2.0  # every process starts on the same simulated morning
        speed = SIM_SPAN.total_seconds() / SECONDS
        root = Path(__file__).resolve().parents[2]
        processes = [
            start_child(
                [
                    sys.executable,
                    "-m",
                    "tests.worklist.stress",
                    postgres_url,
                    str(agent),
                    str(SECONDS + 2),
                    str(wall_start),
                    SIM_START.isoformat(),
                    str(speed),
                    str(seed),
                ],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for seed, agent in enumerate(agents)
        ]
        outputs = []
        try:
            for process in processes:
                out, err = process.communicate(timeout=SECONDS + 180)
                assert process.returncode == 0, err.decode()
                outputs.append(out.decode().strip().splitlines()[-1])
        finally:
            for process in processes:
                stop_child(process)
        check_run(database, [Stats(**json.loads(line)) for line in outputs])
    finally:
        database.dispose()
