"""A scenario's customer written into the practice database: person, number, accounts, installments, payments,
payment instructions and the history before the call — then put in the trainee's queue, alone.

Every practice customer carries the number ``PRACTICE-<session>``. Starting a session takes the trainee's
earlier practice customers out of their queue (their rows stay, for the reports), so the practice workspace only
ever offers the scenario's one customer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.delinquency import bucket_for
from agent_desk.demo.accounts import add_months
from agent_desk.practice.scenario import HistoryItem, Scenario, ScenarioAccount
from agent_desk.worklist import refresh_worklist
from db.engine import Database
from db.models import (
    Account,
    AccountStatus,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    Installment,
    Interaction,
    Outcome,
    Payment,
    PaymentInstruction,
    PaymentInstructionKind,
    Product,
    Promise,
    PromiseStatus,
)

PREFIX = "PRACTICE-"
PAID_BEFORE = 3  # installments shown as paid before the first one missed


@dataclasses.dataclass(frozen=True)
class SandboxCustomer:
    customer_id: int
    contact_point_id: int
    phone: str
    customer_number: str


def create_customer(
    practice: Database, clock: Clock, scenario: Scenario, trainee_id: int, session_uid: str | None = None
) -> SandboxCustomer:
    """Write the scenario's customer for ``trainee_id`` and queue them; earlier practice customers leave the queue."""
    uid = session_uid or uuid.uuid4().hex
    now = clock.now()
    persona = scenario.persona
    zone = ZoneInfo(persona.timezone)
    today = now.astimezone(zone).date()
    number = f"{PREFIX}{uid[:12].upper()}"
    with practice.transaction(write=True) as session:
        earlier = list(
            session.scalars(
                select(Customer.id).where(
                    Customer.assigned_user_id == trainee_id, Customer.customer_number.startswith(PREFIX)
                )
            )
        )
        if earlier:
            session.execute(
                update(Customer).where(Customer.id.in_(earlier)).values(assigned_user_id=None, updated_at=now)
            )
        customer = Customer(
            customer_number=number,
            full_name=persona.name,
            national_id=persona.national_id,
            birth_date=persona.birth_date,
            language=scenario.language,
            city=persona.city,
            province=persona.province,
            country="ID",
            timezone=persona.timezone,
            employer=persona.employer,
            monthly_income=persona.monthly_income,
            assigned_user_id=trainee_id,
            created_at=now,
            updated_at=now,
        )
        session.add(customer)
        session.flush()
        point = ContactPoint(
            customer_id=customer.id,
            kind=ContactKind.MOBILE,
            owner=ContactOwner.SELF,
            raw_value=persona.phone,
            e164=persona.phone,
            is_primary=True,
            created_at=now,
        )
        session.add(point)
        session.flush()
        account_ids = [
            _account(session, customer.id, account, position, uid, today, now)
            for position, account in enumerate(scenario.accounts)
        ]
        for item in scenario.history:
            _history(session, customer.id, point.id, account_ids[0], item, now)
        customer_id, point_id = customer.id, point.id
    refresh_worklist(practice, clock, [customer_id, *earlier])
    return SandboxCustomer(customer_id, point_id, persona.phone, number)


