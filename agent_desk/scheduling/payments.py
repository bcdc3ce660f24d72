"""Posting payments and reversals from a bank or channel file, idempotently, then re-judging promises.

``agent-desk post-payments FILE.csv`` and :func:`post_payments` share this code. Columns: ``account_number,
paid_at, amount`` and optionally ``reference, channel``. A negative amount with the reference of a posted payment
reverses it. A row without a reference gets one derived from its content (``AUTO-…``), so posting the same file
twice posts nothing twice. Malformed rows are reported with their line number and posted never; the others post.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.text import Amount, Message
from db.engine import Database
from db.models import Account, AccountStatus, AuditEvent, Customer, Installment, Payment, PaymentKind

REQUIRED_COLUMNS = ("account_number", "paid_at", "amount")
OPTIONAL_COLUMNS = ("reference", "channel")
CENT = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class PaymentRow:
    """One row of a payment file; ``paid_at`` without an offset is read in the customer's zone."""

    line: int
    account_number: str
    paid_at: dt.datetime | dt.date
    amount: Decimal
    reference: str | None = None
    channel: str | None = None


@dataclasses.dataclass(frozen=True)
class RowError:
    line: int
    message: Message


@dataclasses.dataclass(frozen=True)
class PostingReport:
    posted: int
    reversed: int
    duplicates: int
    errors: tuple[RowError, ...]
    customer_ids: frozenset[int]

    @property
    def summary(self) -> Message:
        return Message.of(
            "payments.summary",
            posted=self.posted,
            reversed=self.reversed,
            duplicates=self.duplicates,
            errors=len(self.errors),
        )


def read_payments_csv(source: Path | str | io.TextIOBase) -> tuple[list[PaymentRow], list[RowError]]:
    """Parse a payment file. Returns the good rows and, per bad row, its line number and what is wrong."""
    if isinstance(source, (str, Path)):
        with Path(source).open(newline="", encoding="utf-8-sig") as handle:
            return _read(handle)
    return _read(source)


def _read(handle: Iterable[str]) -> tuple[list[PaymentRow], list[RowError]]:
    reader = csv.DictReader(handle)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        return [], [
            RowError(
                1,
                Message.of(
                    "payments.error.columns",
                    missing=", ".join(missing),
                    expected=", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
                ),
            )
        ]
    reader.fieldnames = header
    rows: list[PaymentRow] = []
    errors: list[RowError] = []
    for record in reader:
        line = reader.line_num
        if record.get(None):
            extra = len(record[None])
            errors.append(
                RowError(
                    line,
                    Message.of(
                        "payments.error.extra_values", line=line, found=len(header) + extra, expected=len(header)
                    ),
                )
            )
            continue
        values = {key: (value or "").strip() for key, value in record.items() if key}
        if not any(values.values()):
            continue
        problem, row = _parse_row(line, values)
        if problem is not None:
            errors.append(RowError(line, problem))
        elif row is not None:
            rows.append(row)
    return rows, errors


