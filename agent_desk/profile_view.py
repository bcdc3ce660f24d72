"""Figures the profile pane shows, computed from a :class:`CustomerProfile` without Qt.

The pane turns these into words; nothing here builds a sentence. Everything is cheap (the profile is painted on
the *Next* path), pure and unit-tested.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from agent_desk.charts import MonthFigures, due_vs_paid_by_month
from agent_desk.compliance.policy import Policy, valid_zone
from agent_desk.worklist.facts import PHONE_KINDS
from agent_desk.worklist.profile import (
    AccountView,
    ActionView,
    ContactPointView,
    CustomerProfile,
    FlagView,
    InteractionView,
    PlanView,
    PromiseView,
)
from db.models import ContactOwner, Direction, FlagKind, PromiseStatus

ZERO = Decimal("0.00")
MASK = "•"


@cache
def zone_info(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def customer_zone(profile: CustomerProfile, policy: Policy) -> str | None:
    """The customer's zone as the rules see it: explicit, else from the province; None when unknown."""
    return valid_zone(profile.timezone) or policy.zone_for_province(profile.province)


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    return moment.astimezone(zone_info(zone)).date()


def blocking_flags(profile: CustomerProfile, blocking: Collection[FlagKind]) -> list[FlagKind]:
    """The customer's own flags (not a number's) that block every call, in the order they were set."""
    return [flag.kind for flag in profile.flags if flag.contact_point_id is None and flag.kind in blocking]


def age_on(birth_date: dt.date | None, today: dt.date) -> int | None:
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


# --- numbers -------------------------------------------------------------------------------------------------


def mask_phone(raw: str, e164: str | None = None) -> str:
    """ "0812-6932-1143" → "0812-••••-1143": enough to tell numbers apart and to confirm one with the customer.

    The separators of the value as the core system wrote it are kept; values with 8 digits or fewer (never a
    dialable mobile) are shown as they are.
    """
    value = raw if any(ch.isdigit() for ch in raw) else (e164 or raw)
    if "@" in value:  # an e-mail address
        local, _, domain = value.partition("@")
        return f"{local[:1]}{MASK * 3}@{domain}"
    digits = sum(ch.isdigit() for ch in value)
    if digits <= 8:
        return value
    keep_head, keep_tail = 4, 4
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= keep_head or seen > digits - keep_tail else MASK)
        else:
            out.append(ch)
    return "".join(out)


def last_digits(point: ContactPointView, count: int = 4) -> str:
    digits = "".join(ch for ch in (point.e164 or point.raw_value) if ch.isdigit())
    return digits[-count:]


class NumberState(enum.StrEnum):
    """Whether a contact point can be dialled, in itself (the moment's rules are the status line's business)."""

    DIALABLE = "dialable"
    LOCATE_ONLY = "locate_only"  # a third party's number: only to find the customer
    NOT_A_PHONE = "not_a_phone"  # e-mail, WhatsApp
    INVALID = "invalid"  # not a number that can be dialled (invalid_reason says why)
    INVALIDATED = "invalidated"  # was a number, taken out of use (wrong number, not in service)
    FLAGGED = "flagged"  # a blocking flag on the number
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


@dataclasses.dataclass(frozen=True)
class NumberStatus:
    state: NumberState
    flags: tuple[FlagKind, ...] = ()  # the number's own flags (blocking or not)

    @property
    def dialable(self) -> bool:
        return self.state in (NumberState.DIALABLE, NumberState.LOCATE_ONLY)


def number_status(
    point: ContactPointView,
    flags: Iterable[FlagView],
    now: dt.datetime,
    *,
    debtor_owners: Collection[ContactOwner],
    blocking_flags: Collection[FlagKind],
) -> NumberStatus:
    own = tuple(flag.kind for flag in flags if flag.contact_point_id == point.id)
    if point.kind not in PHONE_KINDS:
        return NumberStatus(NumberState.NOT_A_PHONE, own)
    if point.invalidated_at is not None:
        return NumberStatus(NumberState.INVALIDATED, own)
    if not point.dialable or not point.e164:
        return NumberStatus(NumberState.INVALID, own)
    if any(kind in blocking_flags for kind in own):
        return NumberStatus(NumberState.FLAGGED, own)
    if point.valid_until is not None and point.valid_until <= now:
        return NumberStatus(NumberState.EXPIRED, own)
    if point.valid_from is not None and point.valid_from > now:
        return NumberStatus(NumberState.NOT_YET_VALID, own)
    if point.owner not in debtor_owners:
        return NumberStatus(NumberState.LOCATE_ONLY, own)
    return NumberStatus(NumberState.DIALABLE, own)


