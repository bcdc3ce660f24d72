"""Quoting a plan: the arithmetic, the promise policy and the user's authority, checked in one place.

:func:`quote_plan` is what the calculator shows while the agent types, and what the wrap-up save re-runs in the
service layer: a draft that the policy refuses cannot be saved at all; a draft beyond the user's authority is
saved as an approval request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.negotiation.limits import Authority, PromisePolicy, authority_for, promise_policy
from agent_desk.negotiation.plans import (
    Affordability,
    PlanDraft,
    ScheduledPayment,
    add_months,
    affordability,
    build_schedule,
    discount,
    is_whole,
)
from agent_desk.text import Amount, Message, currency_format
from db.models import Account, Customer, PlanKind

ZERO = Decimal(0)


@dataclasses.dataclass(frozen=True)
class PlanQuote:
    """A draft worked out: amounts, schedule, affordability, and what stands in its way.

    Attributes:
        beyond_authority: why the plan needs a supervisor's approval (empty: within the user's authority).
        policy_problems: why it cannot be saved or requested at all (promise policy, inconsistent input).
    """

    draft: PlanDraft
    discount_amount: Decimal
    total: Decimal
    schedule: tuple[ScheduledPayment, ...]
    affordability: Affordability
    authority: Authority
    beyond_authority: tuple[Message, ...]
    policy_problems: tuple[Message, ...]

    @property
    def needs_approval(self) -> bool:
        return bool(self.beyond_authority)

    @property
    def can_save(self) -> bool:
        return not self.policy_problems

    def read_back_messages(self, customer_name: str) -> list[Message]:
        """The read-back as messages, one line each (see :meth:`read_back`)."""
        draft, currency = self.draft, self.draft.currency
        lines = [Message.of("negotiation.read_back.opening", name=customer_name)]
        percent = _percent(draft.discount_rate)
        if draft.kind is PlanKind.SETTLEMENT:
            lines.append(
                Message.of(
                    "negotiation.read_back.settlement",
                    base=Amount(draft.base_amount, currency),
                    percent=percent,
                    discount=Amount(self.discount_amount, currency),
                    total=Amount(self.total, currency),
                )
            )
        elif draft.kind is PlanKind.EARLY_PAYMENT:
            lines.append(
                Message.of(
                    "negotiation.read_back.early_payment",
                    base=Amount(draft.base_amount, currency),
                    percent=percent,
                    discount=Amount(self.discount_amount, currency),
                    total=Amount(self.total, currency),
                )
            )
        else:
            lines.append(Message.of("negotiation.read_back.installments", total=Amount(self.total, currency)))
        if len(self.schedule) == 1:
            payment = self.schedule[0]
            lines.append(
                Message.of(
                    "negotiation.read_back.single", amount=Amount(payment.amount, currency), day=payment.due_date
                )
            )
        else:
            lines.append(Message.of("negotiation.read_back.count", count=len(self.schedule)))
            for payment in self.schedule:
                lines.append(
                    Message.of(
                        "negotiation.read_back.payment",
                        seq=payment.seq,
                        amount=Amount(payment.amount, currency),
                        day=payment.due_date,
                    )
                )
        lines.append(
            Message.of("negotiation.read_back.pending" if self.needs_approval else "negotiation.read_back.agreed")
        )
        lines.append(Message.of("negotiation.read_back.closing"))
        return lines

    def read_back(self, language: str, customer_name: str) -> str:
        """The text the agent reads to the customer: what is agreed, the total, each payment's date and amount."""
        return "\n".join(line.render(language) for line in self.read_back_messages(customer_name))


def _percent(rate: Decimal) -> Decimal:
    return (rate * 100).quantize(Decimal("0.01")).normalize()


@dataclasses.dataclass(frozen=True)
class Balances:
    outstanding: Decimal
    arrears: Decimal


