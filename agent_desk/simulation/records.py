"""Writing a simulated population into a database: customers, their accounts and numbers, and the history.

:func:`write_population` is the one place that creates customers here. It writes the rows itself today; when the
core-system sync service lands (the documented service that creates and updates customers, accounts and
numbers), the customer, account and number part moves to it and only the history stays here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import Connection, insert, select

from agent_desk.simulation.population import Debtor, History
from db.engine import Database
from db.models import (
    Account,
    AccountStatus,
    Channel,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    Direction,
    Installment,
    Interaction,
    Outcome,
    Payment,
    PaymentKind,
    Product,
    Promise,
    PromiseStatus,
)

BATCH = 500
STATUSES = {"kept": PromiseStatus.KEPT, "broken": PromiseStatus.BROKEN, "pending": PromiseStatus.PENDING}


@dataclasses.dataclass(frozen=True)
class Written:
    """Where each debtor went: customer, account and phone number ids by debtor key."""

    customers: dict[int, int]
    accounts: dict[int, int]
    numbers: dict[int, int]
    account_numbers: dict[int, str]


def customer_number(key: int) -> str:
    return f"SIM{key:07d}"


def write_population(
    database: Database,
    now: dt.datetime,
    people: Sequence[Debtor],
    histories: Sequence[History],
    *,
    assign_to: Sequence[int] = (),
    team_id: int | None = None,
) -> Written:
    """One customer per debtor, with one installment loan, one mobile number and the history; debtors are
    assigned round-robin to the users in ``assign_to`` (and to ``team_id``)."""
    written = Written({}, {}, {}, {})
    today = now.date()
    for start in range(0, len(people), BATCH):
        chunk = list(zip(people[start : start + BATCH], histories[start : start + BATCH], strict=True))
        with database.transaction(write=True) as session:
            connection = session.connection()
            connection.execute(
                insert(Customer),
                [
                    {
                        "customer_number": customer_number(person.key),
                        "full_name": f"Nasabah Simulasi {person.key}",
                        "language": "id",
                        "country": "ID",
                        "timezone": person.zone,
                        "assigned_user_id": assign_to[person.key % len(assign_to)] if assign_to else None,
                        "assigned_team_id": team_id,
                        "created_at": now - dt.timedelta(days=400),
                        "updated_at": now,
                    }
                    for person, _ in chunk
                ],
            )
            ids = dict(
                session.execute(
                    select(Customer.customer_number, Customer.id).where(
                        Customer.customer_number.in_([customer_number(p.key) for p, _ in chunk])
                    )
                ).all()
            )
            for person, _ in chunk:
                written.customers[person.key] = ids[customer_number(person.key)]
            _accounts(connection, chunk, written, now, today)
            _numbers(connection, chunk, written, now)
            _history(connection, chunk, written, now)
    return written


def _accounts(
    connection: Connection, chunk: list[tuple[Debtor, History]], written: Written, now: dt.datetime, today: dt.date
) -> None:
    rows = []
    for person, history in chunk:
        arrears = history.arrears(today)
        dpd = history.days_past_due(today)
        outstanding = person.bill * person.months_left + arrears
        future = [b.due for b in history.bills if b.due >= today]
        last_due = max((b.due for b in history.bills), default=today)
        next_due = future[0] if future else _next_month(last_due)
        number = f"SIMLN{person.key:07d}"
        written.account_numbers[person.key] = number
        rows.append(
            {
                "customer_id": written.customers[person.key],
                "account_number": number,
                "product": Product.PERSONAL_LOAN,
                "currency": "IDR",
                "principal": person.bill * 36,
                "outstanding": outstanding,
                "arrears": arrears,
                "installment_amount": person.bill,
                "days_past_due": dpd,
                "bucket": "current" if dpd == 0 else "dpd",
                "next_due_date": next_due,
                "opened_on": today - dt.timedelta(days=400),
                "status": AccountStatus.DELINQUENT if arrears > 0 else AccountStatus.CURRENT,
                "created_at": now - dt.timedelta(days=400),
                "updated_at": now,
            }
        )
    connection.execute(insert(Account), rows)
    ids = dict(
        connection.execute(
            select(Account.account_number, Account.id).where(
                Account.account_number.in_(list(written.account_numbers.values()))
            )
        ).all()
    )
    for person, _ in chunk:
        written.accounts[person.key] = ids[written.account_numbers[person.key]]


def _next_month(day: dt.date) -> dt.date:
    month = day.month % 12 + 1
    return day.replace(year=day.year + (day.month == 12), month=month)


def _numbers(connection: Connection, chunk: list[tuple[Debtor, History]], written: Written, now: dt.datetime) -> None:
    rows = []
    for person, _ in chunk:
        digits = f"81{person.key:08d}"
        rows.append(
            {
                "customer_id": written.customers[person.key],
                "kind": ContactKind.MOBILE,
                "owner": ContactOwner.SELF,
                "raw_value": "0" + digits,
                "e164": "+62" + digits,
                "dialable": True,
                "is_primary": True,
                "created_at": now - dt.timedelta(days=400),
                "preferred_hours": [],
            }
        )
    connection.execute(insert(ContactPoint), rows)
    customer_ids = [written.customers[p.key] for p, _ in chunk]
    by_customer = dict(
        connection.execute(
            select(ContactPoint.customer_id, ContactPoint.id).where(ContactPoint.customer_id.in_(customer_ids))
        ).all()
    )
    for person, _ in chunk:
        written.numbers[person.key] = by_customer[written.customers[person.key]]


def _history(connection: Connection, chunk: list[tuple[Debtor, History]], written: Written, now: dt.datetime) -> None:
    bills, payments, calls = [], [], []
    for person, history in chunk:
        account = written.accounts[person.key]
        for seq, bill in enumerate(history.bills, start=1):
            bills.append(
                {
                    "account_id": account,
                    "seq": seq,
                    "due_date": bill.due,
                    "amount_due": bill.amount,
                    "amount_paid": bill.paid,
                    "paid_on": bill.paid_on,
                }
            )
        for n, (at, amount) in enumerate(history.payments, start=1):
            payments.append(
                {
                    "account_id": account,
                    "kind": PaymentKind.PAYMENT,
                    "paid_at": at,
                    "amount": amount,
                    "reference": f"SIM-{person.key}-{n}",
                    "channel": "VA",
                    "posted_at": at,
                }
            )
        for call in history.calls:
            calls.append((person, call))
    if bills:
        connection.execute(insert(Installment), bills)
    if payments:
        connection.execute(insert(Payment), payments)
    if not calls:
        return
    connection.execute(
        insert(Interaction),
        [
            {
                "customer_id": written.customers[person.key],
                "contact_point_id": written.numbers[person.key],
                "channel": Channel.CALL,
                "direction": Direction.OUTBOUND,
                "started_at": call.at,
                "answered_at": call.at + dt.timedelta(seconds=12) if call.answered else None,
                "ended_at": call.at + dt.timedelta(seconds=200 if call.answered else 30),
            }
            for person, call in calls
        ],
    )
    customer_ids = sorted({written.customers[person.key] for person, _ in calls})
    interactions = {
        (row.customer_id, row.started_at): row.id
        for row in connection.execute(
            select(Interaction.id, Interaction.customer_id, Interaction.started_at).where(
                Interaction.customer_id.in_(customer_ids)
            )
        )
    }
    keys = [str(uuid.uuid4()) for _ in calls]
    connection.execute(
        insert(Outcome),
        [
            {
                "draft_key": key,
                "interaction_id": interactions[(written.customers[person.key], call.at)],
                "customer_id": written.customers[person.key],
                "disposition_code": call.disposition,
                "objections": [],
                "created_at": call.at + dt.timedelta(minutes=4),
            }
            for key, (person, call) in zip(keys, calls, strict=True)
        ],
    )
    outcomes = dict(connection.execute(select(Outcome.draft_key, Outcome.id).where(Outcome.draft_key.in_(keys))).all())
    promises = []
    for key, (person, call) in zip(keys, calls, strict=True):
        if call.promise is None:
            continue
        amount, due, status = call.promise
        checked = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(2), tzinfo=dt.UTC)
        promises.append(
            {
                "customer_id": written.customers[person.key],
                "account_id": written.accounts[person.key],
                "outcome_id": outcomes[key],
                "amount": amount,
                "currency": "IDR",
                "due_date": due,
                "status": STATUSES[status],
                "amount_paid": amount if status == "kept" else Decimal(0),
                "check_at": checked,
                "judged_at": checked if STATUSES[status] is not PromiseStatus.PENDING else None,
                "created_at": call.at + dt.timedelta(minutes=4),
            }
        )
    if promises:
        connection.execute(insert(Promise), promises)
