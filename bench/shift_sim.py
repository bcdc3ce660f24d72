"""Shift simulator: the project's queue against "least called first" and "oldest first", on the same draws.

A population of debtors with hidden traits (agent_desk.simulation.population: when they answer, how readily they
promise and keep a promise, how repeated calls put them off, whether they are recovering or sliding) gets a book
with twelve months of history. Then N agents work D days through the real services, on a frozen clock that the
simulator moves from event to event:

* the project's queue: ``next_for`` leases the next customer (its likelihood fitted on the book's history, its
  learned answering hours, its schedule), ``check_before_dial`` records the attempt, ``record_call_result`` and
  ``save_outcome`` (with the promise) write what happened, which re-scores the customer and plans the next action;
* the simple dialers pick from the day's delinquency list by their rule (fewest attempts so far; most days past
  due), with the same minimum time between two attempts to a customer, and go through the same
  ``check_before_dial`` gate and the same ``record_call_result`` / ``save_outcome``.

Each debtor answers, promises and keeps a promise according to random numbers drawn per debtor and per attempt
(the n-th call to a debtor sees the same numbers whichever strategy made it), and pays their own bills on the same
days whatever happens. Annoyance works three ways: every call that day and that week makes the next one less likely
to be answered; refusals that week make a promise less likely; a promise made after many calls is kept less often,
and a debtor chased again while a promise is pending may drop it. What a promise is worth is what the debtor can
pay at once: their arrears, up to one to three bills (more for better payers). Kept promises and those payments post
every morning through ``post_payments`` (the bank file), promises are judged, and the worklist is rebuilt — for
every strategy alike.

Reported per strategy: money collected on promises made in the simulation and in total (per agent-hour), attempts,
right-party contacts, promises, idle time, and rule violations (every attempt replayed against the independent
statement of the rules in tests/worklist/oracle.py).

    python bench/shift_sim.py --agents 4 --days 5 --per-agent 125 250
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import heapq
import json
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from agent_desk.clock import FrozenClock  # noqa: E402
from agent_desk.compliance import Attempt, ContactHistory, DebtFacts, NumberFacts, PartyFacts, Purpose  # noqa: E402
from agent_desk.scheduling.next_action import OutcomeError  # noqa: E402
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft, save_outcome  # noqa: E402
from agent_desk.scheduling.payments import PaymentRow  # noqa: E402
from agent_desk.scheduling.services import post_payments  # noqa: E402
from agent_desk.scoring.store import fit_and_store, score_book  # noqa: E402
from agent_desk.simulation.population import Debtor, draw_history, draw_population  # noqa: E402
from agent_desk.simulation.records import Written, write_population  # noqa: E402
from agent_desk.worklist import (  # noqa: E402
    check_before_dial,
    judge_due_promises,
    next_for,
    rebuild_worklist,
    record_call_result,
    release_lease,
)
from agent_desk.worklist.settings import forget_settings, seed_strategy, settings_for  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import open_database  # noqa: E402
from db.models import Account, Interaction, Payment, Role, StrategySetting, User  # noqa: E402
from tests.worklist import oracle  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
START = dt.datetime(2026, 11, 23, tzinfo=WIB)  # a Monday
SHIFT = (dt.time(8, 30), dt.time(17, 30))  # WIB, eight hours of work and a lunch hour
LUNCH = (dt.time(12, 0), dt.time(13, 0))
RING = dt.timedelta(seconds=35)  # an unanswered call
TALK = (150, 360)  # seconds of a conversation
WRAP = dt.timedelta(seconds=40)
IDLE_STEP = dt.timedelta(minutes=3)
MIN_RETRY = dt.timedelta(minutes=60)  # the simple dialers' own spacing between two attempts to a customer
STRATEGIES = ("queue", "least_called", "oldest_first")


@dataclasses.dataclass
class Tally:
    attempts: int = 0
    answered: int = 0
    promises: int = 0
    promised: Decimal = Decimal(0)
    idle: dt.timedelta = dt.timedelta()
    refused_by_rules: int = 0
    downgraded: int = 0  # outcomes the services refused as drawn, saved as "refused" instead
    seconds: float = 0.0


@dataclasses.dataclass
class World:
    """The hidden side: who the customers are, and the random numbers of each debtor's n-th call."""

    seed: int
    people: dict[int, Debtor]  # by customer id
    written: Written
    by_customer: dict[int, int]  # customer id → debtor key

    def draws(self, customer_id: int, attempt: int) -> tuple[float, float, float, float]:
        rng = random.Random(self.seed * 7_919 + customer_id * 104_729 + attempt)
        return rng.random(), rng.random(), rng.random(), rng.random()

    def natural_payment(self, customer_id: int, day: dt.date) -> bool:
        """Whether the debtor pays their bill on ``day`` by themselves (the same whatever the strategy)."""
        person = self.people[customer_id]
        if day.day != person.due_day:
            return False
        return random.Random(self.seed * 31 + customer_id * 17 + day.toordinal()).random() < person.pay_chance(0)