@dataclasses.dataclass(frozen=True)
class AnswerHours:
    """When a number's calls were answered: the busiest runs of local hours ``[start, end)``, best first."""

    ranges: tuple[tuple[int, int], ...]
    answered: int
    attempts: int


def answer_hours(
    calls: Iterable[InteractionView], contact_point_id: int, zone: str, *, minimum: int = 2, keep: int = 2
) -> AnswerHours:
    """Learned from the calls on one number: outbound attempts, and answered calls (inbound ones count as answered).

    Hours are the local hours of ``zone``; with fewer than ``minimum`` answered calls no range is given.
    """
    tz = zone_info(zone)
    hours: Counter[int] = Counter()
    attempts = answered = 0
    for call in calls:
        if call.contact_point_id != contact_point_id:
            continue
        attempts += call.direction is Direction.OUTBOUND
        if call.answered_at is not None or call.direction is Direction.INBOUND:
            answered += 1
            hours[(call.answered_at or call.started_at).astimezone(tz).hour] += 1
    if answered < minimum:
        return AnswerHours((), answered, attempts)
    runs: list[tuple[int, int, int]] = []  # (count, start, end)
    for hour in sorted(hours):
        if runs and runs[-1][2] == hour:
            count, start, _ = runs[-1]
            runs[-1] = (count + hours[hour], start, hour + 1)
        else:
            runs.append((hours[hour], hour, hour + 1))
    best = sorted(runs, key=lambda run: (-run[0], run[1]))[:keep]
    return AnswerHours(tuple((start, end) for _, start, end in best), answered, attempts)


# --- accounts ------------------------------------------------------------------------------------------------


class InstallmentState(enum.StrEnum):
    PAID = "paid"
    PAID_LATE = "paid_late"
    PARTLY_PAID = "partly_paid"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    UPCOMING = "upcoming"


@dataclasses.dataclass(frozen=True)
class InstallmentRow:
    """One installment as the table shows it; ``days`` are days late (paid late) or overdue (unpaid)."""

    seq: int
    due_date: dt.date
    amount_due: Decimal
    amount_paid: Decimal
    paid_on: dt.date | None
    state: InstallmentState
    days: int | None

    @property
    def unpaid(self) -> Decimal:
        return max(ZERO, self.amount_due - self.amount_paid)


def installment_rows(account: AccountView, today: dt.date) -> list[InstallmentRow]:
    rows = []
    for part in account.installments:
        days: int | None = None
        if part.amount_paid >= part.amount_due:
            if part.paid_on is not None and part.paid_on > part.due_date:
                state, days = InstallmentState.PAID_LATE, (part.paid_on - part.due_date).days
            else:
                state = InstallmentState.PAID
        elif part.due_date < today:
            state = InstallmentState.PARTLY_PAID if part.amount_paid > 0 else InstallmentState.OVERDUE
            days = (today - part.due_date).days
        elif part.amount_paid > 0:
            state = InstallmentState.PARTLY_PAID
        elif part.due_date == today:
            state = InstallmentState.DUE_TODAY
        else:
            state = InstallmentState.UPCOMING
        rows.append(
            InstallmentRow(part.seq, part.due_date, part.amount_due, part.amount_paid, part.paid_on, state, days)
        )
    return rows


@dataclasses.dataclass(frozen=True)
class Totals:
    currency: str
    outstanding: Decimal
    arrears: Decimal
    accounts: int