def _parse_row(line: int, values: dict[str, str]) -> tuple[Message | None, PaymentRow | None]:
    account = values.get("account_number", "")
    if not account:
        return Message.of("payments.error.no_account", line=line), None
    text = values.get("amount", "").replace(" ", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return Message.of("payments.error.amount", line=line, text=text), None
    if not amount.is_finite() or amount == 0 or amount != amount.quantize(CENT):
        return Message.of("payments.error.amount", line=line, text=text), None
    paid_text = values.get("paid_at", "")
    paid_at: dt.datetime | dt.date
    try:
        paid_at = (
            dt.datetime.fromisoformat(paid_text)
            if ("T" in paid_text or " " in paid_text)
            else dt.date.fromisoformat(paid_text)
        )
    except ValueError:
        return Message.of("payments.error.paid_at", line=line, text=paid_text), None
    reference = values.get("reference") or None
    if amount < 0 and reference is None:
        return Message.of("payments.error.reversal_reference", line=line), None
    return None, PaymentRow(line, account, paid_at, amount, reference, values.get("channel") or None)


def derived_reference(row: PaymentRow, occurrence: int) -> str:
    """A stable reference for a row that has none: same content, same place among equal rows → same reference."""
    text = f"{row.account_number}|{row.paid_at.isoformat()}|{row.amount}|{row.channel or ''}|{occurrence}"
    return "AUTO-" + hashlib.sha256(text.encode()).hexdigest()[:16].upper()


def post_payments(
    database: Database,
    clock: Clock,
    rows: Sequence[PaymentRow],
    *,
    source: str | None = None,
    after_posting: Callable[[Session, set[int]], None] | None = None,
    bucket_for: Callable[[int], str] | None = None,
    default_zone: str = "Asia/Jakarta",
) -> PostingReport:
    """Post ``rows`` in one transaction; rows that cannot post are reported, the others post.

    Args:
        after_posting: called inside the transaction with the affected customers (the worklist re-judges
            their promises and refreshes their entries there).
        bucket_for: days past due → bucket code, to keep ``Account.bucket`` in step.
        default_zone: how to read a time without an offset for a customer whose zone is unknown.
    """
    occurrences: Counter[tuple[str, str, Decimal, str]] = Counter()
    errors: list[RowError] = []
    posted = reversed_count = duplicates = 0
    customers: set[int] = set()
    with database.transaction(write=True) as session:
        now = clock.now()
        for row in rows:
            key = (row.account_number, row.paid_at.isoformat(), row.amount, row.channel or "")
            occurrences[key] += 1
            reference = row.reference or derived_reference(row, occurrences[key])
            account = session.scalars(select(Account).where(Account.account_number == row.account_number)).one_or_none()
            if account is None:
                errors.append(
                    RowError(
                        row.line,
                        Message.of("payments.error.unknown_account", line=row.line, account=row.account_number),
                    )
                )
                continue
            paid_at = _moment(session, account, row.paid_at, default_zone)
            if paid_at > now:
                errors.append(
                    RowError(
                        row.line,
                        Message.of("payments.error.future", line=row.line, text=row.paid_at.isoformat()),
                    )
                )
                continue
            if row.amount > 0:
                outcome = _post_payment(session, account, row, reference, paid_at, now, source)
                if bucket_for is not None and outcome == "payment":
                    account.bucket = bucket_for(account.days_past_due)
            else:
                outcome = _post_reversal(session, account, row, reference, paid_at, now, source)
                if bucket_for is not None and outcome == "reversal":
                    account.bucket = bucket_for(account.days_past_due)
            if isinstance(outcome, Message):
                errors.append(RowError(row.line, outcome))
            elif outcome == "duplicate":
                duplicates += 1
            else:
                posted += outcome == "payment"
                reversed_count += outcome == "reversal"
                customers.add(account.customer_id)
        if customers and after_posting is not None:
            session.flush()
            after_posting(session, customers)
    return PostingReport(posted, reversed_count, duplicates, tuple(errors), frozenset(customers))


def _moment(session: Session, account: Account, paid_at: dt.datetime | dt.date, default_zone: str) -> dt.datetime:
    if isinstance(paid_at, dt.datetime) and paid_at.tzinfo is not None:
        return paid_at.astimezone(dt.UTC)
    zone = session.scalar(select(Customer.timezone).where(Customer.id == account.customer_id)) or default_zone
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz = ZoneInfo(default_zone)
    if isinstance(paid_at, dt.datetime):
        return paid_at.replace(tzinfo=tz).astimezone(dt.UTC)
    # A date alone: the start of that local day (a bank file of today must not read as "in the future").
    return dt.datetime.combine(paid_at, dt.time(), tzinfo=tz).astimezone(dt.UTC)


def _post_payment(
    session: Session,
    account: Account,
    row: PaymentRow,
    reference: str,
    paid_at: dt.datetime,
    now: dt.datetime,
    source: str | None,
) -> str | Message:
    existing = session.scalar(
        select(Payment.id).where(
            Payment.account_id == account.id,
            Payment.reference == reference,
            Payment.kind == PaymentKind.PAYMENT,
        )
    )
    if existing is not None:
        return "duplicate"
    payment = Payment(
        account_id=account.id,
        kind=PaymentKind.PAYMENT,
        paid_at=paid_at,
        amount=row.amount,
        channel=row.channel,
        reference=reference,
        source=source,
        posted_at=now,
    )
    session.add(payment)
    _apply(session, account, row.amount, now, paid_at.date())
    session.flush()
    session.add(
        AuditEvent(
            at=now,
            action="payment.posted",
            entity="payment",
            entity_id=str(payment.id),
            after={
                "account": account.account_number,
                "amount": str(row.amount),
                "reference": reference,
                "line": row.line,
            },
        )
    )
    return "payment"


def _post_reversal(
    session: Session,
    account: Account,
    row: PaymentRow,
    reference: str,
    paid_at: dt.datetime,
    now: dt.datetime,
    source: str | None,
) -> str | Message:
    original = session.scalars(
        select(Payment).where(
            Payment.account_id == account.id,
            Payment.reference == reference,
            Payment.kind == PaymentKind.PAYMENT,
        )
    ).one_or_none()
    if original is None:
        return Message.of(
            "payments.error.nothing_to_reverse",
            line=row.line,
            reference=reference,
            account=account.account_number,
        )
    done = session.scalar(
        select(Payment.id).where(
            Payment.account_id == account.id,
            Payment.reference == reference,
            Payment.kind == PaymentKind.REVERSAL,
        )
    )
    if done is not None:
        return "duplicate"
    if -row.amount > original.amount:
        return Message.of(
            "payments.error.reversal_too_big",
            line=row.line,
            amount=Amount(-row.amount, account.currency),
            original=Amount(original.amount, account.currency),
        )
    reversal = Payment(
        account_id=account.id,
        kind=PaymentKind.REVERSAL,
        paid_at=paid_at,
        amount=row.amount,
        channel=row.channel or original.channel,
        reference=reference,
        reverses_payment_id=original.id,
        source=source,
        posted_at=now,
    )
    session.add(reversal)
    _apply(session, account, row.amount, now, paid_at.date())
    session.flush()
    session.add(
        AuditEvent(
            at=now,
            action="payment.reversed",
            entity="payment",
            entity_id=str(reversal.id),
            after={
                "account": account.account_number,
                "amount": str(row.amount),
                "reference": reference,
                "reverses": original.id,
                "line": row.line,
            },
        )
    )
    return "reversal"


def _apply(session: Session, account: Account, amount: Decimal, now: dt.datetime, paid_on: dt.date) -> None:
    """Move the account's balances by ``amount`` (negative for a reversal), through its installments if any."""
    account.outstanding = account.outstanding - amount
    installments = session.scalars(
        select(Installment).where(Installment.account_id == account.id).order_by(Installment.seq)
    ).all()
    today = now.date()
    if installments:
        _allocate(installments, amount, paid_on)
        unpaid = [i for i in installments if i.due_date <= today and i.amount_paid < i.amount_due]
        account.arrears = sum((i.amount_due - i.amount_paid for i in unpaid), Decimal("0.00"))
        account.days_past_due = (today - min(i.due_date for i in unpaid)).days if unpaid else 0
    elif amount > 0:
        account.arrears = max(Decimal("0.00"), account.arrears - amount)
    else:
        account.arrears = min(max(account.outstanding, Decimal("0.00")), account.arrears - amount)
    if account.arrears == 0 and amount > 0:
        account.days_past_due = 0
    if account.outstanding <= 0:
        account.status = AccountStatus.SETTLED
    elif account.status is AccountStatus.SETTLED or (account.arrears > 0 and account.status is AccountStatus.CURRENT):
        account.status = AccountStatus.DELINQUENT
    elif account.arrears == 0 and account.status is AccountStatus.DELINQUENT:
        account.status = AccountStatus.CURRENT
    account.updated_at = now


def _allocate(installments: Sequence[Installment], amount: Decimal, paid_on: dt.date) -> None:
    """A payment fills the oldest unpaid installments; a reversal empties the most recently filled ones."""
    if amount > 0:
        remaining = amount
        for item in installments:
            if remaining <= 0:
                break
            take = min(remaining, item.amount_due - item.amount_paid)
            if take > 0:
                item.amount_paid += take
                remaining -= take
                if item.amount_paid >= item.amount_due:
                    item.paid_on = item.paid_on or paid_on
        return
    remaining = -amount
    for item in reversed(installments):
        if remaining <= 0:
            break
        take = min(remaining, item.amount_paid)
        if take > 0:
            item.amount_paid -= take
            remaining -= take
            item.paid_on = None