def build_book(
    workdir: Path, size: int, agents: int, seed: int, overrides: dict[str, dict[str, Any]] | None = None
) -> tuple[Path, World]:
    """A fresh database with the population, its history, the fitted model and the worklist; copied per run."""
    path = workdir / f"book-{size}-{seed}.sqlite3"
    path.unlink(missing_ok=True)
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    now = START.replace(hour=7).astimezone(dt.UTC)
    clock = FrozenClock(now)
    forget_settings(database)
    with database.transaction(write=True) as session:
        seed_strategy(session, clock)
        for key, values in (overrides or {}).items():
            row = session.get(StrategySetting, key)
            assert row is not None, key
            row.value = {**row.value, **values}
        users = [
            User(login=f"sim{n}", display_name=f"Agent {n}", role=Role.AGENT, created_at=now) for n in range(agents)
        ]
        session.add_all(users)
        session.flush()
        agent_ids = [user.id for user in users]
    people = draw_population(size, seed)
    histories = [draw_history(person, now.date(), seed) for person in people]
    written = write_population(database, now, people, histories, assign_to=agent_ids)
    fit_and_store(database, clock)
    score_book(database, clock)
    rebuild_worklist(database, clock)
    database.dispose()
    by_customer = {customer: key for key, customer in written.customers.items()}
    world = World(seed, {written.customers[p.key]: p for p in people}, written, by_customer)
    return path, world