def totals(accounts: Sequence[AccountView]) -> list[Totals]:
    """Outstanding and arrears per currency, the currency with the most arrears first."""
    by_currency: dict[str, list[AccountView]] = {}
    for account in accounts:
        by_currency.setdefault(account.currency, []).append(account)
    found = [
        Totals(
            currency,
            sum((a.outstanding for a in group), ZERO),
            sum((a.arrears for a in group), ZERO),
            len(group),
        )
        for currency, group in by_currency.items()
    ]
    return sorted(found, key=lambda t: (-t.arrears, t.currency))


@dataclasses.dataclass(frozen=True)
class PaymentLine:
    account: AccountView
    paid_at: dt.datetime
    amount: Decimal
    kind: str
    channel: str | None
    reference: str | None
    reversed_reference: str | None  # for a reversal: the reference of the payment it reverses

    @property
    def is_reversal(self) -> bool:
        return self.kind == "reversal" or self.amount < 0


def payment_lines(accounts: Sequence[AccountView]) -> list[PaymentLine]:
    """Every payment and reversal of the customer, newest first."""
    references = {pay.id: pay.reference for account in accounts for pay in account.payments}
    lines = [
        PaymentLine(
            account,
            pay.paid_at,
            pay.amount,
            pay.kind,
            pay.channel,
            pay.reference,
            references.get(pay.reverses_payment_id) if pay.reverses_payment_id is not None else None,
        )
        for account in accounts
        for pay in account.payments
    ]
    lines.sort(key=lambda line: line.paid_at, reverse=True)
    return lines


def payment_history(
    accounts: Sequence[AccountView], currency: str, zone: str, today: dt.date, months: int = 12
) -> list[MonthFigures]:
    """Due vs paid per month over the ``months`` ending with ``today``'s, for the accounts in ``currency``.

    Payments fall in their local month (``zone``); reversals are negative and lower the month they were booked in.
    """
    chosen = [account for account in accounts if account.currency == currency]
    tz = zone_info(zone)
    return due_vs_paid_by_month(
        ((part.due_date, part.amount_due) for account in chosen for part in account.installments),
        ((pay.paid_at.astimezone(tz).date(), pay.amount) for account in chosen for pay in account.payments),
        until=today,
        months=months,
    )


# --- the timeline --------------------------------------------------------------------------------------------


class TimelineKind(enum.IntEnum):
    """What a timeline entry is; the value breaks ties at the same moment (higher shows first)."""

    CALL = 1
    PROMISE = 2
    PLAN = 3
    ACTION = 4


@dataclasses.dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: TimelineKind
    item: InteractionView | PromiseView | PlanView | ActionView


def plan_moment(plan: PlanView) -> dt.datetime | None:
    """When a plan was made; PlanView has no ``created_at`` yet, so its first installment's day stands in."""
    created = getattr(plan, "created_at", None)
    if isinstance(created, dt.datetime):
        return created
    if plan.installments:
        return dt.datetime.combine(plan.installments[0][1], dt.time(), tzinfo=dt.UTC)
    return None


def timeline(profile: CustomerProfile) -> list[TimelineEntry]:
    """Calls, promises, plans and open actions, newest first (open actions at their due time)."""
    entries = [TimelineEntry(call.started_at, TimelineKind.CALL, call) for call in profile.interactions]
    entries.extend(TimelineEntry(p.created_at, TimelineKind.PROMISE, p) for p in profile.promises)
    for plan in profile.plans:
        moment = plan_moment(plan)
        if moment is not None:
            entries.append(TimelineEntry(moment, TimelineKind.PLAN, plan))
    entries.extend(TimelineEntry(a.due_at, TimelineKind.ACTION, a) for a in profile.actions)
    entries.sort(key=lambda entry: (entry.at, entry.kind), reverse=True)
    return entries


def last_conversation(profile: CustomerProfile) -> InteractionView | None:
    """The latest call on which the customer was reached (interactions come newest first)."""
    return next((call for call in profile.interactions if call.right_party), None)


def pending_promises(profile: CustomerProfile) -> list[PromiseView]:
    return sorted((p for p in profile.promises if p.status is PromiseStatus.PENDING), key=lambda p: p.due_date)


def next_action(profile: CustomerProfile) -> ActionView | None:
    return min(profile.actions, key=lambda action: action.due_at, default=None)
