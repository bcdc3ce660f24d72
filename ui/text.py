"""Rendering of agent_desk's messages and money in the interface language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from agent_desk import text as domain_text

_language = "en"


def set_language(language: str) -> None:
    global _language  # noqa: PLW0603 - one interface language per process
    _language = language if language in domain_text.LANGUAGES else "en"


def language() -> str:
    return _language


def render(message: domain_text.Message) -> str:
    return domain_text.render(message, _language)


def label(code: str) -> str:
    """The label of a catalog code such as ``disposition.promise_to_pay`` or ``bucket.dpd_1_30``."""
    return domain_text.render(domain_text.Message(code), _language)


def money(value: Decimal, currency: str = "IDR") -> str:
    return domain_text.format_money(value, currency)


def local_time(moment: dt.datetime, zone: str, *, with_date: bool = False) -> str:
    return domain_text.format_local_time(moment, zone, _language, with_date=with_date)


def percent(fraction: float) -> str:
    """A rate 0–1 as a percentage with one decimal in the interface language ("49.4 %", "49,4 %")."""
    return domain_text.format_decimal(Decimal(f"{fraction * 100:.1f}"), _language) + " %"


def date(day: dt.date) -> str:
    return domain_text.format_date(day, _language)
