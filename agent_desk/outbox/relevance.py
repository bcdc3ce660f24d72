"""Is a queued message still worth sending? Things change between queueing and sending: a customer pays
before the reminder goes, a promise is kept, a payment is reversed. Checked right before every send; a message
that has lost its reason is cancelled with the reason that it has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.text import Message
from db.models import (
    Account,
    AccountStatus,
    Installment,
    Payment,
    PaymentKind,
    Promise,
    PromiseStatus,
)

CLOSED_ACCOUNTS = (AccountStatus.SETTLED, AccountStatus.RECALLED, AccountStatus.WRITTEN_OFF, AccountStatus.LEGAL)


def lost_reason(
    session: Session, template: str, customer_id: int, context: Mapping[str, Any], queued_at: dt.datetime
) -> Message | None:
    """Why the message should no longer go (None: it still should)."""
    if template in ("pre_due_reminder", "due_day_reminder"):
        return _due_paid(session, context, queued_at)
    if template == "early_arrears":
        arrears = session.scalar(
            select(func.coalesce(func.sum(Account.arrears), 0)).where(
                Account.customer_id == customer_id, Account.status.not_in(CLOSED_ACCOUNTS)
            )
        )
        return None if Decimal(str(arrears or 0)) > 0 else Message.of("outbox.reason.no_longer_late")
    if template == "promise_due_tomorrow":
        status = session.scalar(select(Promise.status).where(Promise.id == context.get("promise_id")))
        return None if status is PromiseStatus.PENDING else Message.of("outbox.reason.promise_settled")
    if template == "broken_promise":
        promise = session.get(Promise, context.get("promise_id"))
        if promise is None or promise.status is not PromiseStatus.BROKEN:
            return Message.of("outbox.reason.promise_settled")
        newer = session.scalar(
            select(Promise.id).where(
                Promise.customer_id == customer_id,
                Promise.status == PromiseStatus.PENDING,
                Promise.created_at > promise.created_at,
            )
        )
        return Message.of("outbox.reason.new_promise") if newer is not None else None
    if template == "payment_thanks":
        payment_id = context.get("payment_id")
        reversed_ = session.scalar(
            select(Payment.id).where(Payment.reverses_payment_id == payment_id, Payment.kind == PaymentKind.REVERSAL)
        )
        return Message.of("outbox.reason.payment_reversed") if reversed_ is not None else None
    return None


def _due_paid(session: Session, context: Mapping[str, Any], queued_at: dt.datetime) -> Message | None:
    account = session.get(Account, context.get("account_id"))
    if account is None or account.outstanding <= 0 or account.status in CLOSED_ACCOUNTS:
        return Message.of("outbox.reason.no_longer_due")
    due_text = context.get("due_date")
    due_date = dt.date.fromisoformat(str(due_text)) if due_text else None
    if due_date is not None and account.next_due_date is not None and account.next_due_date != due_date:
        return Message.of("outbox.reason.no_longer_due")
    installment = session.scalar(
        select(Installment).where(Installment.account_id == account.id, Installment.due_date == due_date)
    )
    if installment is not None:
        paid = installment.amount_paid >= installment.amount_due
        return Message.of("outbox.reason.already_paid") if paid else None
    paid_since = session.scalar(
        select(Payment.id).where(
            Payment.account_id == account.id,
            Payment.kind == PaymentKind.PAYMENT,
            Payment.posted_at >= queued_at,
        )
    )
    return Message.of("outbox.reason.already_paid") if paid_since is not None else None
