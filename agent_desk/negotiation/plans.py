"""Plan arithmetic, pure and exact: discounts, schedules of payments and affordability.

Amounts are ``Decimal`` in whole minor units of the currency (whole rupiah for IDR). A discount is rounded so that
the customer never pays a fraction of a minor unit: the total is rounded down and the discount takes the rest,
so ``discount_amount + total == base_amount`` always. In a schedule the last payment absorbs the rounding.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from agent_desk.text import Amount, Message
from db.models import PlanKind

FREQUENCIES = ("weekly", "biweekly", "monthly")
# Payments per month of each frequency, to compare a schedule with a monthly income.
PER_MONTH = {"weekly": Decimal(52) / Decimal(12), "biweekly": Decimal(26) / Decimal(12), "monthly": Decimal(1)}


@dataclasses.dataclass(frozen=True)
class PlanDraft:
    """What the calculator (and the wrap-up) sends: the agreement as the agent set it up.

    Attributes:
        base_amount: the outstanding (settlement, installments) or the arrears (early payment).
        discount_rate: the discount as a fraction 0..1, off ``base_amount``.
        first_amount: a first payment different from the rest (a down payment); None splits equally.
        stated_income / stated_expenses: monthly, as the customer stated them (kept with the plan).
    """

    kind: PlanKind
    customer_id: int
    account_id: int | None
    currency: str
    base_amount: Decimal
    discount_rate: Decimal = Decimal(0)
    installments: int = 1
    first_amount: Decimal | None = None
    first_date: dt.date = dt.date(1970, 1, 1)
    frequency: str = "monthly"
    stated_income: Decimal | None = None
    stated_expenses: Decimal | None = None

    def to_dict(self) -> dict[str, str | int | None]:
        """A JSON-able form (decimals and dates as text), e.g. for the wrap-up's draft file."""
        return {
            "kind": str(self.kind),
            "customer_id": self.customer_id,
            "account_id": self.account_id,
            "currency": self.currency,
            "base_amount": str(self.base_amount),
            "discount_rate": str(self.discount_rate),
            "installments": self.installments,
            "first_amount": _text(self.first_amount),
            "first_date": self.first_date.isoformat(),
            "frequency": self.frequency,
            "stated_income": _text(self.stated_income),
            "stated_expenses": _text(self.stated_expenses),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanDraft:
        return cls(
            kind=PlanKind(str(data["kind"])),
            customer_id=int(data["customer_id"]),
            account_id=int(data["account_id"]) if data.get("account_id") is not None else None,
            currency=str(data["currency"]),
            base_amount=Decimal(str(data["base_amount"])),
            discount_rate=Decimal(str(data.get("discount_rate") or "0")),
            installments=int(data.get("installments") or 1),
            first_amount=_decimal(data.get("first_amount")),
            first_date=dt.date.fromisoformat(str(data["first_date"])),
            frequency=str(data.get("frequency") or "monthly"),
            stated_income=_decimal(data.get("stated_income")),
            stated_expenses=_decimal(data.get("stated_expenses")),
        )


@dataclasses.dataclass(frozen=True)
class ScheduledPayment:
    seq: int
    due_date: dt.date
    amount: Decimal


@dataclasses.dataclass(frozen=True)
class Affordability:
    """How the plan compares with what the customer said they can spare.

    Attributes:
        disposable: income less expenses a month (None when either was not stated).
        per_month: what the regular payments take a month.
        share: ``per_month / disposable`` (None when unknown or nothing is left).
        affordable: None when unknown.
    """

    disposable: Decimal | None
    per_month: Decimal
    share: Decimal | None
    affordable: bool | None
    message: Message


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def quantum(minor_unit: int) -> Decimal:
    """The smallest amount of a currency with ``minor_unit`` digits: 1 for IDR, 0.01 for USD."""
    return Decimal(1).scaleb(-minor_unit)


def is_whole(amount: Decimal, minor_unit: int) -> bool:
    return amount == amount.quantize(quantum(minor_unit))


def discount(base_amount: Decimal, rate: Decimal, minor_unit: int) -> tuple[Decimal, Decimal]:
    """``(discount_amount, total)`` of ``rate`` off ``base_amount``.

    The total is rounded down to whole minor units; the discount is the rest, so the two add up to the base
    exactly and the discount exceeds ``base × rate`` by less than one minor unit.
    """
    if not Decimal(0) <= rate <= Decimal(1):
        raise ValueError(f"a discount rate is a fraction between 0 and 1, not {rate}")
    total = (base_amount - base_amount * rate).quantize(quantum(minor_unit), rounding=ROUND_FLOOR)
    return base_amount - total, total


def add_months(day: dt.date, months: int, anchor_day: int | None = None) -> dt.date:
    """``day`` plus ``months``, on ``anchor_day`` (default: ``day``'s) clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(anchor_day or day.day, last))


def due_dates(first_date: dt.date, count: int, frequency: str) -> tuple[dt.date, ...]:
    """The due dates of ``count`` payments; monthly ones keep the first date's day, clamped to the month's end
    (31 Jan → 28/29 Feb → 31 Mar)."""
    if frequency == "weekly":
        return tuple(first_date + dt.timedelta(weeks=k) for k in range(count))
    if frequency == "biweekly":
        return tuple(first_date + dt.timedelta(weeks=2 * k) for k in range(count))
    if frequency == "monthly":
        return tuple(add_months(first_date, k, first_date.day) for k in range(count))
    raise ValueError(f"unknown frequency {frequency!r}; one of {', '.join(FREQUENCIES)}")


def build_schedule(
    total: Decimal,
    *,
    installments: int,
    first_amount: Decimal | None,
    first_date: dt.date,
    frequency: str,
    minor_unit: int,
) -> tuple[ScheduledPayment, ...]:
    """Split ``total`` into ``installments`` payments in whole minor units; the last absorbs the rounding.

    With ``first_amount`` the first payment is that amount and the rest is split equally among the others.

    Raises:
        ValueError: the split is impossible (a payment would be zero or negative, amounts not in whole minor
            units, an unknown frequency). :func:`agent_desk.negotiation.quote_plan` says why in words first.
    """
    unit = quantum(minor_unit)
    if installments < 1:
        raise ValueError("a plan has at least one payment")
    if not is_whole(total, minor_unit) or total <= 0:
        raise ValueError(f"the total {total} is not a positive amount in whole minor units")
    if first_amount is not None and (not is_whole(first_amount, minor_unit) or first_amount <= 0):
        raise ValueError(f"the first payment {first_amount} is not a positive amount in whole minor units")
    dates = due_dates(first_date, installments, frequency)
    if installments == 1:
        if first_amount is not None and first_amount != total:
            raise ValueError("a single payment is the whole total")
        return (ScheduledPayment(1, dates[0], total),)
    if first_amount is None:
        regular = (total / installments).quantize(unit, rounding=ROUND_FLOOR)
        amounts = [regular] * (installments - 1)
    else:
        rest = total - first_amount
        regular = (rest / (installments - 1)).quantize(unit, rounding=ROUND_FLOOR)
        amounts = [first_amount] + [regular] * (installments - 2)
    amounts.append(total - sum(amounts, Decimal(0)))
    if any(amount <= 0 for amount in amounts):
        raise ValueError(f"{total} cannot be split into {installments} payments of at least one minor unit")
    return tuple(
        ScheduledPayment(seq, day, amount) for seq, (day, amount) in enumerate(zip(dates, amounts, strict=True), 1)
    )


def monthly_load(schedule: tuple[ScheduledPayment, ...], frequency: str, minor_unit: int) -> Decimal:
    """What the regular payments take a month (the largest payment after the first; a single payment as is)."""
    if not schedule:
        return Decimal(0)
    if len(schedule) == 1:
        return schedule[0].amount
    regular = max(payment.amount for payment in schedule[1:])
    return (regular * PER_MONTH.get(frequency, Decimal(1))).quantize(quantum(minor_unit), rounding=ROUND_CEILING)


def affordability(
    schedule: tuple[ScheduledPayment, ...],
    *,
    frequency: str,
    income: Decimal | None,
    expenses: Decimal | None,
    affordable_share: Decimal,
    currency: str,
    minor_unit: int,
) -> Affordability:
    """Compare the plan's monthly load with the stated disposable income (advice for the agent, not a rule)."""
    per_month = monthly_load(schedule, frequency, minor_unit)
    if income is None or expenses is None:
        return Affordability(None, per_month, None, None, Message.of("negotiation.afford.unknown"))
    disposable = income - expenses
    if disposable <= 0:
        return Affordability(
            disposable,
            per_month,
            None,
            False,
            Message.of("negotiation.afford.nothing_left", income=Amount(income, currency)),
        )
    share = (per_month / disposable).quantize(Decimal("0.0001"))
    percent = (share * 100).quantize(Decimal(1))
    limit = (affordable_share * 100).quantize(Decimal(1))
    if share <= affordable_share:
        message = Message.of(
            "negotiation.afford.ok", per_month=Amount(per_month, currency), percent=percent, limit=limit
        )
        return Affordability(disposable, per_month, share, True, message)
    message = Message.of(
        "negotiation.afford.too_much", per_month=Amount(per_month, currency), percent=percent, limit=limit
    )
    return Affordability(disposable, per_month, share, False, message)
