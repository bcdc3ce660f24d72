"""Compliance: may this customer be called on this number now, and if not, why and from when.

Policy packs are data (``resources/policies/``); :func:`decide` is the one decision function.
"""

from __future__ import annotations

from agent_desk.compliance.decision import ContactDecision, decide, resolve_zone
from agent_desk.compliance.facts import (
    Attempt,
    ConsentFacts,
    ContactHistory,
    Conversation,
    DebtFacts,
    NumberFacts,
    PartyFacts,
)
from agent_desk.compliance.holiday_calendar import Holiday, HolidayCalendar
from agent_desk.compliance.policy import (
    DEFAULT_POLICY,
    Policy,
    PolicyError,
    Purpose,
    available_policies,
    load_policy,
)

__all__ = [
    "DEFAULT_POLICY",
    "Attempt",
    "ConsentFacts",
    "ContactDecision",
    "ContactHistory",
    "Conversation",
    "DebtFacts",
    "Holiday",
    "HolidayCalendar",
    "NumberFacts",
    "PartyFacts",
    "Policy",
    "PolicyError",
    "Purpose",
    "available_policies",
    "decide",
    "load_policy",
    "resolve_zone",
]
