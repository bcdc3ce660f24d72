"""What a text said before the right party is confirmed (or to a third party) must not contain."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agent_desk.scripts.variables import accounts_in_scope, product_name, script_settings
from agent_desk.text import format_money
from agent_desk.worklist.profile import CustomerProfile

# Words that reveal a debt, in both languages (matched at word starts, case-insensitive).
DEBT_WORDS = (
    r"utang",
    r"hutang",
    r"tagih",
    r"penagihan",
    r"tunggak",
    r"cicil",
    r"angsur",
    r"bayar",
    r"pembayaran",
    r"pinjam",
    r"kredit",
    r"jatuh tempo",
    r"kewajiban",
    r"denda",
    r"telat",
    r"terlambat",
    r"lunas",
    r"rekening",
    r"nasabah",
    r"debt",
    r"bill",
    r"arrear",
    r"overdue",
    r"payment",
    r"pay\b",
    r"paid",
    r"loan",
    r"installment",
    r"instalment",
    r"credit",
    r"owe[sd]?\b",
    r"owing",
    r"collect",
    r"outstanding",
    r"late fee",
    r"due\b",
    r"account",
    r"balance",
    r"finance",
)
_DEBT = re.compile(r"\b(?:" + "|".join(DEBT_WORDS) + ")", re.IGNORECASE)


def debt_words(text: str) -> list[str]:
    return [match.group(0) for match in _DEBT.finditer(text)]


def forbidden_values(profile: CustomerProfile) -> Iterator[str]:
    """The customer's amounts (every balance as format_money writes it), numbers, products and creditors."""
    yield str(script_settings()["company_name"])
    for account in profile.accounts:
        for value in (
            account.outstanding,
            account.arrears,
            account.minimum_due,
            account.installment_amount,
            account.principal,
        ):
            if value is not None and value > 0:
                yield format_money(value, account.currency)
        for part in account.installments:
            yield format_money(part.amount_due, account.currency)
        yield account.account_number
        if account.creditor:
            yield account.creditor
        if account.product_name:
            yield account.product_name
        for how in account.instructions:
            yield how.value
    for account in accounts_in_scope(profile):
        yield product_name(account, "id")
        yield product_name(account, "en")


def disclosures(
    text: str, profile: CustomerProfile, agent_name: str, forbidden: frozenset[str] | None = None
) -> list[str]:
    """Everything in ``text`` that would reveal the debt (empty when the text is safe).

    The customer's and the agent's names are taken out first (a name is no disclosure, and could contain a
    word such as "Bill"); ``forbidden`` is :func:`forbidden_values` computed once per customer.
    """
    neutral = text.replace(profile.full_name, " ").replace(agent_name, " ")
    values = forbidden if forbidden is not None else frozenset(forbidden_values(profile))
    found = [value for value in values if value and value in neutral]
    return found + debt_words(neutral)