def balances(session: Session, draft: PlanDraft) -> tuple[Balances | None, list[Message]]:
    """What the customer owes in the plan's scope: the account, or all their accounts in the plan's currency."""
    customer = session.get(Customer, draft.customer_id)
    if customer is None:
        return None, [Message.of("negotiation.error.unknown_customer", customer=draft.customer_id)]
    if draft.account_id is not None:
        account = session.get(Account, draft.account_id)
        if account is None or account.customer_id != draft.customer_id:
            return None, [Message.of("negotiation.error.not_their_account")]
        if account.currency != draft.currency:
            return None, [Message.of("negotiation.error.currency", currency=draft.currency, expected=account.currency)]
        return Balances(account.outstanding, account.arrears), []
    row = session.execute(
        select(func.coalesce(func.sum(Account.outstanding), 0), func.coalesce(func.sum(Account.arrears), 0)).where(
            Account.customer_id == draft.customer_id, Account.currency == draft.currency
        )
    ).one()
    return Balances(Decimal(row[0]), Decimal(row[1])), []


def beyond_authority(
    authority: Authority, kind: PlanKind, rate: Decimal, installments: int, *, who: str | None = None
) -> list[Message]:
    """Why a plan is beyond ``authority`` (empty when it is within); with ``who``, each reason names whose limit."""
    reasons = []
    table, named = ("negotiation.beyond_of", {"who": who}) if who else ("negotiation.beyond", {})
    if kind is PlanKind.SETTLEMENT and rate > authority.max_settlement_discount:
        reasons.append(
            Message.of(
                f"{table}.settlement",
                percent=_percent(rate),
                limit=_percent(authority.max_settlement_discount),
                **named,
            )
        )
    if kind is PlanKind.EARLY_PAYMENT and rate > authority.max_early_payment_discount:
        reasons.append(
            Message.of(
                f"{table}.early_payment",
                percent=_percent(rate),
                limit=_percent(authority.max_early_payment_discount),
                **named,
            )
        )
    if installments > authority.max_installments:
        reasons.append(
            Message.of(f"{table}.installments", count=installments, limit=authority.max_installments, **named)
        )
    return reasons


def schedule_problems(
    policy: PromisePolicy,
    schedule: Sequence[ScheduledPayment],
    *,
    total: Decimal,
    currency: str,
    arrears: Decimal,
    today: dt.date,
) -> list[Message]:
    """The promise policy applied to a schedule, seen from the customer's ``today``."""
    problems: list[Message] = []
    if not schedule:
        return problems
    first, last = schedule[0], schedule[-1]
    if first.due_date < today:
        problems.append(Message.of("negotiation.error.first_date_past", day=first.due_date))
    latest_first = today + dt.timedelta(days=policy.max_days_ahead)
    if first.due_date > latest_first:
        problems.append(
            Message.of(
                "negotiation.error.first_date_too_far",
                day=first.due_date,
                days=policy.max_days_ahead,
                latest=latest_first,
            )
        )
    latest_last = add_months(today, policy.max_plan_months)
    if last.due_date > latest_last:
        problems.append(Message.of("negotiation.error.plan_too_long", day=last.due_date, months=policy.max_plan_months))
    minimum = policy.min_amount.get(currency)
    if minimum is not None and len(schedule) > 1:
        small = [p for p in schedule if p.amount < minimum]
        if small:
            problems.append(
                Message.of(
                    "negotiation.error.payment_too_small",
                    seq=small[0].seq,
                    amount=Amount(small[0].amount, currency),
                    minimum=Amount(minimum, currency),
                )
            )
    needed = min(total, arrears * policy.min_first_share_of_arrears)
    if first.amount < needed:
        problems.append(
            Message.of(
                "negotiation.error.first_too_small",
                amount=Amount(first.amount, currency),
                minimum=Amount(needed, currency),
            )
        )
    return problems


