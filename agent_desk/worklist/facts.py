"""Everything the worklist needs to know about customers, loaded in a few set-based queries.

One code path serves the hot path (one customer, at lease and save time) and the rebuild (thousands at once):
:func:`load_facts` takes a list of customer ids and returns plain frozen facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from agent_desk.compliance.facts import ConsentFacts, Conversation, NumberFacts
from agent_desk.compliance.policy import parse_minutes
from db.models import (
    Account,
    AccountStatus,
    ActionKind,
    ActionStatus,
    Consent,
    ConsentKind,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerFlag,
    Direction,
    Disposition,
    FlagKind,
    Interaction,
    Outcome,
    Payment,
    PaymentKind,
    Promise,
    PromiseStatus,
    ScheduledAction,
)

T = TypeVar("T")
PHONE_KINDS = (ContactKind.MOBILE, ContactKind.HOME, ContactKind.WORK)


@dataclasses.dataclass(frozen=True)
class AccountFacts:
    id: int
    account_number: str
    currency: str
    outstanding: Decimal
    arrears: Decimal
    installment_amount: Decimal | None
    minimum_due: Decimal | None
    days_past_due: int
    next_due_date: dt.date | None
    status: AccountStatus
    updated_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class PaymentFacts:
    id: int
    account_id: int
    kind: PaymentKind
    paid_at: dt.datetime
    amount: Decimal
    reverses_payment_id: int | None
    posted_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class PromiseFacts:
    id: int
    account_id: int | None
    amount: Decimal
    currency: str
    due_date: dt.date
    status: PromiseStatus
    amount_paid: Decimal
    created_at: dt.datetime
    check_at: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class ActionFacts:
    id: int
    kind: ActionKind
    due_at: dt.datetime
    contact_point_id: int | None
    promise_id: int | None
    created_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class CallFacts:
    """One outbound call attempt; ``right_party`` when its outcome says the customer was reached."""

    at: dt.datetime
    contact_point_id: int | None
    owner: ContactOwner
    answered_at: dt.datetime | None
    right_party: bool


@dataclasses.dataclass(frozen=True)
class CustomerFacts:
    customer_id: int
    customer_number: str
    full_name: str
    timezone: str | None
    province: str | None
    assigned_user_id: int | None
    assigned_team_id: int | None
    flags: frozenset[FlagKind]
    numbers: tuple[NumberFacts, ...]
    consents: tuple[ConsentFacts, ...]
    accounts: tuple[AccountFacts, ...]
    payments: tuple[PaymentFacts, ...]
    promises: tuple[PromiseFacts, ...]
    actions: tuple[ActionFacts, ...]
    calls: tuple[CallFacts, ...]
    conversations: tuple[Conversation, ...]


def mask_number(kind: str, e164: str | None, raw: str) -> str:
    """ "mobile …789": enough for an agent to tell numbers apart, nothing for a log to leak."""
    digits = "".join(ch for ch in (e164 or raw) if ch.isdigit())
    return f"{kind} …{digits[-3:]}" if digits else kind


def load_facts(
    session: Session, customer_ids: Sequence[int], now: dt.datetime, history_days: int = 90
) -> dict[int, CustomerFacts]:
    """Facts of ``customer_ids`` as of ``now`` (calls and payments back ``history_days``)."""
    if not customer_ids:
        return {}
    ids = list(customer_ids)
    since = now - dt.timedelta(days=history_days)
    customers = session.execute(
        select(
            Customer.id,
            Customer.customer_number,
            Customer.full_name,
            Customer.timezone,
            Customer.province,
            Customer.assigned_user_id,
            Customer.assigned_team_id,
        ).where(_in(Customer.id)),
        {"ids": ids},
    ).all()
    numbers = _numbers(session, ids)
    flags: dict[int, set[FlagKind]] = defaultdict(set)
    number_flags: dict[int, set[FlagKind]] = defaultdict(set)
    for customer_id, point_id, kind in session.execute(
        select(CustomerFlag.customer_id, CustomerFlag.contact_point_id, CustomerFlag.kind).where(
            _in(CustomerFlag.customer_id), CustomerFlag.cleared_at.is_(None)
        ),
        {"ids": ids},
    ):
        (number_flags[point_id] if point_id is not None else flags[customer_id]).add(kind)
    consents: dict[int, list[ConsentFacts]] = defaultdict(list)
    for row in session.execute(
        select(Consent.customer_id, Consent.granted_at, Consent.expires_at, Consent.revoked_at, Consent.detail).where(
            _in(Consent.customer_id), Consent.kind == ConsentKind.CONTACT_OUTSIDE_HOURS
        ),
        {"ids": ids},
    ):
        consents[row.customer_id].append(
            ConsentFacts(row.granted_at, row.expires_at, row.revoked_at, _consent_hours(row.detail))
        )
    accounts: dict[int, list[AccountFacts]] = defaultdict(list)
    for row in session.execute(
        select(
            Account.customer_id,
            Account.id,
            Account.account_number,
            Account.currency,
            Account.outstanding,
            Account.arrears,
            Account.installment_amount,
            Account.minimum_due,
            Account.days_past_due,
            Account.next_due_date,
            Account.status,
            Account.updated_at,
        )
        .where(_in(Account.customer_id))
        .order_by(Account.id),
        {"ids": ids},
    ):
        accounts[row.customer_id].append(_build(AccountFacts, row))
    payments: dict[int, list[PaymentFacts]] = defaultdict(list)
    for row in session.execute(
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
        .where(_in(Account.customer_id), Payment.paid_at >= since)
        .order_by(Payment.paid_at, Payment.id),
        {"ids": ids},
    ):
        payments[row.customer_id].append(_build(PaymentFacts, row))
    promises: dict[int, list[PromiseFacts]] = defaultdict(list)
    for row in session.execute(
        select(
            Promise.customer_id,
            Promise.id,
            Promise.account_id,
            Promise.amount,
            Promise.currency,
            Promise.due_date,
            Promise.status,
            Promise.amount_paid,
            Promise.created_at,
            Promise.check_at,
        )
        .where(
            _in(Promise.customer_id),
            or_(Promise.status == PromiseStatus.PENDING, Promise.created_at >= since),
        )
        .order_by(Promise.due_date, Promise.id),
        {"ids": ids},
    ):
        promises[row.customer_id].append(_build(PromiseFacts, row))
    actions: dict[int, list[ActionFacts]] = defaultdict(list)
    for row in session.execute(
        select(
            ScheduledAction.customer_id,
            ScheduledAction.id,
            ScheduledAction.kind,
            ScheduledAction.due_at,
            ScheduledAction.contact_point_id,
            ScheduledAction.promise_id,
            ScheduledAction.created_at,
        )
        .where(_in(ScheduledAction.customer_id), ScheduledAction.status == ActionStatus.OPEN)
        .order_by(ScheduledAction.due_at, ScheduledAction.id),
        {"ids": ids},
    ):
        actions[row.customer_id].append(_build(ActionFacts, row))
    calls = _calls(session, ids, since)
    conversations = _conversations(session, ids, since)
    result = {}
    for row in customers:
        customer_numbers = tuple(
            dataclasses.replace(number, flags=frozenset(number_flags.get(number.id, ())))
            if number.id in number_flags
            else number
            for number in numbers.get(row.id, ())
        )
        result[row.id] = CustomerFacts(
            customer_id=row.id,
            customer_number=row.customer_number,
            full_name=row.full_name,
            timezone=row.timezone,
            province=row.province,
            assigned_user_id=row.assigned_user_id,
            assigned_team_id=row.assigned_team_id,
            flags=frozenset(flags.get(row.id, ())),
            numbers=customer_numbers,
            consents=tuple(consents.get(row.id, ())),
            accounts=tuple(accounts.get(row.id, ())),
            payments=tuple(payments.get(row.id, ())),
            promises=tuple(promises.get(row.id, ())),
            actions=tuple(actions.get(row.id, ())),
            calls=tuple(calls.get(row.id, ())),
            conversations=tuple(conversations.get(row.id, ())),
        )
    return result


def _build(cls: type[T], row: Any, skip: int = 1) -> T:
    """A facts dataclass from a result row, leaving out the first ``skip`` columns (the grouping key)."""
    return cls(*tuple(row)[skip:])


def _in(column: Any) -> ColumnElement[bool]:
    result: ColumnElement[bool] = column.in_(bindparam("ids", expanding=True))
    return result


def _numbers(session: Session, ids: list[int]) -> dict[int, list[NumberFacts]]:
    numbers: dict[int, list[NumberFacts]] = defaultdict(list)
    for row in session.execute(
        select(
            ContactPoint.customer_id,
            ContactPoint.id,
            ContactPoint.kind,
            ContactPoint.owner,
            ContactPoint.e164,
            ContactPoint.raw_value,
            ContactPoint.dialable,
            ContactPoint.invalid_reason,
            ContactPoint.invalidated_at,
            ContactPoint.valid_from,
            ContactPoint.valid_until,
            ContactPoint.timezone_override,
            ContactPoint.is_primary,
            ContactPoint.verified_count,
        )
        .where(_in(ContactPoint.customer_id), ContactPoint.kind.in_(PHONE_KINDS))
        .order_by(ContactPoint.id),
        {"ids": ids},
    ):
        dialable = bool(row.dialable) and row.invalidated_at is None and bool(row.e164)
        reason = row.invalid_reason if not dialable else None
        if not dialable and reason is None:
            reason = "unparseable" if not row.e164 else "unknown"
        numbers[row.customer_id].append(
            NumberFacts(
                id=row.id,
                owner=row.owner,
                label=mask_number(str(row.kind), row.e164, row.raw_value),
                dialable=dialable,
                invalid_reason=reason,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
                zone_override=row.timezone_override,
                is_primary=bool(row.is_primary),
                verified_count=int(row.verified_count or 0),
            )
        )
    return numbers


def _calls(session: Session, ids: list[int], since: dt.datetime) -> dict[int, list[CallFacts]]:
    calls: dict[int, list[CallFacts]] = defaultdict(list)
    query = (
        select(
            Interaction.customer_id,
            Interaction.started_at,
            Interaction.contact_point_id,
            ContactPoint.owner,
            Interaction.answered_at,
            Disposition.right_party_contact,
        )
        .outerjoin(ContactPoint, ContactPoint.id == Interaction.contact_point_id)
        .outerjoin(Outcome, Outcome.interaction_id == Interaction.id)
        .outerjoin(Disposition, Disposition.code == Outcome.disposition_code)
        .where(
            _in(Interaction.customer_id),
            Interaction.started_at >= since,
            Interaction.direction == Direction.OUTBOUND,
        )
        .order_by(Interaction.started_at)
    )
    for row in session.execute(query, {"ids": ids}):
        calls[row.customer_id].append(
            CallFacts(
                row.started_at,
                row.contact_point_id,
                row.owner or ContactOwner.SELF,
                row.answered_at,
                bool(row.right_party_contact),
            )
        )
    return calls


def _conversations(session: Session, ids: list[int], since: dt.datetime) -> dict[int, list[Conversation]]:
    talks: dict[int, list[Conversation]] = defaultdict(list)
    query = (
        select(Outcome.customer_id, Outcome.created_at, Interaction.answered_at, Interaction.started_at)
        .join(Disposition, and_(Disposition.code == Outcome.disposition_code, Disposition.right_party_contact))
        .outerjoin(Interaction, Interaction.id == Outcome.interaction_id)
        .where(_in(Outcome.customer_id), Outcome.created_at >= since)
    )
    for row in session.execute(query, {"ids": ids}):
        talks[row.customer_id].append(Conversation(row.answered_at or row.started_at or row.created_at))
    return talks


def _consent_hours(detail: object) -> tuple[int, int] | None:
    if not isinstance(detail, dict) or not detail.get("hours"):
        return None
    start, end = detail["hours"]
    return parse_minutes(str(start)), parse_minutes(str(end))


def customer_ids_of_accounts(session: Session, account_ids: Iterable[int]) -> set[int]:
    ids = list(set(account_ids))
    if not ids:
        return set()
    return set(session.scalars(select(Account.customer_id).where(_in(Account.id)), {"ids": ids}))