class Run:
    """One strategy over the days, on its own copy of the book."""

    def __init__(self, strategy: str, template: Path, workdir: Path, world: World, days: int) -> None:
        self.strategy = strategy
        self.path = workdir / f"{strategy}-{template.name}"
        shutil.copy(template, self.path)
        self.database = open_database(f"sqlite:///{self.path}")
        self.world = world
        self.days = days
        self.clock = FrozenClock(START.replace(hour=7).astimezone(dt.UTC))
        forget_settings(self.database)
        self.settings = settings_for(self.database, self.clock)
        with self.database.session() as session:
            self.agents = list(session.scalars(select(User.id).where(User.login.like("sim%")).order_by(User.id)))
        self.delinquent: dict[int, int] = {}
        self.tally = Tally()
        self.attempts: Counter[int] = Counter()
        self.calls_today: Counter[int] = Counter()
        self.calls: dict[int, list[dt.datetime]] = defaultdict(list)
        self.refusals: dict[int, list[dt.datetime]] = defaultdict(list)
        self.promised_until: dict[int, dt.date] = {}
        self.last_attempt: dict[int, dt.datetime] = {}
        self.blocked_until: dict[int, dt.datetime] = {}
        self.pending_payments: list[tuple[dt.datetime, int, Decimal, str]] = []
        self.promise_payments = Decimal(0)
        self.collected = Decimal(0)

    # The day ---------------------------------------------------------------------------------------------------
    def morning(self, day: dt.date, *, settle_only: bool = False) -> None:
        """The bank file of yesterday, promises judged, the nightly rebuild; the dialers' delinquency list."""
        self.clock.set(dt.datetime.combine(day, dt.time(6, 0), tzinfo=WIB).astimezone(dt.UTC))
        now = self.clock.now()
        rows = []
        for at, customer_id, amount, source in sorted(self.pending_payments):
            if at <= now:
                account = self.world.written.account_numbers[self.world.by_customer[customer_id]]
                rows.append(
                    PaymentRow(len(rows) + 1, account, at, amount, reference=f"{source}-{uuid.uuid4().hex[:12]}")
                )
        self.pending_payments = [p for p in self.pending_payments if p[0] > now]
        if rows:
            post_payments(self.database, self.clock, rows, source="sim bank file")
        if settle_only:
            return
        judge_due_promises(self.database, self.clock)
        rebuild_worklist(self.database, self.clock)
        self.calls_today.clear()
        with self.database.session() as session:
            rows_ = session.execute(
                select(Account.customer_id, Account.days_past_due, Account.arrears).where(Account.arrears > 0)
            ).all()
        self.delinquent = {row.customer_id: row.days_past_due for row in rows_}
        for customer_id in self.world.people:
            if self.world.natural_payment(customer_id, day):
                person = self.world.people[customer_id]
                at = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo(person.zone)).astimezone(dt.UTC)
                self.pending_payments.append((at + dt.timedelta(days=0), customer_id, person.bill, "self"))

    def run(self) -> None:
        started = time.perf_counter()
        for offset in range(self.days):
            day = (START + dt.timedelta(days=offset)).date()
            if day.weekday() == 6:
                continue
            self.morning(day)
            self.shift(day)
        # Promises made on the last days fall due after the run: settle them (and only them) a week later.
        end = (START + dt.timedelta(days=self.days)).astimezone(dt.UTC)
        self.pending_payments = [p for p in self.pending_payments if p[3] == "promise" or p[0] < end]
        self.morning((START + dt.timedelta(days=self.days + 7)).date(), settle_only=True)
        self.tally.seconds = time.perf_counter() - started

    def shift(self, day: dt.date) -> None:
        begin = dt.datetime.combine(day, SHIFT[0], tzinfo=WIB).astimezone(dt.UTC)
        end = dt.datetime.combine(day, SHIFT[1], tzinfo=WIB).astimezone(dt.UTC)
        lunch = tuple(dt.datetime.combine(day, t, tzinfo=WIB).astimezone(dt.UTC) for t in LUNCH)
        events: list[tuple[dt.datetime, int, str, Any]] = [(begin, agent, "free", None) for agent in self.agents]
        heapq.heapify(events)
        while events:
            at, agent, kind, payload = heapq.heappop(events)
            if lunch[0] <= at < lunch[1] and kind == "free":
                heapq.heappush(events, (lunch[1], agent, "free", None))
                continue
            self.clock.set(at)
            if kind == "free":
                if at >= end:
                    continue
                picked = self.pick(agent, at)
                if picked is None:
                    self.tally.idle += IDLE_STEP
                    heapq.heappush(events, (at + IDLE_STEP, agent, "free", None))
                    continue
                hang_up, payload = self.dial(agent, picked, at)
                heapq.heappush(events, (hang_up, agent, "hang_up", payload))
            else:
                self.wrap_up(agent, payload)
                heapq.heappush(events, (self.clock.now() + WRAP, agent, "free", None))

    # Choosing and dialing --------------------------------------------------------------------------------------
    def pick(self, agent: int, at: dt.datetime) -> tuple[int, int, int] | None:
        """(customer, number, interaction) of the next lawful call, the attempt already recorded."""
        if self.strategy == "queue":
            lease = next_for(self.database, self.clock, agent, settings=self.settings)
            if lease is None or lease.number_id is None:
                return None
            check = check_before_dial(
                self.database, self.clock, agent, lease.customer_id, lease.number_id, settings=self.settings
            )
            if not check.allowed or check.interaction_id is None:
                self.tally.refused_by_rules += 1
                release_lease(self.database, self.clock, agent, lease.customer_id)
                return None
            return lease.customer_id, lease.number_id, check.interaction_id
        mine = [c for c in self.delinquent if self.world.people.get(c) is not None and self.owner(c) == agent]
        if self.strategy == "least_called":
            mine.sort(key=lambda c: (self.attempts[c], c))
        else:
            mine.sort(key=lambda c: (-self.delinquent[c], c))
        for customer_id in mine:
            if self.blocked_until.get(customer_id, at) > at:
                continue
            last = self.last_attempt.get(customer_id)
            if last is not None and at - last < MIN_RETRY:
                continue
            number = self.world.written.numbers[self.world.by_customer[customer_id]]
            check = check_before_dial(self.database, self.clock, agent, customer_id, number, settings=self.settings)
            if check.allowed and check.interaction_id is not None:
                return customer_id, number, check.interaction_id
            self.tally.refused_by_rules += 1
            self.blocked_until[customer_id] = check.next_allowed_at or at + dt.timedelta(days=1)
        return None

    def owner(self, customer_id: int) -> int:
        key = self.world.by_customer[customer_id]
        return self.agents[key % len(self.agents)]

    def dial(self, agent: int, picked: tuple[int, int, int], at: dt.datetime) -> tuple[dt.datetime, Any]:
        customer_id, number_id, interaction_id = picked
        person = self.world.people[customer_id]
        attempt = self.attempts[customer_id]
        self.attempts[customer_id] += 1
        self.last_attempt[customer_id] = at
        self.tally.attempts += 1
        u_answer, u_promise, u_keep, u_talk = self.world.draws(customer_id, attempt)
        local_hour = at.astimezone(ZoneInfo(person.zone)).hour
        week = (
            sum(1 for moment in self.calls[customer_id] if at - moment < dt.timedelta(days=7))
            - self.calls_today[customer_id]
        )
        answered = u_answer < person.answer_chance(local_hour, self.calls_today[customer_id], max(0, week))
        self.calls_today[customer_id] += 1
        self.calls[customer_id].append(at)
        if not answered:
            return at + RING, (customer_id, number_id, interaction_id, agent, None, u_promise, u_keep, at)
        talk = dt.timedelta(seconds=TALK[0] + (TALK[1] - TALK[0]) * u_talk)
        return at + RING / 3 + talk, (
            customer_id,
            number_id,
            interaction_id,
            agent,
            at + RING / 3,
            u_promise,
            u_keep,
            at,
        )

    def wrap_up(self, agent: int, payload: Any) -> None:
        customer_id, number_id, interaction_id, _agent, answered_at, u_promise, u_keep, _dialed = payload
        now = self.clock.now()
        record_call_result(
            self.database, interaction_id, sip_code=200 if answered_at else 480, answered_at=answered_at, ended_at=now
        )
        person = self.world.people[customer_id]
        draft = OutcomeDraft(str(uuid.uuid4()), customer_id, agent, "no_answer", interaction_id, number_id)
        if answered_at is not None:
            self.tally.answered += 1
            # The simulated debtor is the one who answers: the agent confirms the right party, as the script's gate
            # asks before a promise can be saved.
            draft = dataclasses.replace(draft, disposition_code="refused", right_party_confirmed=True)
            arrears = self.arrears(customer_id)
            local_day = now.astimezone(ZoneInfo(person.zone)).date()
            refusals = sum(1 for moment in self.refusals[customer_id] if now - moment < dt.timedelta(days=7))
            if self.promised_until.get(customer_id, local_day) > local_day:
                # "I already promised": nothing new comes of the call, and being chased for a promise already
                # made puts some people off keeping it.
                if u_keep < person.annoyance / 2:
                    self.pending_payments = [
                        p for p in self.pending_payments if not (p[1] == customer_id and p[3] == "promise")
                    ]
            elif arrears > 0 and u_promise < person.promise_chance(refusals):
                due = (now.astimezone(ZoneInfo(person.zone)) + dt.timedelta(days=2)).date()
                amount = Decimal(int(min(arrears, person.capacity)))
                draft = dataclasses.replace(draft, disposition_code="promise_to_pay", promise=PromiseDraft(amount, due))
                self.tally.promises += 1
                self.tally.promised += amount
                self.promised_until[customer_id] = due + dt.timedelta(days=1)
                calls_week = sum(1 for moment in self.calls[customer_id] if now - moment < dt.timedelta(days=7))
                if u_keep < person.keep_chance(calls_week - 1):
                    paid_at = dt.datetime.combine(due, dt.time(11), tzinfo=ZoneInfo(person.zone)).astimezone(dt.UTC)
                    self.pending_payments.append((paid_at, customer_id, amount, "promise"))
            elif u_promise < 0.3 + person.promise_propensity * 0.3:
                start, _end = person.answer_band
                local = (now.astimezone(ZoneInfo(person.zone)) + dt.timedelta(days=1)).replace(hour=start, minute=15)
                if local.weekday() == 6:
                    local += dt.timedelta(days=1)
                draft = dataclasses.replace(draft, disposition_code="callback_requested", callback_at=local)
            else:
                self.refusals[customer_id].append(now)
        try:
            save_outcome(self.database, self.clock, draft, settings=self.settings)
        except OutcomeError:
            self.tally.downgraded += 1
            save_outcome(
                self.database,
                self.clock,
                dataclasses.replace(draft, disposition_code="refused", promise=None, callback_at=None),
                settings=self.settings,
            )

    def arrears(self, customer_id: int) -> Decimal:
        with self.database.session() as session:
            value = session.scalar(select(func.sum(Account.arrears)).where(Account.customer_id == customer_id))
        return Decimal(value or 0)

    # After the run ---------------------------------------------------------------------------------------------
    def money(self, since: dt.datetime) -> tuple[Decimal, Decimal]:
        """Collected from promises made in the simulation, and in total, posted since ``since``."""
        with self.database.session() as session:
            rows = session.execute(
                select(Payment.amount, Payment.reference).where(
                    Payment.posted_at >= since, Payment.source == "sim bank file"
                )
            ).all()
        promised = sum((row.amount for row in rows if row.reference.startswith("promise")), Decimal(0))
        return promised, sum((row.amount for row in rows), Decimal(0))

    def violations(self) -> int:
        """Every attempt replayed against the independent statement of the rules."""
        policy = self.settings.policy
        with self.database.session() as session:
            calls = session.execute(
                select(Interaction.customer_id, Interaction.contact_point_id, Interaction.started_at).order_by(
                    Interaction.started_at
                )
            ).all()
        history: dict[int, list[Attempt]] = defaultdict(list)
        bad = 0
        start = START.replace(hour=6).astimezone(dt.UTC)
        for row in calls:
            if row.started_at >= start:
                person = self.world.people[row.customer_id]
                party = PartyFacts(row.customer_id, person.zone)
                number = NumberFacts(row.contact_point_id)
                debts = [DebtFacts(0, "loan")]
                lawful = oracle.allowed(
                    party,
                    number,
                    debts,
                    row.started_at,
                    ContactHistory(tuple(history[row.customer_id])),
                    policy,
                    Purpose.COLLECT,
                )
                bad += not lawful
            history[row.customer_id].append(Attempt(row.started_at, row.contact_point_id))
        return bad