def quote_plan(session: Session, user_id: int, draft: PlanDraft, *, today: dt.date) -> PlanQuote:
    """Work out ``draft`` for ``user_id``: amounts, schedule, affordability, authority and policy.

    Args:
        today: the customer's local date (promise dates are the customer's days).
    """
    authority = authority_for(session, user_id)
    policy = promise_policy(session)
    problems: list[Message] = []
    try:
        minor = currency_format(draft.currency).minor_unit
    except KeyError:
        problems.append(Message.of("negotiation.error.unknown_currency", currency=draft.currency))
        minor = 2
    found, errors = balances(session, draft)
    problems += errors
    rate = draft.discount_rate
    if not ZERO <= rate < Decimal(1) or rate != rate.quantize(Decimal("0.0001")):
        problems.append(Message.of("negotiation.error.bad_rate", rate=str(rate)))
        rate = ZERO
    if draft.kind is PlanKind.INSTALLMENTS and rate != ZERO:
        problems.append(Message.of("negotiation.error.installments_no_discount"))
        rate = ZERO
    if draft.base_amount <= ZERO or not is_whole(draft.base_amount, 2):
        problems.append(Message.of("negotiation.error.bad_base"))
    elif found is not None:
        problems += _base_problems(draft, found)
    if not 1 <= draft.installments <= policy.max_installments:
        problems.append(
            Message.of("negotiation.error.bad_installments", count=draft.installments, limit=policy.max_installments)
        )
    if draft.frequency not in policy.frequencies:
        problems.append(Message.of("negotiation.error.frequency", frequency=draft.frequency))
    for stated in (draft.stated_income, draft.stated_expenses):
        if stated is not None and stated < ZERO:
            problems.append(Message.of("negotiation.error.negative_budget"))
            break
    base = max(draft.base_amount, ZERO)
    discount_amount, total = discount(base, rate, minor)
    schedule: tuple[ScheduledPayment, ...] = ()
    if not problems:
        schedule, more = _schedule(draft, total, minor)
        problems += more
    if schedule:
        arrears = found.arrears if found is not None else ZERO
        problems += schedule_problems(
            policy, schedule, total=total, currency=draft.currency, arrears=arrears, today=today
        )
    afford = affordability(
        schedule,
        frequency=draft.frequency,
        income=draft.stated_income,
        expenses=draft.stated_expenses,
        affordable_share=policy.affordable_share,
        currency=draft.currency,
        minor_unit=minor,
    )
    return PlanQuote(
        draft=draft,
        discount_amount=discount_amount,
        total=total,
        schedule=schedule,
        affordability=afford,
        authority=authority,
        beyond_authority=tuple(beyond_authority(authority, draft.kind, rate, draft.installments)),
        policy_problems=tuple(problems),
    )


def _base_problems(draft: PlanDraft, found: Balances) -> list[Message]:
    """The base must be what the customer owes: a lower base would be a discount in disguise."""
    currency = draft.currency
    if draft.kind is PlanKind.SETTLEMENT and draft.base_amount != found.outstanding:
        return [
            Message.of(
                "negotiation.error.base_outstanding",
                base=Amount(draft.base_amount, currency),
                owed=Amount(found.outstanding, currency),
            )
        ]
    if draft.kind is PlanKind.EARLY_PAYMENT and draft.base_amount != found.arrears:
        return [
            Message.of(
                "negotiation.error.base_arrears",
                base=Amount(draft.base_amount, currency),
                owed=Amount(found.arrears, currency),
            )
        ]
    if draft.kind is PlanKind.INSTALLMENTS and draft.base_amount > found.outstanding:
        return [
            Message.of(
                "negotiation.error.base_above_outstanding",
                base=Amount(draft.base_amount, currency),
                owed=Amount(found.outstanding, currency),
            )
        ]
    return []


def _schedule(draft: PlanDraft, total: Decimal, minor: int) -> tuple[tuple[ScheduledPayment, ...], list[Message]]:
    currency = draft.currency
    if total <= ZERO:
        return (), [Message.of("negotiation.error.nothing_to_pay")]
    first = draft.first_amount
    if first is not None:
        if first <= ZERO or not is_whole(first, minor):
            return (), [Message.of("negotiation.error.first_minor_unit", currency=currency)]
        if draft.installments > 1 and first >= total:
            return (), [Message.of("negotiation.error.first_too_large", total=Amount(total, currency))]
        if draft.installments == 1 and first != total:
            first = None  # one payment is the whole total, whatever was typed as the first
    try:
        schedule = build_schedule(
            total,
            installments=draft.installments,
            first_amount=first,
            first_date=draft.first_date,
            frequency=draft.frequency,
            minor_unit=minor,
        )
    except ValueError:
        return (), [
            Message.of("negotiation.error.cannot_split", total=Amount(total, currency), count=draft.installments)
        ]
    return schedule, []
