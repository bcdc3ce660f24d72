"""Small portfolios built directly with the models, for the worklist tests."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from agent_desk.clock import FrozenClock
from agent_desk.worklist.settings import forget_settings, seed_strategy, store_setting
from db import migrate
from db.engine import Database, open_database
from db.models import (
    Account,
    AccountStatus,
    Channel,
    Consent,
    ConsentKind,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerFlag,
    Direction,
    FlagKind,
    Installment,
    Interaction,
    Outcome,
    Payment,
    PaymentKind,
    Product,
    Promise,
    PromiseStatus,
    Role,
    Team,
    User,
)

# Tuesday 24 November 2026, 10:00 WIB = 11:00 WITA = 12:00 WIT.
NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)
WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
_counter = itertools.count(1)


def migrated_template(folder: Path) -> Path:
    """An empty, migrated SQLite file (copied per test: migrating each time would be slow)."""
    path = folder / "template.sqlite3"
    if not path.exists():
        database = open_database(f"sqlite:///{path}")
        migrate.upgrade(database)
        database.dispose()
    return path


def fresh_sqlite(template: Path, folder: Path) -> Database:
    path = folder / f"db-{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copy(template, path)
    return open_database(f"sqlite:///{path}")


def prepare(database: Database, now: dt.datetime = NOW, **settings: dict[str, Any]) -> FrozenClock:
    """Seed strategy and dispositions; ``settings`` overrides whole setting rows (e.g. policy={...})."""
    clock = FrozenClock(now)
    forget_settings(database)
    with database.transaction(write=True) as session:
        seed_strategy(session, clock)
        for key, value in settings.items():
            store_setting(session, clock, key, value)
    return clock


def team(session: Session, name: str | None = None) -> Team:
    row = Team(name=name or f"Team {next(_counter)}")
    session.add(row)
    session.flush()
    return row


def agent(session: Session, login: str | None = None, team_row: Team | None = None) -> User:
    number = next(_counter)
    row = User(
        login=login or f"agent{number}",
        display_name=f"Agent {number}",
        role=Role.AGENT,
        team_id=team_row.id if team_row else None,
        created_at=NOW,
    )
    session.add(row)
    session.flush()
    return row


def customer(
    session: Session,
    *,
    zone: str | None = WIB,
    province: str | None = None,
    user: User | None = None,
    team_row: Team | None = None,
    name: str | None = None,
) -> Customer:
    number = next(_counter)
    row = Customer(
        customer_number=f"CIF{number:06d}",
        full_name=name or f"Customer {number}",
        timezone=zone,
        province=province,
        assigned_user_id=user.id if user else None,
        assigned_team_id=team_row.id if team_row else None,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(row)
    session.flush()
    return row


def number(
    session: Session,
    owner_row: Customer,
    *,
    owner: ContactOwner = ContactOwner.SELF,
    primary: bool = False,
    dialable: bool = True,
    zone: str | None = None,
    kind: ContactKind = ContactKind.MOBILE,
) -> ContactPoint:
    digits = f"8{next(_counter):09d}"
    row = ContactPoint(
        customer_id=owner_row.id,
        kind=kind,
        owner=owner,
        raw_value="0" + digits,
        e164="+62" + digits,
        dialable=dialable,
        is_primary=primary,
        timezone_override=zone,
        created_at=NOW,
        preferred_hours=[],
    )
    session.add(row)
    session.flush()
    return row


def account(
    session: Session,
    owner_row: Customer,
    *,
    dpd: int = 20,
    arrears: str = "1500000",
    outstanding: str = "9000000",
    status: AccountStatus = AccountStatus.DELINQUENT,
    next_due: dt.date | None = None,
    currency: str = "IDR",
    installments: list[tuple[dt.date, str]] | None = None,
) -> Account:
    row = Account(
        customer_id=owner_row.id,
        account_number=f"AC{next(_counter):08d}",
        product=Product.PERSONAL_LOAN,
        currency=currency,
        outstanding=Decimal(outstanding),
        arrears=Decimal(arrears),
        installment_amount=Decimal("500000"),
        days_past_due=dpd,
        bucket="dpd_1_30",
        next_due_date=next_due,
        status=status,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(row)
    session.flush()
    for seq, (due, amount) in enumerate(installments or [], start=1):
        session.add(Installment(account_id=row.id, seq=seq, due_date=due, amount_due=Decimal(amount)))
    session.flush()
    return row


def flag(session: Session, owner_row: Customer, kind: FlagKind, point: ContactPoint | None = None) -> CustomerFlag:
    row = CustomerFlag(
        customer_id=owner_row.id,
        contact_point_id=point.id if point else None,
        kind=kind,
        set_at=NOW - dt.timedelta(days=3),
    )
    session.add(row)
    session.flush()
    return row


def consent(
    session: Session,
    owner_row: Customer,
    granted: dt.datetime,
    *,
    expires: dt.datetime | None = None,
    revoked: dt.datetime | None = None,
    hours: tuple[str, str] | None = None,
) -> Consent:
    row = Consent(
        customer_id=owner_row.id,
        kind=ConsentKind.CONTACT_OUTSIDE_HOURS,
        granted_at=granted,
        how="call",
        expires_at=expires,
        revoked_at=revoked,
        detail={"hours": list(hours)} if hours else {},
    )
    session.add(row)
    session.flush()
    return row


def call(
    session: Session,
    owner_row: Customer,
    point: ContactPoint | None,
    at: dt.datetime,
    *,
    answered: bool = False,
    disposition: str | None = None,
    user: User | None = None,
) -> Interaction:
    row = Interaction(
        customer_id=owner_row.id,
        contact_point_id=point.id if point else None,
        user_id=user.id if user else None,
        channel=Channel.CALL,
        direction=Direction.OUTBOUND,
        started_at=at,
        answered_at=at + dt.timedelta(seconds=5) if answered else None,
    )
    session.add(row)
    session.flush()
    if disposition is not None:
        session.add(
            Outcome(
                draft_key=str(uuid.uuid4()),
                interaction_id=row.id,
                customer_id=owner_row.id,
                user_id=user.id if user else None,
                disposition_code=disposition,
                created_at=at + dt.timedelta(minutes=3),
            )
        )
        session.flush()
    return row


def promise(
    session: Session,
    owner_row: Customer,
    account_row: Account | None,
    amount: str,
    due: dt.date,
    *,
    created: dt.datetime = NOW,
    check_at: dt.datetime | None = None,
    status: PromiseStatus = PromiseStatus.PENDING,
) -> Promise:
    row = Promise(
        customer_id=owner_row.id,
        account_id=account_row.id if account_row else None,
        amount=Decimal(amount),
        due_date=due,
        status=status,
        created_at=created,
        check_at=check_at,
    )
    session.add(row)
    session.flush()
    return row


def payment(
    session: Session, account_row: Account, amount: str, paid_at: dt.datetime, reference: str | None = None
) -> Payment:
    row = Payment(
        account_id=account_row.id,
        kind=PaymentKind.PAYMENT,
        paid_at=paid_at,
        amount=Decimal(amount),
        reference=reference or f"REF{next(_counter)}",
        posted_at=paid_at,
    )
    session.add(row)
    session.flush()
    return row


Book = tuple[FrozenClock, dict[str, int]]


# Dispositions that record a call nobody answered (the others say a person answered).
UNANSWERED = frozenset({"no_answer", "busy", "voicemail", "number_invalid", "call_rejected", "network_failure"})


def call_id(
    database: Database,
    customer_id: int,
    number_id: int | None,
    user_id: int | None,
    *,
    at: dt.datetime = NOW,
    answered: bool = True,
) -> int:
    """A call of ``user_id`` to the customer (answered, unless told otherwise), for an outcome to belong to."""
    with database.transaction(write=True) as session:
        row = Interaction(
            customer_id=customer_id,
            contact_point_id=number_id,
            user_id=user_id,
            channel=Channel.CALL,
            direction=Direction.OUTBOUND,
            started_at=at,
            answered_at=at if answered else None,
            sip_call_id=f"test-{uuid.uuid4().hex}",
            sip_code=200 if answered else 480,
        )
        session.add(row)
        session.flush()
        return int(row.id)
