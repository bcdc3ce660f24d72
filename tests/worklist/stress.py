"""Agents working one database at once, on an accelerated clock, and the checks made afterwards.

Run as a process per agent (PostgreSQL) with ``python -m tests.worklist.stress URL AGENT_ID SECONDS WALL_START
SIM_START SPEED SEED``, or as threads (SQLite) through :func:`work`. :func:`verify` then reads only the database:
the audit trail of leases (no two agents ever held a customer at once) and the Interaction table (every call was
lawful at its moment: window, holidays, caps, flags, numbers).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import random
import sys
import time
import traceback
import uuid
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from agent_desk.compliance import (
    Attempt,
    ConsentFacts,
    ContactHistory,
    DebtFacts,
    NumberFacts,
    PartyFacts,
    Policy,
    Purpose,
)
from agent_desk.compliance.policy import parse_minutes
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft, save_outcome
from agent_desk.worklist import (
    LeaseError,
    check_before_dial,
    next_for,
    record_call_result,
    release_lease,
    renew_lease,
    skip_customer,
)
from db.engine import Database, open_database
from db.models import (
    Account,
    AuditEvent,
    Consent,
    ConsentKind,
    ContactPoint,
    Customer,
    CustomerFlag,
    Interaction,
)
from tests.worklist import oracle
from tests.worklist.factories import UNANSWERED

# Monday 23 November 2026, 05:00 WIB: the run sees three days, each window opening and closing in every zone.
SIM_START = dt.datetime(2026, 11, 22, 22, 0, tzinfo=dt.UTC)
SIM_SPAN = dt.timedelta(days=3)
CAPS = {"per_person_per_day": 3, "per_person_per_7_days": 8}
DISPOSITIONS = ["no_answer"] * 6 + [
    "busy",
    "voicemail",
    "refused",
    "callback_requested",
    "promise_to_pay",
    "third_party",
    "network_failure",
    "hardship",
    "call_rejected",
    "wrong_number",
    "dispute",
]


class AcceleratedClock:
    """Simulated time running ``speed`` times faster than the wall clock, the same in every process."""

    simulated = True

    def __init__(self, sim_start: dt.datetime, wall_start: float, speed: float) -> None:
        self.sim_start = sim_start
        self.wall_start = wall_start
        self.speed = speed

    def now(self) -> dt.datetime:
        return self.sim_start + dt.timedelta(seconds=(time.time() - self.wall_start) * self.speed)


@dataclasses.dataclass
class Stats:
    leases: int = 0
    dials: int = 0
    refused_dials: int = 0
    outcomes: int = 0
    replays: int = 0
    skips: int = 0
    lapsed: int = 0
    idle: int = 0


def work(database: Database, clock: AcceleratedClock, agent_id: int, seconds: float, seed: int) -> Stats:
    """One agent pressing Next, dialing and saving as fast as it can for ``seconds`` (wall)."""
    rng = random.Random(seed)
    stats = Stats()
    deadline = time.time() + seconds
    while time.time() < deadline:
        lease = next_for(database, clock, agent_id)
        if lease is None:
            stats.idle += 1
            time.sleep(0.01)
            continue
        stats.leases += 1
        roll = rng.random()
        if roll < 0.08:
            skip_customer(database, clock, agent_id, lease.customer_id, "stress_skip")
            stats.skips += 1
            continue
        if roll < 0.12:
            time.sleep(0.05 + 15 * 60 / clock.speed)  # the agent walks away: the lease lapses
            stats.lapsed += 1
        elif roll < 0.3:
            with contextlib.suppress(LeaseError):  # someone else took it meanwhile: fine, the dial check will say
                renew_lease(database, clock, agent_id, lease.customer_id)
        assert lease.number_id is not None
        dial = check_before_dial(database, clock, agent_id, lease.customer_id, lease.number_id, Purpose(lease.purpose))
        if not dial.allowed:
            stats.refused_dials += 1
            release_lease(database, clock, agent_id, lease.customer_id)
            continue
        stats.dials += 1
        code = rng.choice(DISPOSITIONS)
        now = clock.now()
        assert dial.interaction_id is not None
        if code not in UNANSWERED:
            record_call_result(database, dial.interaction_id, sip_code=200, answered_at=now)
        draft = OutcomeDraft(
            draft_key=str(uuid.uuid4()),
            customer_id=lease.customer_id,
            user_id=agent_id,
            disposition_code=code,
            interaction_id=dial.interaction_id,
            contact_point_id=lease.number_id,
            right_party_confirmed=True,
            # At least a few wall seconds ahead, however fast the simulated clock runs.
            callback_at=now
            + max(dt.timedelta(minutes=rng.choice([20, 90, 300])), dt.timedelta(seconds=3 * clock.speed))
            if code == "callback_requested"
            else None,
            promise=PromiseDraft(Decimal(rng.choice([100000, 250000])), (now + dt.timedelta(days=2)).date())
            if code == "promise_to_pay"
            else None,
        )
        saved = save_outcome(database, clock, draft)
        stats.outcomes += 1
        if rng.random() < 0.1:  # a retried save (crash, double click) must not save twice
            again = save_outcome(database, clock, draft)
            assert not again.created and again.outcome_id == saved.outcome_id
            stats.replays += 1
    return stats


def verify(database: Database, policy: Policy) -> dict[str, int]:
    """Check the whole run from the database alone; returns counts for the test to judge its strength."""
    counts = {"leases": _verify_leases(database)}
    counts.update(_verify_calls(database, policy))
    return counts


def _verify_leases(database: Database) -> int:
    holder: dict[str, tuple[int | None, dt.datetime | None]] = {}
    taken = 0
    with database.session() as session:
        events = session.execute(
            select(
                AuditEvent.id,
                AuditEvent.at,
                AuditEvent.user_id,
                AuditEvent.action,
                AuditEvent.entity_id,
                AuditEvent.after,
            )
            .where(AuditEvent.action.in_(("lease.taken", "lease.renewed", "lease.released", "lease.skipped")))
            .order_by(AuditEvent.id)
        ).all()
    for event in events:
        user, until = holder.get(event.entity_id, (None, None))
        if event.action == "lease.taken":
            assert user is None or user == event.user_id or (until is not None and until <= event.at), (
                f"double lease of customer {event.entity_id}: user {event.user_id} at {event.at} while user "
                f"{user} held it until {until} (audit {event.id})"
            )
            holder[event.entity_id] = (event.user_id, dt.datetime.fromisoformat(event.after["until"]))
            taken += 1
        elif event.action == "lease.renewed":
            assert user == event.user_id and until is not None and until > event.at, f"renewal by a non-holder {event}"
            holder[event.entity_id] = (event.user_id, dt.datetime.fromisoformat(event.after["until"]))
        elif user == event.user_id:
            holder[event.entity_id] = (None, None)
    return taken


def _verify_calls(database: Database, policy: Policy) -> dict[str, int]:
    """Replay every call in time order: each must have been allowed at its moment, given what came before."""
    with database.session() as session:
        customers = {c.id: c for c in session.scalars(select(Customer))}
        points = {p.id: p for p in session.scalars(select(ContactPoint))}
        flags = session.scalars(select(CustomerFlag)).all()
        consents = defaultdict(list)
        for consent in session.scalars(select(Consent).where(Consent.kind == ConsentKind.CONTACT_OUTSIDE_HOURS)):
            hours = consent.detail.get("hours")
            consents[consent.customer_id].append(
                ConsentFacts(
                    consent.granted_at,
                    consent.expires_at,
                    consent.revoked_at,
                    (parse_minutes(hours[0]), parse_minutes(hours[1])) if hours else None,
                )
            )
        debts = defaultdict(list)
        for account in session.scalars(select(Account)):
            debts[account.customer_id].append(DebtFacts(account.id, account.account_number))
        calls = session.scalars(select(Interaction).order_by(Interaction.started_at, Interaction.id)).all()
    history: dict[int, list[Attempt]] = defaultdict(list)
    at_cap = 0
    for call in calls:
        assert call.customer_id is not None and call.contact_point_id is not None
        customer = customers[call.customer_id]
        point = points[call.contact_point_id]
        moment = call.started_at
        active = [
            f
            for f in flags
            if f.customer_id == customer.id and f.set_at <= moment and (f.cleared_at is None or f.cleared_at > moment)
        ]
        party = PartyFacts(
            customer.id,
            customer.timezone,
            frozenset(f.kind for f in active if f.contact_point_id is None),
            tuple(consents[customer.id]),
        )
        usable = (
            point.e164 is not None
            and (point.invalidated_at is None or point.invalidated_at > moment)
            and (point.dialable or point.invalidated_at is not None)
        )
        number = NumberFacts(
            point.id,
            point.owner,
            "x",
            usable,
            point.invalid_reason,
            point.valid_from,
            point.valid_until,
            point.timezone_override,
            frozenset(f.kind for f in active if f.contact_point_id == point.id),
        )
        purpose = Purpose.COLLECT if point.owner in policy.debtor_owners else Purpose.LOCATE
        before = ContactHistory(tuple(history[customer.id]))
        assert oracle.allowed(party, number, debts[customer.id], moment, before, policy, purpose), (
            f"call {call.id} to customer {customer.id} at {moment} broke the rules"
        )
        history[customer.id].append(Attempt(moment, point.id, point.owner))
        zone = ZoneInfo(customer.timezone or policy.zones[0])
        same_day = [
            a
            for a in history[customer.id]
            if a.owner in policy.debtor_owners and a.at.astimezone(zone).date() == moment.astimezone(zone).date()
        ]
        at_cap += moment >= SIM_START and len(same_day) == CAPS["per_person_per_day"]
    return {"calls": len(calls), "reached_daily_cap": at_cap}


def main(argv: list[str]) -> int:
    url, agent_id, seconds, wall_start, sim_start, speed, seed = argv
    database = open_database(url)
    clock = AcceleratedClock(dt.datetime.fromisoformat(sim_start), float(wall_start), float(speed))
    try:
        stats = work(database, clock, int(agent_id), float(seconds), int(seed))
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        database.dispose()
    print(json.dumps(dataclasses.asdict(stats)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
