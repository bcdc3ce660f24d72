"""The values a call script is filled with, taken from the customer's profile, the agent and the settings.

Every value is already text in the script's language: money the currency's way ("Rp 1.250.000"), dates as
:func:`agent_desk.text.format_date` writes them, channels as short phrases from the message catalog.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from agent_desk.compliance.policy import load_policy
from agent_desk.profile_view import customer_zone as profile_customer_zone
from agent_desk.resources import load_toml
from agent_desk.text import Message, format_date, format_money, render
from agent_desk.worklist.profile import AccountView, CustomerProfile
from db.models import PaymentInstructionKind

FALLBACK_ZONE = "Asia/Jakarta"

# Variables that say nothing about the debt: the only ones a stage shown before the right party is confirmed,
# a third-party stage or the "someone else answered" objection may use.
SAFE_VARIABLES = frozenset(
    {"greeting", "agent_first_name", "agent_name", "customer", "customer_name", "honorific", "callback_number"}
)

# Variables that belong to the debt (the creditor, the products, amounts, dates, where to pay).
DEBT_VARIABLES = frozenset(
    {
        "company_name",
        "creditors",
        "products",
        "total_outstanding",
        "total_arrears",
        "amount_due_now",
        "next_amount",
        "next_due_date",
        "oldest_due_date",
        "days_past_due",
        "payment_channels",
        "virtual_accounts",
        "minimarket_codes",
        "payment_link",
    }
)

VARIABLES = SAFE_VARIABLES | DEBT_VARIABLES


@cache
def script_settings() -> dict[str, Any]:
    """``resources/scripts/settings.toml``: the company the agents speak for, the callback number, variants."""
    return load_toml("scripts", "settings.toml")


@cache
def workable_statuses() -> frozenset[str]:
    data = load_toml("strategy", "settings.toml")
    return frozenset(str(status) for status in data.get("workable", {}).get("statuses", ()))


def customer_zone(profile: CustomerProfile) -> str:
    """The customer's zone: explicit, else from the province, else western Indonesia's."""
    return profile_customer_zone(profile, load_policy()) or FALLBACK_ZONE


def accounts_in_scope(profile: CustomerProfile) -> tuple[AccountView, ...]:
    """The accounts the call is about: those the team works (all of them when none is workable)."""
    statuses = workable_statuses()
    workable = tuple(account for account in profile.accounts if _value(account.status) in statuses)
    return workable or profile.accounts


def honorific(profile: CustomerProfile | None, language: str) -> str:
    """How to address the customer. The profile carries no gender, so both forms are given ("Bapak/Ibu")."""
    del profile  # the form will follow the customer's gender once the model records it
    return render(Message.of("script.honorific"), language)


def greeting(local_hour: int, language: str) -> str:
    """ "Selamat pagi" / "Good morning" for the customer's local hour.

    Indonesian divides the day in four (pagi until 11, siang until 15, sore until 18, malam after);
    English in three (morning until 12, afternoon until 18, evening after).
    """
    if language == "id":
        part = "night" if local_hour < 4 else "morning" if local_hour < 11 else "midday" if local_hour < 15 else None
        if part is None:
            part = "afternoon" if local_hour < 18 else "evening"
    else:
        part = "morning" if 4 <= local_hour < 12 else "afternoon" if 12 <= local_hour < 18 else "evening"
    return render(Message.of(f"script.greeting_{part}"), language)


def script_variables(
    profile: CustomerProfile, *, language: str, now: dt.datetime, agent_name: str, recording: bool
) -> dict[str, str]:
    """Every script variable, filled for ``profile`` at ``now`` in ``language``.

    ``recording`` does not change any variable; the recording notice is a separate text of the disclosure stage
    (see :func:`agent_desk.scripts.build_script`). It is accepted here so callers pass one set of arguments.
    """
    del recording
    zone = customer_zone(profile)
    local = now.astimezone(ZoneInfo(zone))
    today = local.date()
    accounts = accounts_in_scope(profile)
    values = common_variables(language=language, now=now, agent_name=agent_name, local_hour=local.hour)
    title = honorific(profile, language)
    values.update(
        customer_name=profile.full_name,
        honorific=title,
        customer=f"{title} {profile.full_name}",
        creditors=join_words(_unique(account.creditor or values["company_name"] for account in accounts), language),
        products=join_words(_unique(product_name(account, language) for account in accounts), language),
        total_outstanding=_money(((a.currency, a.outstanding) for a in accounts), language),
        total_arrears=_money(((a.currency, a.arrears) for a in accounts), language),
        next_amount=_money(((a.currency, next_amount(a)) for a in accounts), language),
        amount_due_now=_money(((a.currency, due_now(a)) for a in accounts), language),
        days_past_due=str(max((max(a.days_past_due, 0) for a in accounts), default=0)),
        next_due_date=_date(min((a.next_due_date for a in accounts if a.next_due_date), default=None), language),
        oldest_due_date=_date(oldest_due_date(accounts, today), language),
        payment_channels=payment_channels(accounts, language),
        virtual_accounts=_channel_list(accounts, PaymentInstructionKind.VIRTUAL_ACCOUNT, language),
        minimarket_codes=_channel_list(accounts, PaymentInstructionKind.MINIMARKET_CODE, language),
        payment_link=_channel_list(accounts, PaymentInstructionKind.PAYMENT_LINK, language),
    )
    return values


def common_variables(
    *, language: str, now: dt.datetime, agent_name: str, local_hour: int | None = None
) -> dict[str, str]:
    """The variables that need no customer: the agent, the company, the callback number, the greeting."""
    settings = script_settings()
    name = agent_name.strip() or render(Message.of("script.agent_unknown"), language)
    hour = local_hour if local_hour is not None else now.astimezone(ZoneInfo(FALLBACK_ZONE)).hour
    return {
        "agent_name": name,
        "agent_first_name": name.split()[0],
        "company_name": str(settings["company_name"]),
        "callback_number": str(settings["callback_number"]),
        "greeting": greeting(hour, language),
    }


def due_now(account: AccountView) -> Decimal:
    """What would bring the account up to date: its arrears, or its next amount when nothing is late."""
    return account.arrears if account.arrears > 0 else next_amount(account)


def product_name(account: AccountView, language: str) -> str:
    return account.product_name or render(Message.of(f"product.{_value(account.product)}"), language)


def next_amount(account: AccountView) -> Decimal:
    """What the account asks for at its next due date: the minimum due, the installment, or what is left."""
    if account.minimum_due is not None:
        return account.minimum_due
    if account.installment_amount is not None:
        return account.installment_amount
    for part in account.installments:
        if part.amount_paid < part.amount_due:
            return part.amount_due - part.amount_paid
    return account.outstanding


def oldest_due_date(accounts: Iterable[AccountView], today: dt.date) -> dt.date | None:
    """The earliest due date still unpaid; for accounts without a schedule, today less their days past due."""
    dates: list[dt.date] = []
    for account in accounts:
        unpaid = [part.due_date for part in account.installments if part.amount_paid < part.amount_due]
        overdue = [day for day in unpaid if day < today]
        if overdue:
            dates.append(min(overdue))
        elif account.days_past_due > 0:
            dates.append(today - dt.timedelta(days=account.days_past_due))
        elif account.next_due_date is not None:
            dates.append(account.next_due_date)
        elif unpaid:
            dates.append(min(unpaid))
    return min(dates, default=None)


def payment_channels(accounts: Iterable[AccountView], language: str) -> str:
    """Where to pay, per account when there are several: "VA BCA 3901…, Indomaret kode bayar 77…, …"."""
    parts: list[tuple[AccountView, str]] = []
    for account in accounts:
        channels = [_channel(kind, provider, value, language) for kind, provider, value in _instructions(account)]
        if channels:
            parts.append((account, ", ".join(channels)))
    if not parts:
        return render(Message.of("script.channel_none"), language)
    if len(parts) == 1:
        return parts[0][1]
    return "; ".join(
        render(
            Message.of(
                "script.channel_account",
                product=product_name(account, language),
                tail=account.account_number[-4:],
                channels=channels,
            ),
            language,
        )
        for account, channels in parts
    )


def _instructions(account: AccountView) -> list[tuple[str, str, str]]:
    return [(_value(how.kind), how.provider, how.value) for how in account.instructions]


def _channel(kind: str, provider: str, value: str, language: str) -> str:
    if kind == PaymentInstructionKind.VIRTUAL_ACCOUNT.value:
        return render(Message.of("script.channel_va", bank=provider, number=value), language)
    if kind == PaymentInstructionKind.MINIMARKET_CODE.value:
        return render(Message.of("script.channel_minimarket", store=provider, number=value), language)
    return render(Message.of("script.channel_link", url=value), language)


def _channel_list(accounts: Iterable[AccountView], kind: PaymentInstructionKind, language: str) -> str:
    found = _unique(
        _channel(k, provider, value, language)
        for account in accounts
        for k, provider, value in _instructions(account)
        if k == kind.value
    )
    return ", ".join(found) if found else render(Message.of("script.channel_none"), language)


def _money(amounts: Iterable[tuple[str, Decimal]], language: str) -> str:
    """Amounts summed per currency ("Rp 1.250.000", or "Rp 1.250.000 + $ 20.00")."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for currency, value in amounts:
        totals[currency] += value
    if not totals:
        return format_money(Decimal(0), "IDR")
    return " + ".join(format_money(value, currency) for currency, value in totals.items())


def _date(day: dt.date | None, language: str) -> str:
    if day is None:
        return render(Message.of("script.date_unknown"), language)
    return format_date(day, language)


def join_words(items: list[str], language: str) -> str:
    """ "A", "A and B", "A, B and C" in ``language``."""
    if len(items) <= 1:
        return "".join(items)
    last = render(Message.of("script.and"), language)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _value(value: object) -> str:
    return str(getattr(value, "value", value))


def generic_variables(*, language: str, now: dt.datetime, agent_name: str) -> Mapping[str, str]:
    """Values for text shown without a customer: the common ones, and a neutral placeholder for the rest."""
    values = common_variables(language=language, now=now, agent_name=agent_name)
    for name in VARIABLES - values.keys():
        values[name] = render(Message.of(f"script.placeholder.{name}"), language)
    return values
