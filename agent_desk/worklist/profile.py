"""Everything the profile pane shows about one customer, as plain frozen data (never ORM objects)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.worklist.facts import _build
from db.models import (
    Account,
    AccountStatus,
    Consent,
    ConsentKind,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerFlag,
    FlagKind,
    Installment,
    Interaction,
    Outcome,
    PaymentPlan,
    PlanInstallment,
    PlanKind,
    PlanStatus,
    Promise,
    PromiseStatus,
    WorklistEntry,
)
from db.models import Payment as PaymentRow
from db.models import PaymentInstruction as InstructionRow


@dataclasses.dataclass(frozen=True)
class FlagView:
    id: int
    kind: FlagKind
    contact_point_id: int | None
    note: str | None
    set_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class ContactPointView:
    id: int
    kind: ContactKind
    owner: ContactOwner
    owner_name: str | None
    e164: str | None
    raw_value: str
    dialable: bool
    invalid_reason: str | None
    is_primary: bool
    timezone_override: str | None
    verified_count: int
    wrong_number_count: int


@dataclasses.dataclass(frozen=True)
class InstallmentView:
    seq: int
    due_date: dt.date
    amount_due: Decimal
    amount_paid: Decimal
    paid_on: dt.date | None


@dataclasses.dataclass(frozen=True)
class PaymentView:
    id: int
    kind: str
    paid_at: dt.datetime
    amount: Decimal
    channel: str | None
    reference: str | None
    reverses_payment_id: int | None


@dataclasses.dataclass(frozen=True)
class InstructionView:
    kind: str
    provider: str
    value: str


@dataclasses.dataclass(frozen=True)
class AccountView:
    id: int
    account_number: str
    product: str
    product_name: str | None
    creditor: str | None
    currency: str
    principal: Decimal | None
    outstanding: Decimal
    arrears: Decimal
    minimum_due: Decimal | None
    installment_amount: Decimal | None
    days_past_due: int
    bucket: str
    next_due_date: dt.date | None
    status: AccountStatus
    installments: tuple[InstallmentView, ...]
    payments: tuple[PaymentView, ...]
    instructions: tuple[InstructionView, ...]


@dataclasses.dataclass(frozen=True)
class InteractionView:
    id: int
    started_at: dt.datetime
    answered_at: dt.datetime | None
    ended_at: dt.datetime | None
    talk_seconds: int | None
    contact_point_id: int | None
    user_id: int | None
    sip_code: int | None
    disposition_code: str | None
    notes: str | None
    recording_path: str | None


@dataclasses.dataclass(frozen=True)
class PromiseView:
    id: int
    account_id: int | None
    amount: Decimal
    currency: str
    due_date: dt.date
    status: PromiseStatus
    amount_paid: Decimal
    check_at: dt.datetime | None
    created_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class PlanView:
    id: int
    account_id: int | None
    kind: PlanKind
    status: PlanStatus
    currency: str
    total: Decimal
    discount_amount: Decimal
    installments: tuple[tuple[int, dt.date, Decimal], ...]


@dataclasses.dataclass(frozen=True)
class ConsentView:
    kind: ConsentKind
    granted_at: dt.datetime
    how: str
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class CustomerProfile:
    id: int
    customer_number: str
    full_name: str
    national_id_masked: str | None
    birth_date: dt.date | None
    language: str
    address_line: str | None
    city: str | None
    province: str | None
    timezone: str | None
    employer: str | None
    monthly_income: Decimal | None
    flags: tuple[FlagView, ...]
    contact_points: tuple[ContactPointView, ...]
    accounts: tuple[AccountView, ...]
    interactions: tuple[InteractionView, ...]
    promises: tuple[PromiseView, ...]
    plans: tuple[PlanView, ...]
    consents: tuple[ConsentView, ...]
    lease_user_id: int | None
    lease_until: dt.datetime | None


def mask_national_id(value: str | None) -> str | None:
    """ "3174012345670001" → "••••••••••••0001"."""
    if not value:
        return None
    return "•" * max(0, len(value) - 4) + value[-4:]


def load_profile(session: Session, customer_id: int, *, interactions: int = 100) -> CustomerProfile | None:
    """The profile of ``customer_id`` (the last ``interactions`` calls), or None if there is no such customer."""
    customer = session.execute(
        select(
            Customer.id,
            Customer.customer_number,
            Customer.full_name,
            Customer.national_id,
            Customer.birth_date,
            Customer.language,
            Customer.address_line,
            Customer.city,
            Customer.province,
            Customer.timezone,
            Customer.employer,
            Customer.monthly_income,
        ).where(Customer.id == customer_id)
    ).first()
    if customer is None:
        return None
    flags = tuple(
        _build(FlagView, row, skip=0)
        for row in session.execute(
            select(
                CustomerFlag.id,
                CustomerFlag.kind,
                CustomerFlag.contact_point_id,
                CustomerFlag.note,
                CustomerFlag.set_at,
            ).where(CustomerFlag.customer_id == customer_id, CustomerFlag.cleared_at.is_(None))
        )
    )
    points = tuple(
        _build(ContactPointView, row, skip=0)
        for row in session.execute(
            select(
                ContactPoint.id,
                ContactPoint.kind,
                ContactPoint.owner,
                ContactPoint.owner_name,
                ContactPoint.e164,
                ContactPoint.raw_value,
                ContactPoint.dialable,
                ContactPoint.invalid_reason,
                ContactPoint.is_primary,
                ContactPoint.timezone_override,
                ContactPoint.verified_count,
                ContactPoint.wrong_number_count,
            )
            .where(ContactPoint.customer_id == customer_id)
            .order_by(ContactPoint.is_primary.desc(), ContactPoint.id)
        )
    )
    accounts = _accounts(session, customer_id)
    calls = tuple(
        _build(InteractionView, row, skip=0)
        for row in session.execute(
            select(
                Interaction.id,
                Interaction.started_at,
                Interaction.answered_at,
                Interaction.ended_at,
                Interaction.talk_seconds,
                Interaction.contact_point_id,
                Interaction.user_id,
                Interaction.sip_code,
                Outcome.disposition_code,
                Outcome.notes,
                Interaction.recording_path,
            )
            .outerjoin(Outcome, Outcome.interaction_id == Interaction.id)
            .where(Interaction.customer_id == customer_id)
            .order_by(Interaction.started_at.desc())
            .limit(interactions)
        )
    )
    promises = tuple(
        _build(PromiseView, row, skip=0)
        for row in session.execute(
            select(
                Promise.id,
                Promise.account_id,
                Promise.amount,
                Promise.currency,
                Promise.due_date,
                Promise.status,
                Promise.amount_paid,
                Promise.check_at,
                Promise.created_at,
            )
            .where(Promise.customer_id == customer_id)
            .order_by(Promise.created_at.desc())
        )
    )
    plans = _plans(session, customer_id)
    consents = tuple(
        _build(ConsentView, row, skip=0)
        for row in session.execute(
            select(Consent.kind, Consent.granted_at, Consent.how, Consent.expires_at, Consent.revoked_at)
            .where(Consent.customer_id == customer_id)
            .order_by(Consent.granted_at)
        )
    )
    lease = session.execute(
        select(WorklistEntry.lease_user_id, WorklistEntry.lease_until).where(WorklistEntry.customer_id == customer_id)
    ).first()
    return CustomerProfile(
        id=customer.id,
        customer_number=customer.customer_number,
        full_name=customer.full_name,
        national_id_masked=mask_national_id(customer.national_id),
        birth_date=customer.birth_date,
        language=customer.language,
        address_line=customer.address_line,
        city=customer.city,
        province=customer.province,
        timezone=customer.timezone,
        employer=customer.employer,
        monthly_income=customer.monthly_income,
        flags=flags,
        contact_points=points,
        accounts=accounts,
        interactions=calls,
        promises=promises,
        plans=plans,
        consents=consents,
        lease_user_id=lease.lease_user_id if lease else None,
        lease_until=lease.lease_until if lease else None,
    )


def _accounts(session: Session, customer_id: int) -> tuple[AccountView, ...]:
    rows = session.execute(
        select(
            Account.id,
            Account.account_number,
            Account.product,
            Account.product_name,
            Account.creditor,
            Account.currency,
            Account.principal,
            Account.outstanding,
            Account.arrears,
            Account.minimum_due,
            Account.installment_amount,
            Account.days_past_due,
            Account.bucket,
            Account.next_due_date,
            Account.status,
        )
        .where(Account.customer_id == customer_id)
        .order_by(Account.id)
    ).all()
    installments: dict[int, list[InstallmentView]] = defaultdict(list)
    payments: dict[int, list[PaymentView]] = defaultdict(list)
    instructions: dict[int, list[InstructionView]] = defaultdict(list)
    ids = [row.id for row in rows]
    if ids:
        for part in session.execute(
            select(
                Installment.account_id,
                Installment.seq,
                Installment.due_date,
                Installment.amount_due,
                Installment.amount_paid,
                Installment.paid_on,
            )
            .where(Installment.account_id.in_(ids))
            .order_by(Installment.account_id, Installment.seq)
        ):
            installments[part.account_id].append(_build(InstallmentView, part))
        for pay in session.execute(
            select(
                PaymentRow.account_id,
                PaymentRow.id,
                PaymentRow.kind,
                PaymentRow.paid_at,
                PaymentRow.amount,
                PaymentRow.channel,
                PaymentRow.reference,
                PaymentRow.reverses_payment_id,
            )
            .where(PaymentRow.account_id.in_(ids))
            .order_by(PaymentRow.paid_at.desc())
        ):
            payments[pay.account_id].append(
                PaymentView(
                    pay.id, str(pay.kind), pay.paid_at, pay.amount, pay.channel, pay.reference, pay.reverses_payment_id
                )
            )
        for how in session.execute(
            select(InstructionRow.account_id, InstructionRow.kind, InstructionRow.provider, InstructionRow.value)
            .where(InstructionRow.account_id.in_(ids))
            .order_by(InstructionRow.id)
        ):
            instructions[how.account_id].append(InstructionView(str(how.kind), how.provider, how.value))
    return tuple(
        _build(
            AccountView,
            (*row, tuple(installments[row.id]), tuple(payments[row.id]), tuple(instructions[row.id])),
            skip=0,
        )
        for row in rows
    )


def _plans(session: Session, customer_id: int) -> tuple[PlanView, ...]:
    rows = session.execute(
        select(
            PaymentPlan.id,
            PaymentPlan.account_id,
            PaymentPlan.kind,
            PaymentPlan.status,
            PaymentPlan.currency,
            PaymentPlan.total,
            PaymentPlan.discount_amount,
        )
        .where(PaymentPlan.customer_id == customer_id)
        .order_by(PaymentPlan.created_at.desc())
    ).all()
    if not rows:
        return ()
    parts: dict[int, list[tuple[int, dt.date, Decimal]]] = defaultdict(list)
    for row in session.execute(
        select(PlanInstallment.plan_id, PlanInstallment.seq, PlanInstallment.due_date, PlanInstallment.amount)
        .where(PlanInstallment.plan_id.in_([row.id for row in rows]))
        .order_by(PlanInstallment.seq)
    ):
        parts[row.plan_id].append((row.seq, row.due_date, row.amount))
    return tuple(PlanView(*row, installments=tuple(parts[row.id])) for row in rows)
