"""Everything the profile pane shows about one customer, as plain frozen data (never ORM objects).

Loaded by :func:`agent_desk.worklist.customer.load_profile`; *Next* returns it with the lease.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from db.models import (
    AccountStatus,
    ActionKind,
    Channel,
    ConsentKind,
    ContactKind,
    ContactOwner,
    Direction,
    FlagKind,
    OutboxStatus,
    PlanKind,
    PlanStatus,
    PromiseStatus,
)


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
    invalidated_at: dt.datetime | None
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None
    relationship: str | None = None  # of an emergency contact to the customer: parent, sibling, friend…


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
    posted_at: dt.datetime


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
    updated_at: dt.datetime
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
    direction: Direction
    right_party: bool
    manual_reason: str | None = None  # a call made outside the softphone, entered by hand with this reason
    # A call, or a message of the outbox (then its template and where it stands: sent, delivered, failed…).
    channel: Channel = Channel.CALL
    message_template: str | None = None
    message_status: OutboxStatus | None = None


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
    created_at: dt.datetime | None = None
    decision_reason: str | None = None
    decided_by_user_id: int | None = None
    decided_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class ConsentView:
    """A consent; ``hours`` are the minutes of the local day [start, end) it names, if any."""

    kind: ConsentKind
    granted_at: dt.datetime
    how: str
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    hours: tuple[int, int] | None


@dataclasses.dataclass(frozen=True)
class ActionView:
    """An open scheduled action: what is planned for the customer and when."""

    id: int
    kind: ActionKind
    due_at: dt.datetime
    contact_point_id: int | None
    promise_id: int | None
    created_at: dt.datetime


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
    actions: tuple[ActionView, ...]
    assigned_user_id: int | None
    assigned_team_id: int | None
    lease_user_id: int | None
    lease_until: dt.datetime | None
    skipped_until: dt.datetime | None = None  # an agent skipped the customer: nobody is offered them until then
    skip_reason: str | None = None
    score: Any = None  # the scoring model's StoredScore (agent_desk.worklist.facts), None before any scoring


def mask_national_id(value: str | None) -> str | None:
    """ "3174012345670001" → "••••••••••••0001"."""
    if not value:
        return None
    return "•" * max(0, len(value) - 4) + value[-4:]
