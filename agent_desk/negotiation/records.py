"""Writing plans and their promises. Used by the wrap-up save (``save_outcome``) and by approval decisions.

Every installment of an active plan is a :class:`~db.models.Promise` (linked by ``payment_plan_id``) with its
own check time, so each is judged kept or broken by the existing promise judge as its date passes; the first
installment is the one the outcome's promise check is scheduled for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agent_desk.negotiation.plans import ScheduledPayment
from agent_desk.negotiation.quote import PlanQuote
from agent_desk.scheduling.next_action import local_moment
from db.models import ActionStatus, PaymentPlan, PlanInstallment, PlanStatus, Promise, PromiseStatus, ScheduledAction

# The key in a scheduled action's reason that ties it to a plan waiting for a decision.
AWAITING = "awaiting_plan"


def write_plan(
    session: Session,
    quote: PlanQuote,
    *,
    outcome_id: int | None,
    user_id: int | None,
    status: PlanStatus,
    now: dt.datetime,
) -> PaymentPlan:
    """The plan and its installments as quoted (``status`` active when within authority, else pending)."""
    draft = quote.draft
    plan = PaymentPlan(
        customer_id=draft.customer_id,
        account_id=draft.account_id,
        outcome_id=outcome_id,
        kind=draft.kind,
        status=status,
        currency=draft.currency,
        base_amount=draft.base_amount,
        discount_rate=draft.discount_rate,
        discount_amount=quote.discount_amount,
        total=quote.total,
        frequency=draft.frequency,
        stated_income=draft.stated_income,
        stated_expenses=draft.stated_expenses,
        requested_by_user_id=user_id,
        authority_used=quote.authority.label if status is PlanStatus.ACTIVE else None,
        decided_by_user_id=user_id if status is PlanStatus.ACTIVE else None,
        decided_at=now if status is PlanStatus.ACTIVE else None,
        created_at=now,
    )
    session.add(plan)
    session.flush()
    for payment in quote.schedule:
        session.add(PlanInstallment(plan_id=plan.id, seq=payment.seq, due_date=payment.due_date, amount=payment.amount))
    session.flush()
    return plan


def write_promises(
    session: Session,
    plan: PaymentPlan,
    schedule: Sequence[ScheduledPayment],
    *,
    zone: str,
    grace_days: int,
    check_minute: int,
    first_check_at: dt.datetime | None,
    outcome_id: int | None,
    created_by: int | None,
    channel: str | None,
    now: dt.datetime,
) -> list[Promise]:
    """One pending promise per installment; a plan on an account replaces the promises still pending there."""
    if plan.account_id is not None:
        replaced = session.scalars(
            select(Promise).where(
                Promise.account_id == plan.account_id,
                Promise.status == PromiseStatus.PENDING,
                Promise.payment_plan_id.is_distinct_from(plan.id),
            )
        ).all()
        for old in replaced:
            old.status = PromiseStatus.CANCELLED
            old.judged_at = now
            session.execute(
                update(ScheduledAction)
                .where(ScheduledAction.promise_id == old.id, ScheduledAction.status == ActionStatus.OPEN)
                .values(status=ActionStatus.CANCELLED, closed_at=now)
            )
    promises = []
    for payment in schedule:
        check_at = local_moment(payment.due_date + dt.timedelta(days=grace_days), check_minute, zone)
        if payment.seq == 1 and first_check_at is not None:
            check_at = first_check_at
        promise = Promise(
            customer_id=plan.customer_id,
            account_id=plan.account_id,
            outcome_id=outcome_id,
            payment_plan_id=plan.id,
            amount=payment.amount,
            currency=plan.currency,
            due_date=payment.due_date,
            channel=channel,
            status=PromiseStatus.PENDING,
            amount_paid=Decimal("0.00"),
            check_at=check_at,
            created_by_user_id=created_by,
            created_at=now,
        )
        session.add(promise)
        promises.append(promise)
    session.flush()
    return promises


def stored_schedule(session: Session, plan_id: int) -> tuple[ScheduledPayment, ...]:
    rows = session.execute(
        select(PlanInstallment.seq, PlanInstallment.due_date, PlanInstallment.amount)
        .where(PlanInstallment.plan_id == plan_id)
        .order_by(PlanInstallment.seq)
    ).all()
    return tuple(ScheduledPayment(row.seq, row.due_date, row.amount) for row in rows)
