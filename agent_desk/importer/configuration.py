"""What the book must be configured for before new accounts and customers come in, checked once per file or delta.

Two things the queue needs cannot come from a file row: a *reference amount* for every currency (the priority score
measures expected recovery in it — without one, a currency's amounts would be compared as if one unit were worth a
typical payment), and a *policy pack* whose country fits the customers (the calling hours and caps are the law of a
country). Either missing is an error that says what to configure; nothing is written.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.compliance.policy import PolicyError, available_policies, load_policy
from agent_desk.text import Message
from agent_desk.worklist.settings import read_settings, store_setting
from db.models import AuditEvent, StrategySetting


def configuration_problems(
    session: Session,
    currencies: collections.Counter[str],
    countries: collections.Counter[str],
    *,
    reference_amounts: Mapping[str, Decimal] | None = None,
) -> list[Message]:
    """Problems with the settings for these currencies and countries (rows per value), or none.

    ``reference_amounts`` are those the mapping gives (stored by :func:`store_reference_amounts` on import)."""
    settings = read_settings(session)
    given = reference_amounts or {}
    problems = [
        Message.of("import.config.reference_amount", currency=currency, rows=count)
        for currency, count in sorted(currencies.items())
        if currency not in settings.priority.reference_amount and currency not in given
    ]
    policy = settings.policy
    if policy.country:
        for country, count in sorted(countries.items()):
            if country.upper() != policy.country.upper():
                problems.append(
                    Message.of(
                        "import.config.policy",
                        country=country,
                        rows=count,
                        policy=policy.name,
                        pack=policy.code,
                        policy_country=policy.country,
                        packs=_packs(),
                    )
                )
    return problems


def _packs() -> str:
    found = []
    for code in available_policies():
        try:
            found.append(f"{code} ({load_policy(code).country or '—'})")
        except PolicyError:
            continue
    return ", ".join(found)


def store_reference_amounts(
    session: Session, clock: Clock, amounts: Mapping[str, Decimal], *, user_id: int | None
) -> dict[str, str]:
    """Add the mapping's reference amounts for currencies the priority settings lack; returns what was added."""
    stored = session.get(StrategySetting, "priority")
    value = dict(stored.value) if stored is not None else {}
    current = {**read_settings(session).priority.reference_amount}
    references = {key: str(amount) for key, amount in current.items()}
    added = {currency: str(amount) for currency, amount in amounts.items() if currency not in current}
    if not added:
        return {}
    value["reference_amount"] = {**references, **added}
    store_setting(session, clock, "priority", value)
    session.add(
        AuditEvent(
            at=clock.now(),
            user_id=user_id,
            action="strategy.reference_amount",
            entity="strategy_settings",
            entity_id="priority",
            before=None,
            after={"added": added},
        )
    )
    return added
