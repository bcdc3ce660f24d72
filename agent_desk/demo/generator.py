"""Write a deterministic demo portfolio, streamed in chunks so memory stays flat at a million accounts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from agent_desk.demo.accounts import AccountRows, choose_bucket, make_account, refresh_delinquency
from agent_desk.demo.history import make_history
from agent_desk.demo.people import make_customer
from agent_desk.demo.pools import load_pools
from agent_desk.dispositions import sync_catalog
from db.engine import Database
from db.models import (
    Account,
    Base,
    Consent,
    ContactPoint,
    Customer,
    CustomerFlag,
    Installment,
    Interaction,
    Outcome,
    Payment,
    PaymentInstruction,
    Promise,
    Role,
    Team,
    User,
)
from db.sequences import reset_sequences

Progress = Callable[[int, int], None]
BUCKET_ORDER = ("current", "pre_due", "dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_90_plus")
REFERENCE_ZONE = "Asia/Jakarta"
CHUNK_CUSTOMERS = 2_000

# Teams and the time zones whose customers they serve.
TEAMS = (
    ("Jakarta A", ("Asia/Jakarta", "Asia/Pontianak", None)),
    ("Jakarta B", ("Asia/Jakarta", "Asia/Pontianak")),
    ("Makassar", ("Asia/Makassar", "Asia/Jayapura")),
)
STAFF = (
    ("admin", "Admin Sistem", Role.ADMIN, None),
    ("rina.spv", "Rina Kartika", Role.SUPERVISOR, "Jakarta A"),
    ("yohanes.spv", "Yohanes Pattiasina", Role.SUPERVISOR, "Makassar"),
    ("budi.trainer", "Budi Santoso", Role.TRAINER, None),
)
AGENT_NAMES = (
    "Dewi Lestari",
    "Andi Saputra",
    "Sari Wulandari",
    "Fajar Nugroho",
    "Maya Putri",
    "Reza Pratama",
    "Indah Permata",
    "Gilang Ramadhan",
    "Nur Aisyah",
    "Wayan Sudarsana",
    "Citra Anggraini",
    "Hendra Wijaya",
)


class DemoDataExistsError(RuntimeError):
    """The database already holds customers; demo data is only written into an empty one (or with replace)."""


@dataclasses.dataclass(frozen=True)
class DemoSummary:
    customers: int
    accounts: int
    rows: int
    seconds: float
    bucket_counts: dict[str, int]


def generate_portfolio(
    database: Database,
    *,
    accounts: int,
    seed: int,
    now: dt.datetime,
    progress: Progress | None = None,
    replace: bool = False,
    chunk_customers: int = CHUNK_CUSTOMERS,
) -> DemoSummary:
    """Write ``accounts`` demo accounts (on 1–3 per customer) with their history; the same seed, the same book."""
    if accounts < 1:
        raise ValueError("the demo portfolio needs at least one account")
    started = time.perf_counter()
    rng = random.Random(seed)
    pools = load_pools()
    today = now.astimezone(ZoneInfo(REFERENCE_ZONE)).date()
    with database.transaction(write=True) as session:
        _prepare(session, replace)
        sync_catalog(session)
        teams, agents_by_team = _staff(session, rng, accounts, now)
    ids = dict.fromkeys(
        (
            "customer",
            "account",
            "contact_point",
            "flag",
            "consent",
            "installment",
            "payment",
            "instruction",
            "interaction",
            "outcome",
            "promise",
        ),
        1,
    )
    counts = dict.fromkeys(BUCKET_ORDER, 0)
    written_accounts = rows_written = customers = 0
    while written_accounts < accounts:
        chunk: dict[type[Base], list[dict[str, Any]]] = {model: [] for model in _INSERT_ORDER}
        for _ in range(chunk_customers):
            if written_accounts >= accounts:
                break
            wanted = min(rng.choices((1, 2, 3), weights=(60, 30, 10))[0], accounts - written_accounts)
            _customer(rng, pools, chunk, ids, wanted, teams, agents_by_team, today, now, counts)
            written_accounts += wanted
            customers += 1
        with database.transaction(write=True) as session:
            for model in _INSERT_ORDER:
                if chunk[model]:
                    session.execute(insert(cast(Table, model.__table__)), chunk[model])
                    rows_written += len(chunk[model])
        if progress is not None:
            progress(written_accounts, accounts)
    with database.transaction(write=True) as session:
        reset_sequences(session)  # the rows above carry their own ids: PostgreSQL's sequences must follow
    return DemoSummary(customers, written_accounts, rows_written, time.perf_counter() - started, counts)


_INSERT_ORDER: tuple[type[Base], ...] = (
    Customer,
    ContactPoint,
    CustomerFlag,
    Consent,
    Account,
    PaymentInstruction,
    Installment,
    Payment,
    Interaction,
    Outcome,
    Promise,
)
_ROW_KEYS = {Interaction: "interactions", Outcome: "outcomes", Promise: "promises", Payment: "payments"}


def has_customers(database: Database) -> bool:
    with database.session() as session:
        return session.scalar(select(Customer.id).limit(1)) is not None


def _prepare(session: Session, replace: bool) -> None:
    existing = session.scalar(select(func.count()).select_from(Customer)) or 0
    if existing and not replace:
        raise DemoDataExistsError(
            f"the database already holds {existing} customers; demo data goes only into an empty database "
            "(use --replace to delete everything in it first)"
        )
    if replace:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


def _staff(
    session: Session, rng: random.Random, accounts: int, now: dt.datetime
) -> tuple[dict[str, int], dict[int, list[int]]]:
    teams = {}
    for name, _ in TEAMS:
        team = Team(name=name)
        session.add(team)
        session.flush()
        teams[name] = team.id
    for login, display, role, team_name in STAFF:
        session.add(
            User(
                login=login,
                display_name=display,
                role=role,
                team_id=teams.get(team_name or ""),
                language="id",
                created_at=now,
            )
        )
    agent_count = max(6, min(60, accounts // 400))
    agents_by_team: dict[int, list[int]] = {team_id: [] for team_id in teams.values()}
    team_ids = list(teams.values())
    for index in range(agent_count):
        name = AGENT_NAMES[index % len(AGENT_NAMES)]
        if index >= len(AGENT_NAMES):
            name = f"{name} {index // len(AGENT_NAMES) + 1}"
        team_id = team_ids[index % len(team_ids)]
        user = User(
            login=f"agent{index + 1:02d}",
            display_name=name,
            role=Role.AGENT,
            team_id=team_id,
            language="id",
            created_at=now,
        )
        session.add(user)
        session.flush()
        agents_by_team[team_id].append(user.id)
    del rng  # staff is fixed; the generator's random stream starts with the customers
    return teams, agents_by_team


def _customer(
    rng: random.Random,
    pools: Any,
    chunk: dict[type[Base], list[dict[str, Any]]],
    ids: dict[str, int],
    wanted: int,
    teams: dict[str, int],
    agents_by_team: dict[int, list[int]],
    today: dt.date,
    now: dt.datetime,
    counts: dict[str, int],
) -> None:
    customer_id = ids["customer"]
    ids["customer"] += 1
    person = make_customer(rng, pools, customer_id=customer_id, today=today, now=now, ids=ids)
    candidates = [teams[name] for name, zones in TEAMS if person.zone in zones]
    team_id = candidates[customer_id % len(candidates)]
    person.customer["assigned_team_id"] = team_id
    team_agents = agents_by_team[team_id]
    if team_agents and rng.random() < 0.3:
        person.customer["assigned_user_id"] = team_agents[customer_id % len(team_agents)]
    shared_bucket = choose_bucket(rng)
    accounts: list[AccountRows] = []
    for _ in range(wanted):
        bucket = shared_bucket if rng.random() < 0.7 else choose_bucket(rng)
        accounts.append(
            make_account(
                rng,
                pools,
                account_id=ids["account"],
                customer_id=customer_id,
                bucket=bucket,
                today=today,
                now=now,
                ids=ids,
            )
        )
        ids["account"] += 1
    worst = max((a.account["bucket"] for a in accounts), key=BUCKET_ORDER.index)
    history = make_history(rng, person, accounts, worst, agent_ids=team_agents, today=today, now=now, ids=ids)
    for rows in accounts:
        refresh_delinquency(rows, today)
        counts[rows.account["bucket"]] += 1
    chunk[Customer].append(person.customer)
    chunk[ContactPoint].extend(person.contact_points)
    chunk[CustomerFlag].extend(person.flags)
    chunk[Consent].extend(person.consents)
    for rows in accounts:
        chunk[Account].append(rows.account)
        chunk[PaymentInstruction].extend(rows.instructions)
        chunk[Installment].extend(rows.installments)
        chunk[Payment].extend(rows.payments)
    for model, key in _ROW_KEYS.items():
        chunk[model].extend(history[key])
