"""The values a message is filled with: the call scripts' variables, and a few only messages need.

The script variables come from :func:`agent_desk.scripts.variables.script_variables` itself (one definition of
"amount due now" or "where to pay" for calls and messages alike). The message's own variables are about what it
was sent for — a promise, a payment, the agreed plan — taken from the message's context, else from the profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from agent_desk.scripts.variables import (
    accounts_in_scope,
    customer_zone,
    join_words,
    product_name,
    script_variables,
)
from agent_desk.text import Message, format_date, format_money, render
from agent_desk.worklist.profile import AccountView, CustomerProfile
from db.models import Channel, PaymentInstructionKind, PaymentKind, PlanStatus, PromiseStatus

MESSAGE_VARIABLES = frozenset(
    {
        "opt_out_hint",
        "promise_amount",
        "promise_date",
        "paid_amount",
        "paid_date",
        "plan_lines",
        "plan_total",
        "plan_status",
        "payment_short",
    }
)
# An SMS lists at most this many payments of a plan one by one; longer plans are summed up in one sentence.
SMS_PLAN_LINES = 3
DEFAULT_OPT_OUT_KEYWORD = "STOP"


def message_variables(
    profile: CustomerProfile,
    *,
    language: str,
    channel: Channel,
    now: dt.datetime,
    agent_name: str,
    context: Mapping[str, Any],
    opt_out_keyword: str = DEFAULT_OPT_OUT_KEYWORD,
) -> dict[str, str]:
    """Every variable a template may use, filled for ``profile`` in ``language`` for ``channel``."""
    values = script_variables(profile, language=language, now=now, agent_name=agent_name, recording=False)
    values["opt_out_hint"] = render(Message.of("outbox.opt_out_hint", keyword=opt_out_keyword), language)
    values["payment_short"] = payment_short(profile, language)
    promise = _promise(profile, context)
    if promise is not None:
        values["promise_amount"] = format_money(promise[0], promise[1])
        values["promise_date"] = format_date(promise[2], language)
    payment = _payment(profile, context, customer_zone(profile))
    if payment is not None:
        values["paid_amount"] = format_money(payment[0], payment[1])
        values["paid_date"] = format_date(payment[2], language)
    plan = plan_of(profile, context)
    if plan is not None:
        lines, currency, pending = plan
        values["plan_lines"] = plan_lines(lines, currency, language, channel)
        values["plan_total"] = format_money(sum((amount for _, amount in lines), Decimal(0)), currency)
        values["plan_status"] = render(Message.of("outbox.plan.pending"), language) if pending else ""
    for name in MESSAGE_VARIABLES - values.keys():
        values[name] = render(Message.of(f"outbox.placeholder.{name}"), language)
    return values


def payment_short(profile: CustomerProfile, language: str) -> str:
    """One way to pay per account, for an SMS: the payment link, else the first virtual account, else the first
    minimarket code. Each way is said once; when the customer has more than one account, each way names the
    account(s) it pays, as the longer messages' payment channels do ("tautan pembayaran https://… (untuk KTA
    akhiran 1111); tautan pembayaran https://… (untuk Kartu Kredit akhiran 2222)")."""
    accounts = accounts_in_scope(profile)
    ways: dict[str, list[AccountView]] = {}
    for account in accounts:
        way = _short_way(account, language)
        if way is not None:
            ways.setdefault(way, []).append(account)
    if not ways:
        return render(Message.of("script.channel_none"), language)
    if len(accounts) == 1:
        return next(iter(ways))
    return "; ".join(
        render(Message.of("outbox.pay_for", way=way, accounts=_account_names(paid, language)), language)
        for way, paid in ways.items()
    )


def _short_way(account: AccountView, language: str) -> str | None:
    """The one way to pay ``account`` an SMS gives: its payment link, else a virtual account, else a code."""
    ways = {how.kind: how for how in reversed(account.instructions)}  # the first of each kind
    for kind, code in (
        (PaymentInstructionKind.PAYMENT_LINK, "script.channel_link"),
        (PaymentInstructionKind.VIRTUAL_ACCOUNT, "script.channel_va"),
        (PaymentInstructionKind.MINIMARKET_CODE, "script.channel_minimarket"),
    ):
        how = ways.get(kind.value)
        if how is not None:
            return render(
                Message.of(code, url=how.value, bank=how.provider, store=how.provider, number=how.value), language
            )
    return None


