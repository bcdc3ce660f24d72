"""Posting payments and reversals from a bank or channel file, idempotently, then re-judging promises.

``agent-desk post-payments FILE.csv`` and :func:`post_payments` share this code. Columns: ``account_number,
paid_at, amount`` and optionally ``reference, channel`` (read by :mod:`agent_desk.scheduling.payment_file`).
A negative amount with the reference of a posted payment reverses it. A row without a reference gets one
derived from its content (``AUTO-…``), so posting the same file twice posts nothing twice.

One rule for bad rows, the importer's: everything is checked first and, when any row has an error, nothing is
posted (the report lists every error) — unless the caller asks to skip bad rows, when the good rows post and the
bad ones are reported. A row that repeats another row of the same file (the same reference on the same account,
or, without references, the same account, time, amount and channel) is such an error: a copy, or two payments
the file does not tell apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.errors.printable import printable
from agent_desk.scheduling.payment_file import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    PaymentFileError,
    PaymentRow,
    RowError,
    read_payments_csv,
)
from agent_desk.text import Amount, Message
from db.engine import Database
from db.models import Account, AccountStatus, AuditEvent, Customer, Installment, Payment, PaymentKind

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "PaymentFileError",
    "PaymentRow",
    "PostingReport",
    "RowError",
    "derived_reference",
    "post_payments",
    "read_payments_csv",
]


@dataclasses.dataclass(frozen=True)
class PostingReport:
    """What a posting did. ``refused``: rows had errors and nothing was posted (all or nothing)."""

    posted: int
    reversed: int
    duplicates: int
    errors: tuple[RowError, ...]
    customer_ids: frozenset[int]
    refused: bool = False

    @property
    def summary(self) -> Message:
        if self.refused:
            return Message.of("payments.refused", errors=len(self.errors))
        return Message.of(
            "payments.summary",
            posted=self.posted,
            reversed=self.reversed,
            duplicates=self.duplicates,
            errors=len(self.errors),
        )


class _RefusedError(Exception):
    """Raised inside the posting transaction to roll it back when rows had errors."""


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
    skip_bad_rows: bool = False,
    read_errors: Sequence[RowError] = (),
) -> PostingReport:
    """Post ``rows`` in one transaction: all of them, or — when any row (or ``read_errors``) has an error —
    none, unless ``skip_bad_rows``, when the good rows post and the bad ones are reported.

    Args:
        after_posting: called inside the transaction with the affected customers (the worklist re-judges
            their promises and refreshes their entries there).
        bucket_for: days past due → bucket code, to keep ``Account.bucket`` in step.
        default_zone: how to read a time without an offset for a customer whose zone is unknown.
        read_errors: the rows of the same file that could not be read (they count for all-or-nothing).
    """
    errors: list[RowError] = list(read_errors)
    counts = {"payment": 0, "reversal": 0, "duplicate": 0}
    customers: set[int] = set()
    try:
        with database.transaction(write=True) as session:
            now = clock.now()
            seen: dict[tuple[str, ...], int] = {}
            for row in rows:
                outcome = _post_row(session, row, seen, now, source, bucket_for, default_zone)
                if isinstance(outcome, Message):
                    errors.append(RowError(row.line, outcome))
                    continue
                counts[outcome[0]] += 1
                if outcome[0] != "duplicate":
                    customers.add(outcome[1])
            if errors and not skip_bad_rows:
                raise _RefusedError
            if customers and after_posting is not None:
                session.flush()
                after_posting(session, customers)
    except _RefusedError:
        ordered = tuple(sorted(errors, key=lambda error: error.line))
        return PostingReport(0, 0, 0, ordered, frozenset(), refused=True)
    ordered = tuple(sorted(errors, key=lambda error: error.line))
    return PostingReport(counts["payment"], counts["reversal"], counts["duplicate"], ordered, frozenset(customers))


def _post_row(
    session: Session,
    row: PaymentRow,
    seen: dict[tuple[str, ...], int],
    now: dt.datetime,
    source: str | None,
    bucket_for: Callable[[int], str] | None,
    default_zone: str,
) -> Message | tuple[str, int]:
    """Post one row; returns what it was (``payment``, ``reversal``, ``duplicate``) and the customer, or why not."""
    sign = "-" if row.amount < 0 else "+"
    if row.reference:
        key: tuple[str, ...] = (row.account_number, sign, row.reference)
    else:
        key = (row.account_number, sign, row.paid_at.isoformat(), str(row.amount), row.channel or "")
    if key in seen:
        if row.reference:
            return Message.of(
                "payments.error.repeated_reference", line=row.line, first=seen[key], reference=printable(row.reference)
            )
        return Message.of("payments.error.repeated_row", line=row.line, first=seen[key])
    seen[key] = row.line
    reference = row.reference or derived_reference(row, 1)
    account = session.scalars(select(Account).where(Account.account_number == row.account_number)).one_or_none()
    if account is None:
        return Message.of("payments.error.unknown_account", line=row.line, account=printable(row.account_number))
    paid_at = _moment(session, account, row.paid_at, default_zone)
    if paid_at > now:
        return Message.of("payments.error.future", line=row.line, text=row.paid_at.isoformat())
    if row.amount > 0:
        outcome = _post_payment(session, account, row, reference, paid_at, now, source)
    else:
        outcome = _post_reversal(session, account, row, reference, paid_at, now, source)
    if isinstance(outcome, Message):
        return outcome
    if bucket_for is not None and outcome != "duplicate":
        account.bucket = bucket_for(account.days_past_due)
    return outcome, account.customer_id


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
