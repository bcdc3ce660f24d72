"""Team benchmark: N simulated agents, each its own process, working one PostgreSQL database for a simulated shift.

    python bench/team.py                         # 1 agent, then 50 agents (a server of its own in a temp folder)
    python bench/team.py --agents 20 --cycles 8  # smaller
    python bench/team.py --db postgresql://USER@HOST/DB   # an existing, empty database (it is filled)

Each agent runs the real services in its own process with its own frozen clock, set at every step to the shared
simulated time (``--speed`` simulated seconds per wall second from a common start), and repeats: *Next* (lease,
timed), the dial check (records the attempt), a random outcome saved, then a pause (the call and the wrap-up,
``--think`` wall seconds: 10–20 s, i.e. about 3 minutes of a real call at the default speed of 12×). The
single-agent phase runs first on an identical copy of the book, so the two lease p95s compare as a ratio in one
run. In a call center every agent's desk runs on its own PC; here all 50 agent processes and the server share the
machine's cores, so a shorter pause measures the machine running out of CPU rather than the database (with
1–3 s pauses on 2 shared cores the load average reached 49 and the lease p95 11.7 s — docs/PERFORMANCE.md).

Afterwards the database alone is checked: no two agents ever held one customer at once (from the audit trail of
leases), and no customer got more calls than the caps allow (an independent query over the interactions, per
customer-local day and per 7 days).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # Tuesday 10:00 WIB, 11:00 WITA, 12:00 WIT
ANSWERED = {"refused", "third_party"}  # outcomes that need a call someone answered
DISPOSITIONS = ["no_answer"] * 5 + ["busy", "voicemail", "refused", "call_rejected", "network_failure", "third_party"]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- one agent (a child process) ---


def agent(
    url: str, user_id: int, cycles: int, wall_start: float, speed: float, think: tuple[float, float], seed: int
) -> dict[str, Any]:
    from agent_desk.clock import FrozenClock
    from agent_desk.compliance import Purpose
    from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
    from agent_desk.worklist import check_before_dial, next_for, record_call_result, release_lease
    from db.engine import open_database

    rng = random.Random(seed)
    database = open_database(url, pool_size=1)
    clock = FrozenClock(NOW)
    leases: list[float] = []
    moments: list[float] = []  # when each lease was asked for, in wall seconds after the common start
    counts = {"leases": 0, "dials": 0, "refused": 0, "saves": 0, "empty": 0}

    def cycle(timed: bool) -> None:
        clock.set(NOW + dt.timedelta(seconds=max(0.0, time.time() - wall_start) * speed))
        started = time.perf_counter()
        lease = next_for(database, clock, user_id)
        if timed:
            leases.append(time.perf_counter() - started)
            moments.append(time.time() - wall_start)
        if lease is None:
            counts["empty"] += 1
            time.sleep(think[0])
            return
        counts["leases"] += 1
        assert lease.number_id is not None
        dial = check_before_dial(
            database, clock, user_id, lease.customer_id, lease.number_id, Purpose(lease.purpose or "collect")
        )
        if not dial.allowed:
            counts["refused"] += 1
            release_lease(database, clock, user_id, lease.customer_id)
            return
        counts["dials"] += 1
        dialed_at = clock.now()
        if timed:
            time.sleep(rng.uniform(*think))  # talking, then the wrap-up
        clock.set(NOW + dt.timedelta(seconds=max(0.0, time.time() - wall_start) * speed))
        disposition = rng.choice(DISPOSITIONS)
        if disposition in ANSWERED:  # what the softphone reports of a call someone picked up
            record_call_result(database, dial.interaction_id, answered_at=dialed_at, ended_at=clock.now())
        save_outcome(
            database,
            clock,
            OutcomeDraft(
                str(uuid.uuid4()),
                lease.customer_id,
                user_id,
                disposition,
                interaction_id=dial.interaction_id,
                contact_point_id=lease.number_id,
            ),
        )
        counts["saves"] += 1

    # The desk's first call of the shift, untimed: a fresh process loads what the rules need (holiday calendars,
    # the disposition catalog, the strategy) on first use, and fifty doing so at once measure nothing but that.
    cycle(timed=False)
    while time.time() < wall_start:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, think[1]))  # agents do not all press Next in the same instant
    try:
        for _ in range(cycles):
            cycle(timed=True)
    finally:
        database.dispose()
    return {"lease_seconds": leases, "lease_moments": moments, **counts}


# --- the run ---


@dataclasses.dataclass
class Phase:
    agents: int
    lease_seconds: list[float]
    counts: dict[str, int]
    wall: float
    double_leases: int
    cap_overruns: int
    calls: int

    def p(self, q: int) -> float:
        return statistics.quantiles(self.lease_seconds, n=100, method="inclusive")[q - 1] * 1e3


def run_phase(url: str, user_ids: list[int], cycles: int, speed: float, think: tuple[float, float], seed: int) -> Phase:
    # Every process imported, connected and warmed up before anyone starts (imports cost ~1-2 s of CPU each).
    wall_start = time.time() + max(15.0, 2.5 * len(user_ids))
    children = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--worker",
                url,
                str(user_id),
                str(cycles),
                str(wall_start),
                str(speed),
                str(think[0]),
                str(think[1]),
                str(seed + index),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for index, user_id in enumerate(user_ids)
    ]
    results = []
    for child in children:
        out, _ = child.communicate(timeout=1800)
        if child.returncode != 0:
            raise SystemExit(f"an agent process failed (exit {child.returncode})")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.time() - wall_start
    counts: dict[str, int] = defaultdict(int)
    for result in results:
        for key, value in result.items():
            if key not in ("lease_seconds", "lease_moments"):
                counts[key] += value
    double, overruns, calls = verify(url)
    slowest = sorted(
        ((s, m) for r in results for s, m in zip(r["lease_seconds"], r["lease_moments"], strict=True)), reverse=True
    )[:8]
    say("slowest leases (seconds, at second): " + ", ".join(f"{s:.2f}@{m:.0f}" for s, m in slowest))
    return Phase(
        len(user_ids), [s for r in results for s in r["lease_seconds"]], dict(counts), wall, double, overruns, calls
    )


def verify(url: str) -> tuple[int, int, int]:
    """Double leases from the audit trail; cap overruns by an independent count of the calls."""
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from agent_desk.resources import load_toml
    from db.engine import open_database
    from db.models import AuditEvent, ContactOwner, ContactPoint, Customer, Interaction

    database = open_database(url)
    with database.session() as session:
        events = session.execute(
            select(AuditEvent.at, AuditEvent.user_id, AuditEvent.action, AuditEvent.entity_id, AuditEvent.after)
            .where(AuditEvent.action.in_(("lease.taken", "lease.renewed", "lease.released", "lease.skipped")))
            .order_by(AuditEvent.id)
        ).all()
        calls = session.execute(
            select(Interaction.customer_id, Interaction.started_at, Customer.timezone)
            .join(Customer, Customer.id == Interaction.customer_id)
            .join(ContactPoint, ContactPoint.id == Interaction.contact_point_id)
            .where(ContactPoint.owner == ContactOwner.SELF)
        ).all()
    database.dispose()
    holder: dict[str, tuple[int | None, dt.datetime | None]] = {}
    double = 0
    for event in events:
        user, until = holder.get(event.entity_id, (None, None))
        if event.action in ("lease.taken", "lease.renewed"):
            if user is not None and user != event.user_id and until is not None and until > event.at:
                double += 1
            holder[event.entity_id] = (event.user_id, dt.datetime.fromisoformat(event.after["until"]))
        elif user == event.user_id:
            holder[event.entity_id] = (None, None)
    caps = load_toml("policies", "id_ojk.toml")["caps"]
    per_day: dict[tuple[int, dt.date], int] = defaultdict(int)
    days: dict[int, list[dt.date]] = defaultdict(list)
    for customer_id, started_at, zone in calls:
        day = started_at.astimezone(ZoneInfo(zone or "Asia/Jakarta")).date()
        per_day[(customer_id, day)] += 1
        days[customer_id].append(day)
    overruns = sum(1 for count in per_day.values() if count > caps["per_person_per_day"])
    for customer_days in days.values():
        for day in set(customer_days):
            week = sum(1 for other in customer_days if dt.timedelta(0) <= day - other < dt.timedelta(days=7))
            overruns += week > caps["per_person_per_7_days"]
    return double, overruns, len(calls)


def prepare(url: str, accounts: int, agents: int) -> list[int]:
    from sqlalchemy import select

    from agent_desk.clock import FrozenClock
    from agent_desk.demo import generate_portfolio
    from agent_desk.worklist import rebuild_worklist
    from db import migrate
    from db.engine import open_database
    from db.models import Role, User

    database = open_database(url)
    migrate.upgrade(database)
    started = time.perf_counter()
    generate_portfolio(database, accounts=accounts, seed=7, now=NOW)
    rebuild_worklist(database, FrozenClock(NOW))
    say(f"book of {accounts} accounts written in {time.perf_counter() - started:.0f} s")
    with database.session() as session:
        ids = list(session.scalars(select(User.id).where(User.role == Role.AGENT).order_by(User.id)))
    database.dispose()
    if len(ids) < agents:
        raise SystemExit(f"the book has {len(ids)} agents; give more --accounts (400 per agent)")
    return ids[:agents]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--cycles", type=int, default=6, help="Next/dial/save cycles per agent in the team phase")
    parser.add_argument("--single-cycles", type=int, default=100, help="cycles of the lone agent")
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--speed", type=float, default=12.0, help="simulated seconds per wall second")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(10.0, 20.0),
        metavar=("MIN", "MAX"),
        help="wall seconds an agent spends on a call and its wrap-up",
    )
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a server of its own)")
    parser.add_argument("--worker", nargs=8, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        url, user_id, cycles, wall_start, speed, low, high, seed = args.worker
        result = agent(
            url, int(user_id), int(cycles), float(wall_start), float(speed), (float(low), float(high)), int(seed)
        )
        print(json.dumps(result), flush=True)
        return 0

    server = None
    if args.db is None:
        from tests.support.postgres import start_postgres

        server = start_postgres(durable=True, extra=f"-c max_connections={args.agents * 2 + 20}")
        single_url, team_url = server.create_database("bench_single"), server.create_database("bench_team")
    else:
        single_url = team_url = args.db
    try:
        load = os.getloadavg()
        say(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
        single_ids = prepare(single_url, args.accounts, args.agents)
        team_ids = single_ids if single_url == team_url else prepare(team_url, args.accounts, args.agents)
        think = (args.think[0], args.think[1])
        single = run_phase(
            single_url, single_ids[:1], args.single_cycles, args.speed, (think[0] / 10, think[1] / 10), 1
        )
        team = run_phase(team_url, team_ids, args.cycles, args.speed, think, 100)
        load = os.getloadavg()
    finally:
        if server is not None:
            server.stop()  # and its folder
    print(
        f"bench/team.py {dt.datetime.now(dt.UTC).date().isoformat()}: {args.agents} agents × {args.cycles} cycles, "
        f"book of {args.accounts} accounts, PostgreSQL, speed {args.speed:g}×, think {think[0]:g}–{think[1]:g} s"
    )
    for phase in (single, team):
        print(
            f"  {phase.agents:>3} agent(s): {len(phase.lease_seconds)} leases in {phase.wall:.0f} s; "
            f"lease p50 {statistics.median(phase.lease_seconds) * 1e3:.1f} ms, p95 {phase.p(95):.1f} ms; "
            f"{phase.counts.get('dials', 0)} calls, {phase.counts.get('saves', 0)} outcomes; "
            f"double leases {phase.double_leases}, cap overruns {phase.cap_overruns} (of {phase.calls} calls)"
        )
    ratio = team.p(95) / single.p(95)
    print(f"  lease p95, {args.agents} agents / 1 agent: {ratio:.2f}× (target ≤ 3×)")
    print(f"  load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    ok = team.double_leases == 0 and team.cap_overruns == 0 and single.double_leases == 0 and ratio <= 3
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