def _account_names(accounts: Sequence[AccountView], language: str) -> str:
    """ "KTA Contoh ending 1111", or "… ending 1111 and Kartu Kredit ending 2222" when one way pays both."""
    names = [
        render(
            Message.of("outbox.pay_account", product=product_name(account, language), tail=account.account_number[-4:]),
            language,
        )
        for account in accounts
    ]
    return join_words(names, language)


def plan_lines(lines: Sequence[tuple[dt.date, Decimal]], currency: str, language: str, channel: Channel) -> str:
    """The payments of a plan: one line each ("- Rp 500.000 on Fri 28 Nov 2026"), or one sentence in an SMS."""

    def line(day: dt.date, amount: Decimal) -> str:
        return render(Message.of("outbox.plan.line", amount=format_money(amount, currency), day=day), language)

    if channel is not Channel.SMS:
        return "\n".join(f"- {line(day, amount)}" for day, amount in lines)
    if len(lines) <= SMS_PLAN_LINES:
        return "; ".join(line(day, amount) for day, amount in lines)
    return render(
        Message.of(
            "outbox.plan.many",
            count=len(lines),
            first=format_money(lines[0][1], currency),
            first_day=lines[0][0],
            last_day=lines[-1][0],
        ),
        language,
    )


def plan_of(
    profile: CustomerProfile, context: Mapping[str, Any]
) -> tuple[list[tuple[dt.date, Decimal]], str, bool] | None:
    """The payments the message is about: the plan in its context, else the customer's latest open plan,
    else their next pending promise; with the currency and whether the plan still awaits approval."""
    plan = context.get("plan")
    if isinstance(plan, Mapping) and plan.get("lines"):
        lines = [(dt.date.fromisoformat(str(day)), Decimal(str(amount))) for day, amount in plan["lines"]]
        return lines, str(plan.get("currency", "IDR")), bool(plan.get("pending_approval"))
    open_plans = [
        p
        for p in profile.plans
        if p.status in (PlanStatus.PENDING_APPROVAL, PlanStatus.APPROVED, PlanStatus.ACTIVE) and p.installments
    ]
    if open_plans:
        latest = max(open_plans, key=lambda p: (p.created_at or dt.datetime.min.replace(tzinfo=dt.UTC), p.id))
        lines = [(day, amount) for _, day, amount in latest.installments]
        return lines, latest.currency, latest.status is PlanStatus.PENDING_APPROVAL
    promise = _promise(profile, context)
    if promise is not None:
        return [(promise[2], promise[0])], promise[1], False
    return None


def _promise(profile: CustomerProfile, context: Mapping[str, Any]) -> tuple[Decimal, str, dt.date] | None:
    given = context.get("promise")
    if isinstance(given, Mapping) and given.get("amount") and given.get("due_date"):
        return (
            Decimal(str(given["amount"])),
            str(given.get("currency", "IDR")),
            dt.date.fromisoformat(str(given["due_date"])),
        )
    promise_id = context.get("promise_id")
    found = [p for p in profile.promises if p.id == promise_id] if promise_id else []
    if not found:
        found = sorted(
            (p for p in profile.promises if p.status is PromiseStatus.PENDING), key=lambda p: (p.due_date, p.id)
        )
    if not found:
        return None
    promise = found[0]
    return promise.amount, promise.currency, promise.due_date


def _payment(profile: CustomerProfile, context: Mapping[str, Any], zone: str) -> tuple[Decimal, str, dt.date] | None:
    given = context.get("payment")
    if isinstance(given, Mapping) and given.get("amount") and given.get("day"):
        return (
            Decimal(str(given["amount"])),
            str(given.get("currency", "IDR")),
            dt.date.fromisoformat(str(given["day"])),
        )
    payments = [
        (pay.paid_at, pay.amount, account.currency)
        for account in profile.accounts
        for pay in account.payments
        if pay.kind == PaymentKind.PAYMENT.value and pay.amount > 0
    ]
    if not payments:
        return None
    paid_at, amount, currency = max(payments, key=lambda item: item[0])
    return amount, currency, paid_at.astimezone(ZoneInfo(zone)).date()
