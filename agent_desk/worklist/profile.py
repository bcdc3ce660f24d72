"""Everything the profile pane shows about one customer, as plain frozen data (never ORM objects)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, select
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


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


_C = _table(Customer).c
_F = _table(CustomerFlag).c
_P = _table(ContactPoint).c
_A = _table(Account).c
_I = _table(Installment).c
_PAY = _table(PaymentRow).c
_HOW = _table(InstructionRow).c
_CALL = _table(Interaction).c
_OUT = _table(Outcome).c
_PROM = _table(Promise).c
_PLAN = _table(PaymentPlan).c
_PLAN_PART = _table(PlanInstallment).c
_CONS = _table(Consent).c
_ENTRY = _table(WorklistEntry).c
_ID: BindParameter[Any] = bindparam("customer_id")

# Built once: the profile opens with every Next, so it should cost little more than the queries themselves.
_CUSTOMER = (
    select(
        _C.id,
        _C.customer_number,
        _C.full_name,
        _C.national_id,
        _C.birth_date,
        _C.language,
        _C.address_line,
        _C.city,
        _C.province,
        _C.timezone,
        _C.employer,
        _C.monthly_income,
        _ENTRY.lease_user_id,
        _ENTRY.lease_until,
    )
    .select_from(_table(Customer))
    .outerjoin(_table(WorklistEntry), _ENTRY.customer_id == _C.id)
    .where(_C.id == _ID)
)
_FLAGS = select(_F.id, _F.kind, _F.contact_point_id, _F.note, _F.set_at).where(
    _F.customer_id == _ID, _F.cleared_at.is_(None)
)
_POINTS = (
    select(
        _P.id,
        _P.kind,
        _P.owner,
        _P.owner_name,
        _P.e164,
        _P.raw_value,
        _P.dialable,
        _P.invalid_reason,
        _P.is_primary,
        _P.timezone_override,
        _P.verified_count,
        _P.wrong_number_count,
    )
    .where(_P.customer_id == _ID)
    .order_by(_P.is_primary.desc(), _P.id)
)
_ACCOUNTS = (
    select(
        _A.id,
        _A.account_number,
        _A.product,
        _A.product_name,
        _A.creditor,
        _A.currency,
        _A.principal,
        _A.outstanding,
        _A.arrears,
        _A.minimum_due,
        _A.installment_amount,
        _A.days_past_due,
        _A.bucket,
        _A.next_due_date,
        _A.status,
    )
    .where(_A.customer_id == _ID)
    .order_by(_A.id)
)
_INSTALLMENTS = (
    select(_I.account_id, _I.seq, _I.due_date, _I.amount_due, _I.amount_paid, _I.paid_on)
    .join(_table(Account), _A.id == _I.account_id)
    .where(_A.customer_id == _ID)
    .order_by(_I.account_id, _I.seq)
)
_PAYMENTS = (
    select(
        _PAY.account_id,
        _PAY.id,
        _PAY.kind,
        _PAY.paid_at,
        _PAY.amount,
        _PAY.channel,
        _PAY.reference,
        _PAY.reverses_payment_id,
    )
    .join(_table(Account), _A.id == _PAY.account_id)
    .where(_A.customer_id == _ID)
    .order_by(_PAY.paid_at.desc())
)
_INSTRUCTIONS = (
    select(_HOW.account_id, _HOW.kind, _HOW.provider, _HOW.value)
    .join(_table(Account), _A.id == _HOW.account_id)
    .where(_A.customer_id == _ID)
    .order_by(_HOW.id)
)
_CALLS = (
    select(
        _CALL.id,
        _CALL.started_at,
        _CALL.answered_at,
        _CALL.ended_at,
        _CALL.talk_seconds,
        _CALL.contact_point_id,
        _CALL.user_id,
        _CALL.sip_code,
        _OUT.disposition_code,
        _OUT.notes,
        _CALL.recording_path,
    )
    .select_from(_table(Interaction))
    .outerjoin(_table(Outcome), _OUT.interaction_id == _CALL.id)
    .where(_CALL.customer_id == _ID)
    .order_by(_CALL.started_at.desc())
    .limit(bindparam("limit"))
)
_PROMISES = (
    select(
        _PROM.id,
        _PROM.account_id,
        _PROM.amount,
        _PROM.currency,
        _PROM.due_date,
        _PROM.status,
        _PROM.amount_paid,
        _PROM.check_at,
        _PROM.created_at,
    )
    .where(_PROM.customer_id == _ID)
    .order_by(_PROM.created_at.desc())
)
_PLANS = (
    select(_PLAN.id, _PLAN.account_id, _PLAN.kind, _PLAN.status, _PLAN.currency, _PLAN.total, _PLAN.discount_amount)
    .where(_PLAN.customer_id == _ID)
    .order_by(_PLAN.created_at.desc())
)
_PLAN_PARTS = (
    select(_PLAN_PART.plan_id, _PLAN_PART.seq, _PLAN_PART.due_date, _PLAN_PART.amount)
    .join(_table(PaymentPlan), _PLAN.id == _PLAN_PART.plan_id)
    .where(_PLAN.customer_id == _ID)
    .order_by(_PLAN_PART.plan_id, _PLAN_PART.seq)
)
_CONSENTS = (
    select(_CONS.kind, _CONS.granted_at, _CONS.how, _CONS.expires_at, _CONS.revoked_at)
    .where(_CONS.customer_id == _ID)
    .order_by(_CONS.granted_at)
)


def load_profile(session: Session, customer_id: int, *, interactions: int = 100) -> CustomerProfile | None:
    """The profile of ``customer_id`` (the last ``interactions`` calls), or None if there is no such customer."""
    connection = session.connection()
    key = {"customer_id": customer_id}
    customer = connection.execute(_CUSTOMER, key).first()
    if customer is None:
        return None
    installments: dict[int, list[InstallmentView]] = defaultdict(list)
    for part in connection.execute(_INSTALLMENTS, key):
        installments[part.account_id].append(_build(InstallmentView, part))
    payments: dict[int, list[PaymentView]] = defaultdict(list)
    for pay in connection.execute(_PAYMENTS, key):
        payments[pay.account_id].append(
            PaymentView(
                pay.id, str(pay.kind), pay.paid_at, pay.amount, pay.channel, pay.reference, pay.reverses_payment_id
            )
        )
    instructions: dict[int, list[InstructionView]] = defaultdict(list)
    for how in connection.execute(_INSTRUCTIONS, key):
        instructions[how.account_id].append(InstructionView(str(how.kind), how.provider, how.value))
    accounts = tuple(
        _build(
            AccountView,
            (*row, tuple(installments[row.id]), tuple(payments[row.id]), tuple(instructions[row.id])),
            skip=0,
        )
        for row in connection.execute(_ACCOUNTS, key)
    )
    plans: tuple[PlanView, ...] = ()
    plan_rows = connection.execute(_PLANS, key).all()
    if plan_rows:
        parts: dict[int, list[tuple[int, dt.date, Decimal]]] = defaultdict(list)
        for row in connection.execute(_PLAN_PARTS, key):
            parts[row.plan_id].append((row.seq, row.due_date, row.amount))
        plans = tuple(_build(PlanView, (*row, tuple(parts[row.id])), skip=0) for row in plan_rows)
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
        flags=tuple(_build(FlagView, row, skip=0) for row in connection.execute(_FLAGS, key)),
        contact_points=tuple(_build(ContactPointView, row, skip=0) for row in connection.execute(_POINTS, key)),
        accounts=accounts,
        interactions=tuple(
            _build(InteractionView, row, skip=0) for row in connection.execute(_CALLS, {**key, "limit": interactions})
        ),
        promises=tuple(_build(PromiseView, row, skip=0) for row in connection.execute(_PROMISES, key)),
        plans=plans,
        consents=tuple(_build(ConsentView, row, skip=0) for row in connection.execute(_CONSENTS, key)),
        lease_user_id=customer.lease_user_id,
        lease_until=customer.lease_until,
    )