def report(name: str, run: Run, agents: int, hours: float) -> dict[str, Any]:
    since = START.replace(hour=0).astimezone(dt.UTC)
    promised, total = run.money(since)
    agent_hours = agents * hours
    t = run.tally
    return {
        "strategy": name,
        "per_agent_hour": float(promised) / agent_hours,
        "total_per_agent_hour": float(total) / agent_hours,
        "attempts": t.attempts,
        "rpc": t.answered,
        "promises": t.promises,
        "promised_per_promise": float(t.promised) / max(t.promises, 1),
        "idle_share": t.idle.total_seconds() / 3600 / agent_hours,
        "violations": run.violations(),
        "downgraded": t.downgraded,
        "seconds": t.seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=4)
    parser.add_argument("--days", type=int, default=6, help="calendar days from Monday (Sundays are off)")
    parser.add_argument("--per-agent", type=int, nargs="+", default=[125, 250])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--strategies", nargs="+", default=list(STRATEGIES), choices=STRATEGIES)
    parser.add_argument(
        "--setting", action="append", default=[], metavar="TABLE.KEY=JSON", help="a strategy setting to try"
    )
    args = parser.parse_args()
    overrides: dict[str, dict[str, Any]] = defaultdict(dict)
    for item in args.setting:
        name, value = item.split("=", 1)
        table, key = name.split(".", 1)
        overrides[table][key] = json.loads(value)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="shift-sim-"))
    workdir.mkdir(parents=True, exist_ok=True)
    working_days = sum(1 for d in range(args.days) if (START + dt.timedelta(days=d)).weekday() != 6)
    hours = working_days * 8.0
    today = dt.datetime.now(dt.UTC).date().isoformat()
    print(f"shift_sim {today}: {args.agents} agents, {args.days} days ({working_days} working), seed {args.seed}")
    for per_agent in args.per_agent:
        size = per_agent * args.agents
        started = time.perf_counter()
        template, world = build_book(workdir, size, args.agents, args.seed, overrides)
        print(
            f"\n{per_agent} customers per agent ({size} customers): book built in {time.perf_counter() - started:.0f} s"
        )
        results = {}
        for strategy in args.strategies:
            run = Run(strategy, template, workdir, world, args.days)
            run.run()
            results[strategy] = report(strategy, run, args.agents, hours)
            run.database.dispose()
            r = results[strategy]
            print(
                f"  {strategy:<13} collected/agent-hour Rp {r['per_agent_hour']:>11,.0f}"
                f" (total Rp {r['total_per_agent_hour']:>11,.0f})"
                f"  attempts {r['attempts']:>5}  RPC {r['rpc']:>4}  promises {r['promises']:>4}"
                f" (Rp {r['promised_per_promise']:>10,.0f} each)"
                f"  idle {100 * r['idle_share']:4.1f} %  violations {r['violations']}"
                f"  outcomes refused {r['downgraded']}  ({r['seconds']:.0f} s)"
            )
        if "queue" in results:
            for other in ("least_called", "oldest_first"):
                if other in results and results[other]["per_agent_hour"]:
                    ratio = results["queue"]["per_agent_hour"] / results[other]["per_agent_hour"]
                    print(f"  queue / {other}: {ratio:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