def _account(
    session: Session, customer_id: int, spec: ScenarioAccount, position: int, uid: str, today: dt.date, now: dt.datetime
) -> int:
    installment = spec.installment_amount or spec.arrears or spec.outstanding
    if spec.days_to_due is not None:  # not yet due: the next installment is coming
        next_due = today + dt.timedelta(days=spec.days_to_due)
        unpaid_dates = [next_due]
        first_unpaid = next_due
    else:
        first_unpaid = today - dt.timedelta(days=max(spec.days_past_due, 0))
        count = (
            max(1, int((spec.arrears / installment).to_integral_value(rounding="ROUND_CEILING"))) if installment else 1
        )
        unpaid_dates = [add_months(first_unpaid, months) for months in range(count)]
        next_due = add_months(first_unpaid, count)
    dpd = spec.days_past_due if spec.days_to_due is None else 0
    account = Account(
        customer_id=customer_id,
        account_number=f"{PREFIX}{uid[:8].upper()}-{position + 1}",
        product=Product(spec.product),
        product_name=spec.product_name,
        creditor=spec.creditor,
        currency=spec.currency,
        principal=spec.outstanding,
        outstanding=spec.outstanding,
        arrears=spec.arrears,
        minimum_due=spec.arrears or installment,
        installment_amount=installment,
        days_past_due=dpd,
        bucket=bucket_for(dpd, (next_due - today).days),
        next_due_date=next_due,
        opened_on=add_months(first_unpaid, -(PAID_BEFORE + 12)),
        status=AccountStatus.DELINQUENT if dpd > 0 else AccountStatus.CURRENT,
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    session.flush()
    seq = 1
    for months_back in range(PAID_BEFORE, 0, -1):
        due = add_months(first_unpaid, -months_back)
        session.add(
            Installment(
                account_id=account.id,
                seq=seq,
                due_date=due,
                amount_due=installment,
                amount_paid=installment,
                paid_on=due,
            )
        )
        paid_at = dt.datetime.combine(due, dt.time(3, 0), tzinfo=dt.UTC)
        session.add(
            Payment(
                account_id=account.id,
                paid_at=paid_at,
                amount=installment,
                channel="VA BCA",
                reference=f"{PREFIX}{uid[:8]}-{account.id}-{seq}",
                source="practice",
                posted_at=paid_at,
            )
        )
        seq += 1
    remaining = spec.arrears
    for due in unpaid_dates:
        amount = installment if spec.days_to_due is not None else min(installment, remaining) or installment
        remaining -= amount
        session.add(Installment(account_id=account.id, seq=seq, due_date=due, amount_due=amount))
        seq += 1
    digits = "".join(ch for ch in uid if ch.isdigit()).ljust(10, "7")[:10]
    session.add_all(
        [
            PaymentInstruction(
                account_id=account.id,
                kind=PaymentInstructionKind.VIRTUAL_ACCOUNT,
                provider="BCA",
                value=f"80777{digits}{position}",
            ),
            PaymentInstruction(
                account_id=account.id,
                kind=PaymentInstructionKind.MINIMARKET_CODE,
                provider="Alfamart",
                value=f"ALF{digits}{position}",
            ),
        ]
    )
    session.flush()
    return int(account.id)


def _history(
    session: Session, customer_id: int, point_id: int, account_id: int, item: HistoryItem, now: dt.datetime
) -> None:
    at = now - dt.timedelta(days=item.days_ago)
    if item.kind == "payment":
        session.add(
            Payment(
                account_id=account_id,
                paid_at=at,
                amount=item.amount or Decimal("0.00"),
                channel="VA BCA",
                reference=f"{PREFIX}H{customer_id}-{item.days_ago}",
                source="practice",
                posted_at=at,
            )
        )
        return
    answered = item.disposition not in (None, "no_answer", "busy", "voicemail", "call_rejected")
    interaction = Interaction(
        customer_id=customer_id,
        contact_point_id=point_id,
        user_id=None,
        dialed_number=None,
        sip_code=200 if answered else 480,
        sip_reason="OK" if answered else "Temporarily Unavailable",
        started_at=at,
        answered_at=at if answered else None,
        ended_at=at + dt.timedelta(minutes=3 if answered else 0, seconds=30),
        talk_seconds=180 if answered else 0,
    )
    session.add(interaction)
    session.flush()
    disposition = item.disposition or ("promise_to_pay" if item.kind == "promise" else "no_answer")
    outcome = Outcome(
        draft_key=str(uuid.uuid4()),
        interaction_id=interaction.id,
        customer_id=customer_id,
        user_id=None,
        disposition_code=disposition,
        notes=item.note,
        created_at=at + dt.timedelta(minutes=4),
    )
    session.add(outcome)
    session.flush()
    if item.kind == "promise":
        due = (at + dt.timedelta(days=3)).date()
        status = PromiseStatus(item.status) if item.status else PromiseStatus.BROKEN
        session.add(
            Promise(
                customer_id=customer_id,
                account_id=account_id,
                outcome_id=outcome.id,
                amount=item.amount or Decimal("0.00"),
                due_date=due,
                status=status,
                judged_at=at + dt.timedelta(days=4) if status is not PromiseStatus.PENDING else None,
                created_at=at,
            )
        )
