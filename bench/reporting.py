"""Supervisor reporting speed: a 30-day dashboard for 50 agents over demo books of 10k and 1M accounts.

Each book is the demo portfolio (``generate_portfolio(seed=1)``, its own history in the month before
2026-10-01) plus 30 days of work of 50 bench agents, 26 Nov 2026 back to 26 Oct: about 120 attempts per agent per
working day with outcomes, promises (judged once due), agent states, a few compliance refusals, language flags and
plan decisions — the same volume on both books, so what grows is only the book the aggregates must skip.

Printed per size: each KPI aggregate (the one query per fact table that ``compute_kpis`` runs) for the groupings
the dashboard uses, the drill-down list, and the whole dashboard (tiles, trend, per agent, funnel, per hour) —
medians over the rounds, sizes taking turns so the machine's noise weighs on both alike.

    python bench/reporting.py --sizes 10000,1000000 --workdir /tmp/bench-reporting --rounds 5
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, update

from agent_desk.compliance.policy import load_policy
from agent_desk.demo import generate_portfolio
from agent_desk.reporting import Filters, Grouping, Period, Scope, Segment, compute_kpis
from agent_desk.reporting import kpis as kpi_module
from agent_desk.reporting.kpis import INTERACTIONS
from agent_desk.reporting.movements import movements
from agent_desk.review import OutcomeQuery, list_outcomes
from db import migrate
from db.engine import Database, open_database
from db.models import (
    Account,
    AgentState,
    AgentStateEvent,
    AuditEvent,
    Customer,
    Installment,
    Interaction,
    LanguageFlag,
    Outcome,
    Payment,
    PaymentKind,
    PaymentPlan,
    PlanKind,
    PlanStatus,
    Promise,
    PromiseStatus,
    Role,
    Team,
    User,
)

BOOK_NOW = dt.datetime(2026, 10, 1, 2, 0, tzinfo=dt.UTC)
ZONE = ZoneInfo("Asia/Jakarta")
LAST_DAY = dt.date(2026, 11, 24)
DAYS = 30
AGENTS = 50
ATTEMPTS_PER_DAY = 120
RESULTS = (  # disposition, weight, answered
    ("no_answer", 40, False),
    ("busy", 9, False),
    ("voicemail", 5, True),
    ("call_rejected", 5, False),
    ("promise_to_pay", 14, True),
    ("callback_requested", 8, True),
    ("refused", 5, True),
    ("third_party", 7, True),
    ("claims_paid", 3, True),
    ("hardship", 2, True),
    ("wrong_number", 2, True),
)


def book(workdir: Path, accounts: int) -> Database:
    path = workdir / f"book-{accounts}.sqlite3"
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    with database.session() as session:
        empty = session.scalar(select(Customer.id).limit(1)) is None
    if empty:
        started = time.perf_counter()
        generate_portfolio(database, accounts=accounts, seed=1, now=BOOK_NOW)
        print(f"  book of {accounts:,} accounts written in {time.perf_counter() - started:.0f} s", flush=True)
    add_activity(database)
    add_payments(database)
    return database


def add_activity(database: Database) -> None:  # noqa: PLR0912, PLR0915 - one loop writes every kind of row
    """30 days of work of the bench agents (once per book)."""
    with database.session() as session:
        if session.scalar(select(Team.id).where(Team.name == "Bench")) is not None:
            return
        last_customer = int(session.scalar(select(func.max(Customer.id))) or 0)
        first_ids = {
            model: int(session.scalar(select(func.max(model.id))) or 0) + 1 for model in (Interaction, Outcome, Promise)
        }
    started = time.perf_counter()
    rng = random.Random(7)
    with database.transaction(write=True) as session:
        team = Team(name="Bench")
        session.add(team)
        session.flush()
        supervisor = User(login="bench.spv", display_name="Bench supervisor", role=Role.SUPERVISOR,
                          team_id=team.id, created_at=BOOK_NOW)  # fmt: skip
        session.add(supervisor)
        agents = []
        for n in range(AGENTS):
            agent = User(login=f"bench{n + 1:02d}", display_name=f"Bench agent {n + 1}", role=Role.AGENT,
                         team_id=team.id, created_at=BOOK_NOW)  # fmt: skip
            session.add(agent)
            agents.append(agent)
        session.flush()
        agent_ids = [agent.id for agent in agents]
        supervisor_id = supervisor.id
    ids = dict(first_ids)
    weights = [r[1] for r in RESULTS]
    first_day = LAST_DAY - dt.timedelta(days=DAYS - 1)
    rows_written = 0
    for offset in range(DAYS):
        day = first_day + dt.timedelta(days=offset)
        if day.weekday() == 6:
            continue
        rows: dict[Any, list[dict[str, Any]]] = {m: [] for m in (Interaction, Outcome, Promise, AgentStateEvent,
                                                                   AuditEvent, LanguageFlag, PaymentPlan)}  # fmt: skip
        for agent in agent_ids:
            moment = dt.datetime.combine(day, dt.time(8, 0), tzinfo=ZONE).astimezone(dt.UTC)
            for _ in range(ATTEMPTS_PER_DAY):
                customer = rng.randint(1, last_customer)
                code, _, answered = rng.choices(RESULTS, weights=weights)[0]
                ring = rng.randint(5, 25)
                talk = rng.randint(40, 400) if answered else 0
                wrap = rng.randint(15, 90)
                interaction = ids[Interaction]
                ids[Interaction] += 1
                start = moment
                answered_at = start + dt.timedelta(seconds=ring) if answered else None
                end = start + dt.timedelta(seconds=ring + talk)
                saved = end + dt.timedelta(seconds=wrap)
                rows[Interaction].append({"id": interaction, "customer_id": customer, "user_id": agent,
                    "started_at": start, "answered_at": answered_at, "ended_at": end,
                    "talk_seconds": talk if answered else None, "sip_code": 200 if answered else 480})  # fmt: skip
                outcome = ids[Outcome]
                ids[Outcome] += 1
                rows[Outcome].append({"id": outcome, "draft_key": str(uuid.UUID(int=rng.getrandbits(128))),
                    "interaction_id": interaction, "customer_id": customer, "user_id": agent,
                    "disposition_code": code, "objections": [], "created_at": saved,
                    "script_variant": rng.choice(("early", "middle", "late"))})  # fmt: skip
                rows[AgentStateEvent].extend([
                    {"user_id": agent, "state": AgentState.ON_CALL, "started_at": start, "ended_at": end},
                    {"user_id": agent, "state": AgentState.WRAP_UP, "started_at": end, "ended_at": saved},
                ])  # fmt: skip
                if code == "promise_to_pay":
                    due = day + dt.timedelta(days=rng.randint(1, 10))
                    amount = Decimal(rng.randint(10, 300) * 10_000)
                    status, paid = PromiseStatus.PENDING, Decimal("0.00")
                    if due < LAST_DAY:
                        roll = rng.random()
                        status = (PromiseStatus.KEPT if roll < 0.5 else PromiseStatus.BROKEN if roll < 0.85
                                  else PromiseStatus.PARTIALLY_KEPT)  # fmt: skip
                        paid = amount if status is PromiseStatus.KEPT else (
                            (amount / 2).quantize(Decimal("0.01")) if status is PromiseStatus.PARTIALLY_KEPT
                            else Decimal("0.00"))  # fmt: skip
                    rows[Promise].append({"customer_id": customer, "outcome_id": outcome, "amount": amount,
                        "due_date": due, "status": status, "amount_paid": paid, "created_by_user_id": agent,
                        "created_at": saved})  # fmt: skip
                if rng.random() < 0.01:
                    rows[AuditEvent].append({"at": start - dt.timedelta(seconds=3), "user_id": agent,
                        "action": "dial.refused", "entity": "customer", "entity_id": str(customer)})  # fmt: skip
                if answered and rng.random() < 0.003:
                    rows[LanguageFlag].append({"customer_id": customer, "outcome_id": outcome, "user_id": agent,
                        "field": "notes", "phrase": "x", "matched_text": "x", "category": "threat",
                        "language": "id", "created_at": saved})  # fmt: skip
                if code == "promise_to_pay" and rng.random() < 0.05:
                    rejected = rng.random() < 0.3
                    rows[PaymentPlan].append({"customer_id": customer, "outcome_id": outcome,
                        "kind": PlanKind.SETTLEMENT,
                        "status": PlanStatus.REJECTED if rejected else PlanStatus.ACTIVE,
                        "base_amount": Decimal("1000000.00"), "total": Decimal("800000.00"),
                        "requested_by_user_id": agent, "decided_by_user_id": supervisor_id,
                        "decided_at": saved + dt.timedelta(minutes=20), "created_at": saved})  # fmt: skip
                moment = saved + dt.timedelta(seconds=rng.randint(5, 40))
        with database.transaction(write=True) as session:
            for model, batch in rows.items():
                if batch:
                    session.execute(insert(model), batch)
                    rows_written += len(batch)
    print(f"  activity: {rows_written:,} rows for {AGENTS} agents in {time.perf_counter() - started:.0f} s", flush=True)


PAYERS_SHARE = 0.05  # of the accounts past due when the period starts, paying their oldest installment in it


def add_payments(database: Database) -> None:
    """Payments in the period (once per book): each kept or partly kept promise pays the oldest unpaid installment
    of the customer's account furthest past due on its due date, and 5 % of the accounts already past due when
    the period starts pay their oldest one on a day of the period — so cure and roll meet accounts whose
    schedule changed during the period, as a real month has them."""
    first_day = LAST_DAY - dt.timedelta(days=DAYS - 1)
    with database.session() as session:
        if session.scalar(select(Payment.id).where(Payment.source == "bench").limit(1)) is not None:
            return
        kept = (
            select(Promise.customer_id, func.min(Promise.due_date).label("due"))
            .join(User, User.id == Promise.created_by_user_id)
            .where(User.login.like("bench%"), Promise.status.in_((PromiseStatus.KEPT, PromiseStatus.PARTIALLY_KEPT)))
            .group_by(Promise.customer_id)
            .subquery()
        )
        leads: dict[int, tuple[int, dt.date]] = {}
        for customer_id, account_id, due in session.execute(  # oldest first: the first row per customer is the lead
            select(Account.customer_id, Account.id, kept.c.due)
            .join(kept, kept.c.customer_id == Account.customer_id)
            .where(Account.first_unpaid_due < first_day)
            .order_by(Account.customer_id, Account.first_unpaid_due, Account.id)
        ):
            leads.setdefault(customer_id, (account_id, due))
        paying = dict(leads.values())
        late = list(
            session.scalars(select(Account.id).where(Account.first_unpaid_due < first_day).order_by(Account.id))
        )
    rng = random.Random(11)
    for account_id in rng.sample(late, round(len(late) * PAYERS_SHARE)):
        paying.setdefault(account_id, first_day + dt.timedelta(days=rng.randrange(DAYS)))
    started = time.perf_counter()
    payments = []
    with database.transaction(write=True) as session:
        for account_id, day in sorted(paying.items()):
            oldest = session.execute(
                select(Installment.id, Installment.amount_due)
                .where(Installment.account_id == account_id, Installment.paid_on.is_(None))
                .order_by(Installment.due_date)
                .limit(1)
            ).first()
            if oldest is None:
                continue
            session.execute(
                update(Installment)
                .where(Installment.id == oldest.id)
                .values(amount_paid=oldest.amount_due, paid_on=day)
            )
            moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=ZONE).astimezone(dt.UTC)
            payments.append({"account_id": account_id, "kind": PaymentKind.PAYMENT, "paid_at": moment,
                             "amount": oldest.amount_due, "channel": "virtual_account",
                             "reference": f"bench-{oldest.id}", "source": "bench", "posted_at": moment})  # fmt: skip
        for start in range(0, len(payments), 5_000):
            session.execute(insert(Payment), payments[start : start + 5_000])
    print(f"  payments: {len(payments):,} installments paid in the period in {time.perf_counter() - started:.0f} s")


@dataclasses.dataclass
class Figures:
    """Wall and CPU seconds per query (CPU: this process's, which is SQLite's too — it moves far less than the
    wall time with the shared machine's load)."""

    queries: dict[str, list[tuple[float, float]]] = dataclasses.field(default_factory=dict)
    dashboard: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    filtered: list[tuple[float, float]] = dataclasses.field(default_factory=list)

    def add(self, name: str, seconds: tuple[float, float]) -> None:
        self.queries.setdefault(name, []).append(seconds)


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = (time.perf_counter() - self.wall, time.process_time() - self.cpu)


def scopes(database: Database) -> tuple[Scope, Filters]:
    with database.session() as session:
        team = session.scalar(select(Team.id).where(Team.name == "Bench"))
    policy = load_policy()
    period = Period(LAST_DAY - dt.timedelta(days=DAYS - 1), LAST_DAY, "Asia/Jakarta")
    now = dt.datetime.combine(LAST_DAY, dt.time(18, 0), tzinfo=ZONE).astimezone(dt.UTC)
    filters = Filters(team_id=team)
    return Scope(period, policy, filters, Grouping.TOTAL, now=now), filters


AGGREGATES = ("_interactions", "_outcomes", "_promises_made", "_promises_due", "_messages", "_states", "_audit",
              "_flags", "_plans", "_movements")  # fmt: skip


GROUPINGS = (  # (grouping, segment, name): the dashboard's, and report kpis --by segment
    (Grouping.TOTAL, Segment.BUCKET, "total"),
    (Grouping.AGENT, Segment.BUCKET, "agent"),
    (Grouping.DAY, Segment.BUCKET, "day"),
    (Grouping.HOUR, Segment.BUCKET, "hour"),
    (Grouping.SEGMENT, Segment.BUCKET, "bucket"),
    (Grouping.SEGMENT, Segment.PRODUCT, "product"),
    (Grouping.SEGMENT, Segment.ZONE, "zone"),
)
# Not computed for these groupings (compute_kpis leaves them out): agent time belongs to no hour or segment of
# the customers; an account's bucket moves over the month, not in an hour of the day.
NOT_FOR = {"_states": {"hour", "bucket", "product", "zone"}, "_movements": {"hour"}}


def measure(database: Database, figures: Figures) -> None:
    base, filters = scopes(database)
    with database.session() as session:
        for grouping, segment, label in GROUPINGS:
            scope = dataclasses.replace(base, grouping=grouping, segment=segment)
            for name in AGGREGATES:
                if label in NOT_FOR.get(name, set()):
                    continue
                with Stopwatch() as watch:
                    list(getattr(kpi_module, name)(session, scope))
                figures.add(f"{name[1:]} by {label}", watch.seconds)
            if label in ("total", "agent", "day"):  # cure and roll as before revision 0510: every schedule read
                with Stopwatch() as watch:
                    list(movements(session, scope, INTERACTIONS, kept_dates=False))
                figures.add(f"movements by {label}, schedules read", watch.seconds)
        with Stopwatch() as watch:
            list_outcomes(session, OutcomeQuery(base, limit=1000))
        figures.add("drill-down list (1,000 outcomes)", watch.seconds)
        with Stopwatch() as watch:
            dashboard(session, base)
        figures.dashboard.append(watch.seconds)
        with Stopwatch() as watch:  # the same with the segment filter set (every fact row's lead account read)
            dashboard(session, dataclasses.replace(base, filters=dataclasses.replace(filters, bucket="dpd_1_30")))
        figures.filtered.append(watch.seconds)


def dashboard(session: Any, base: Scope) -> None:
    """What the dashboard computes (ui/supervisor/dashboard.load_dashboard): today's tiles, the same weekday
    last week, the period's total and funnel, attempts per day, RPC per agent, collected per hour."""
    last = base.period.last
    today = Period(last, last, base.period.zone)
    week_ago = Period(last - dt.timedelta(days=7), last - dt.timedelta(days=7), base.period.zone)
    tiles = ("interactions", "outcomes", "promises_made", "promises_due")
    compute_kpis(session, dataclasses.replace(base, period=today), tiles)
    compute_kpis(session, dataclasses.replace(base, period=week_ago), tiles)
    compute_kpis(session, base, tiles)
    compute_kpis(session, dataclasses.replace(base, grouping=Grouping.DAY), tiles)
    compute_kpis(session, dataclasses.replace(base, grouping=Grouping.AGENT), tiles)
    compute_kpis(session, dataclasses.replace(base, grouping=Grouping.HOUR), ("promises_made",))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-reporting"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    books = {}
    for size in sizes:
        print(f"preparing {size:,} accounts", flush=True)
        books[size] = book(args.workdir, size)
        with books[size].session() as session:
            counts = {m.__tablename__: session.scalar(select(func.count()).select_from(m))
                      for m in (Account, Interaction, Outcome, Promise, AgentStateEvent)}  # fmt: skip
        print("  rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()), flush=True)
        measure(books[size], Figures())  # warm the page cache and the statement cache
    figures = {size: Figures() for size in sizes}
    load_before = os.getloadavg()
    for _ in range(args.rounds):
        for size in sizes:
            measure(books[size], figures[size])
    load_after = os.getloadavg()
    print(f"\nload average (1, 5, 15 min) before the rounds {load_before}, after {load_after}")
    print(f"{'query (median s: wall / CPU)':<40}" + "".join(f"{size:>20,}" for size in sizes) + "   wall ratio")

    def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)

    def cells(pairs: list[tuple[float, float]]) -> str:
        ratio = pairs[-1][0] / pairs[0][0] if pairs[0][0] else float("nan")
        return "".join(f"{wall:>12.3f} / {cpu:5.3f}" for wall, cpu in pairs) + f"   {ratio:5.2f}"

    for name in figures[sizes[0]].queries:
        print(f"{name:<40}" + cells([medians(figures[size].queries[name]) for size in sizes]))
    current = {name: v for name, v in figures[sizes[0]].queries.items() if not name.endswith("schedules read")}
    slowest = [max((medians(figures[size].queries[name]) for name in current), key=lambda m: m[0]) for size in sizes]
    print(f"{'slowest KPI query':<40}" + cells(slowest))
    print(f"{'dashboard (6 compute_kpis calls)':<40}" + cells([medians(figures[size].dashboard) for size in sizes]))
    print(f"{'dashboard, segment filter dpd_1_30':<40}" + cells([medians(figures[size].filtered) for size in sizes]))
    print("\ncure and roll, kept dates against every schedule read (wall, same run):")
    for label in ("total", "agent", "day"):
        ratios = [
            medians(figures[size].queries[f"movements by {label}"])[0]
            / medians(figures[size].queries[f"movements by {label}, schedules read"])[0]
            for size in sizes
        ]
        print(
            f"  by {label:<8}"
            + "".join(f"{size:>12,}: {ratio:5.2f}×" for size, ratio in zip(sizes, ratios, strict=True))
        )


if __name__ == "__main__":
    main()
