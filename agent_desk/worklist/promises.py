"""Judging promises to pay: kept, partially kept or broken, as payments post and check times pass.

The judgement is a pure replay (:func:`judge`) of the promises and the payments of the same accounts, so a
reversal simply re-judges: the reversed money is gone from the replay. :func:`judge_customers` stores the
changes and their consequences (closing checks, escalating broken promises).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from agent_desk.worklist.facts import PaymentFacts
from db.models import (
    Account,
    ActionKind,
    ActionStatus,
    AuditEvent,
    Payment,
    PaymentKind,
    Promise,
    PromiseStatus,
    ScheduledAction,
)

ZERO = Decimal("0.00")
FINAL = (PromiseStatus.KEPT, PromiseStatus.PARTIALLY_KEPT, PromiseStatus.BROKEN)
REJUDGE_DAYS = 180
# A customer who says they already paid may have paid some days before the call.
VERIFY_LOOKBACK = dt.timedelta(days=7)


@dataclasses.dataclass(frozen=True)
class PromiseState:
    """A promise as the judge sees it: payments count from ``counts_from`` until ``check_at``."""

    id: int
    account_id: int | None
    amount: Decimal
    counts_from: dt.datetime
    check_at: dt.datetime
    status: PromiseStatus


@dataclasses.dataclass(frozen=True)
class Judgement:
    promise_id: int
    status: PromiseStatus
    amount_paid: Decimal


@dataclasses.dataclass(frozen=True)
class PromiseChange:
    promise_id: int
    customer_id: int
    before: PromiseStatus
    after: PromiseStatus
    amount_paid: Decimal


def net_payments(payments: Iterable[PaymentFacts]) -> list[PaymentFacts]:
    """Payments with their reversals taken off (a fully reversed payment disappears), oldest first."""
    reversed_amount: dict[int, Decimal] = defaultdict(lambda: ZERO)
    originals = []
    for payment in payments:
        if payment.kind is PaymentKind.REVERSAL and payment.reverses_payment_id is not None:
            reversed_amount[payment.reverses_payment_id] += payment.amount  # negative
        elif payment.kind is PaymentKind.PAYMENT:
            originals.append(payment)
    net = []
    for payment in sorted(originals, key=lambda p: (p.paid_at, p.id)):
        amount = payment.amount + reversed_amount.get(payment.id, ZERO)
        if amount > 0:
            net.append(dataclasses.replace(payment, amount=amount))
    return net


def judge(
    promises: Sequence[PromiseState],
    payments: Sequence[PaymentFacts],
    now: dt.datetime,
    tolerance: Decimal = ZERO,
) -> list[Judgement]:
    """Replay ``payments`` into ``promises`` (earliest check first) and judge each at ``now``.

    A payment counts for a promise when it was made between the promise's ``counts_from`` and its
    ``check_at`` on the promise's account (any account of the customer when the promise names none); one payment
    is never counted twice. Kept when the amount is covered (less ``tolerance``), whenever that happens;
    otherwise pending until ``check_at``, then partially kept when something was paid, else broken.
    Cancelled promises are left out.
    """
    live = sorted((p for p in promises if p.status is not PromiseStatus.CANCELLED), key=lambda p: (p.check_at, p.id))
    paid = {p.id: ZERO for p in live}
    for payment in net_payments(payments):
        remaining = payment.amount
        for promise in live:
            if remaining <= 0:
                break
            if promise.account_id is not None and promise.account_id != payment.account_id:
                continue
            if not promise.counts_from <= payment.paid_at < promise.check_at:
                continue
            take = min(remaining, promise.amount - paid[promise.id])
            if take > 0:
                paid[promise.id] += take
                remaining -= take
    judgements = []
    for promise in live:
        amount_paid = paid[promise.id]
        if amount_paid >= promise.amount - tolerance:
            status = PromiseStatus.KEPT
        elif now < promise.check_at:
            status = PromiseStatus.PENDING
        elif amount_paid > 0:
            status = PromiseStatus.PARTIALLY_KEPT
        else:
            status = PromiseStatus.BROKEN
        judgements.append(Judgement(promise.id, status, amount_paid))
    return judgements


def judge_customers(
    session: Session,
    now: dt.datetime,
    customer_ids: Iterable[int],
    *,
    tolerance: Decimal = ZERO,
    default_check: Any = None,
) -> list[PromiseChange]:
    """Re-judge the promises of ``customer_ids`` and store what changed, with its consequences.

    Consequences: a judged promise's open check is closed; a broken promise gets an escalation, a partially kept
    one a follow-up call (both due now, each created once); a promise judged kept after all closes them; a
    promise back to pending (a payment reversed before the check) gets its check again. Open "verify payment"
    checks close when a payment of the customer shows up.

    Args:
        default_check: ``(promise_row) -> datetime`` for promises stored without a ``check_at``.
    """
    ids = sorted(set(customer_ids))
    if not ids:
        return []
    rows = session.scalars(
        select(Promise).where(
            Promise.customer_id.in_(bindparam("ids", expanding=True)),
            Promise.status != PromiseStatus.CANCELLED,
            or_(
                Promise.status == PromiseStatus.PENDING,
                Promise.created_at >= now - dt.timedelta(days=REJUDGE_DAYS),
            ),
        ),
        {"ids": ids},
    ).all()
    payments_by_customer = _payments(session, ids, now - dt.timedelta(days=REJUDGE_DAYS + 60))
    changes: list[PromiseChange] = []
    by_customer: dict[int, list[Promise]] = defaultdict(list)
    for row in rows:
        by_customer[row.customer_id].append(row)
    for customer_id, promises in by_customer.items():
        states = []
        for row in promises:
            check_at = row.check_at or (default_check(row) if default_check else None)
            if check_at is None:
                continue
            # From the start of the day the promise was made, in any zone between UTC-12 and UTC+12.
            counts_from = row.created_at.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(hours=12)
            states.append(PromiseState(row.id, row.account_id, row.amount, counts_from, check_at, row.status))
        by_id = {row.id: row for row in promises}
        payments = payments_by_customer.get(customer_id, [])
        for judgement in judge(states, payments, now, tolerance):
            row = by_id[judgement.promise_id]
            if row.status is judgement.status and row.amount_paid == judgement.amount_paid:
                continue
            if row.status in FINAL and not _posted_since(row, payments):
                continue  # a judged promise changes only when money for it posted (or was reversed) afterwards
            before = row.status
            row.status = judgement.status
            row.amount_paid = judgement.amount_paid
            row.judged_at = now if judgement.status in FINAL else None
            if before is not judgement.status:
                changes.append(PromiseChange(row.id, customer_id, before, judgement.status, judgement.amount_paid))
                _consequences(session, row, before, now)
    _close_verified(session, ids, payments_by_customer, now)
    session.flush()
    return changes


def _posted_since(promise: Promise, payments: Sequence[PaymentFacts]) -> bool:
    judged = promise.judged_at
    return any(
        (promise.account_id is None or payment.account_id == promise.account_id)
        and (judged is None or payment.posted_at is None or payment.posted_at > judged)
        for payment in payments
    )


def _payments(session: Session, ids: list[int], since: dt.datetime) -> dict[int, list[PaymentFacts]]:
    result: dict[int, list[PaymentFacts]] = defaultdict(list)
    query = (
        select(
            Account.customer_id,
            Payment.id,
            Payment.account_id,
            Payment.kind,
            Payment.paid_at,
            Payment.amount,
            Payment.reverses_payment_id,
        )
        .join(Account, Account.id == Payment.account_id)
        .where(Account.customer_id.in_(bindparam("ids", expanding=True)), Payment.paid_at >= since)
    )
    for row in session.execute(query, {"ids": ids}):
        result[row.customer_id].append(PaymentFacts(*row[1:]))
    return result


def _consequences(session: Session, promise: Promise, before: PromiseStatus, now: dt.datetime) -> None:
    after = promise.status
    open_for_promise = select(ScheduledAction).where(
        ScheduledAction.promise_id == promise.id, ScheduledAction.status == ActionStatus.OPEN
    )
    actions = session.scalars(open_for_promise).all()
    if after in FINAL:
        for action in actions:
            if action.kind is ActionKind.PROMISE_CHECK or after is PromiseStatus.KEPT:
                action.status = ActionStatus.DONE
                action.closed_at = now
    follow_up = {PromiseStatus.BROKEN: ActionKind.ESCALATION, PromiseStatus.PARTIALLY_KEPT: ActionKind.CALL}
    kind = follow_up.get(after)
    if kind is not None:
        exists = session.scalar(
            select(ScheduledAction.id).where(ScheduledAction.promise_id == promise.id, ScheduledAction.kind == kind)
        )
        if exists is None:
            session.add(
                ScheduledAction(
                    customer_id=promise.customer_id,
                    kind=kind,
                    due_at=now,
                    account_id=promise.account_id,
                    promise_id=promise.id,
                    reason={"promise": str(after)},
                    created_at=now,
                )
            )
    if after is PromiseStatus.PENDING and before in FINAL and promise.check_at is not None:
        if not any(a.kind is ActionKind.PROMISE_CHECK for a in actions):
            session.add(
                ScheduledAction(
                    customer_id=promise.customer_id,
                    kind=ActionKind.PROMISE_CHECK,
                    due_at=promise.check_at,
                    account_id=promise.account_id,
                    promise_id=promise.id,
                    reason={"promise": "reopened"},
                    created_at=now,
                )
            )
        session.execute(
            update(ScheduledAction)
            .where(
                ScheduledAction.promise_id == promise.id,
                ScheduledAction.status == ActionStatus.OPEN,
                ScheduledAction.kind.in_((ActionKind.ESCALATION, ActionKind.CALL)),
            )
            .values(status=ActionStatus.CANCELLED, closed_at=now)
        )
    session.add(
        AuditEvent(
            at=now,
            action="promise.judged",
            entity="promise",
            entity_id=str(promise.id),
            before={"status": str(before)},
            after={"status": str(after), "amount_paid": str(promise.amount_paid)},
        )
    )


def _close_verified(
    session: Session, ids: list[int], payments: dict[int, list[PaymentFacts]], now: dt.datetime
) -> None:
    checks = session.scalars(
        select(ScheduledAction).where(
            ScheduledAction.customer_id.in_(bindparam("ids", expanding=True)),
            ScheduledAction.kind == ActionKind.PROMISE_CHECK,
            ScheduledAction.promise_id.is_(None),
            ScheduledAction.status == ActionStatus.OPEN,
        ),
        {"ids": ids},
    ).all()
    for check in checks:
        net = net_payments(payments.get(check.customer_id, []))
        if any(p.paid_at >= check.created_at - VERIFY_LOOKBACK for p in net):
            check.status = ActionStatus.DONE
            check.closed_at = now
            check.reason = {**(check.reason or {}), "verified": True}


def due_for_judging(session: Session, now: dt.datetime, limit: int | None = None) -> list[int]:
    """Customers with a pending promise whose check time has passed, or an open check that is due."""
    promised = select(Promise.customer_id).where(Promise.status == PromiseStatus.PENDING, Promise.check_at <= now)
    checks = select(ScheduledAction.customer_id).where(
        ScheduledAction.kind == ActionKind.PROMISE_CHECK,
        ScheduledAction.status == ActionStatus.OPEN,
        ScheduledAction.due_at <= now,
    )
    ids = set(session.scalars(promised)) | set(session.scalars(checks))
    ordered = sorted(ids)
    return ordered[:limit] if limit else ordered
