"""The one decision: may this number be called at this moment about these debts — and if not, why, and from when.

Every rule is checked in local time, in *every* zone that applies: the customer's (all of the country's when
unknown) and the number's own when it carries one. Time-based rules (window, holidays, caps, quiet periods, a
number's validity; :mod:`agent_desk.compliance.rules`) each know the earliest moment they stop blocking; the
earliest moment *all* of them allow is found by moving forward to the latest of those moments until none moves
any more (each rule only ever moves forward to its own next allowed moment, so no allowed moment is skipped).
Flags, third-party numbers and undialable numbers block until someone changes the data, so they have no
next-allowed moment. An allowed decision says why it is allowed (``grounds``) and until when (``open_until``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from agent_desk.clock import ensure_utc
from agent_desk.compliance.facts import ConsentFacts, ContactHistory, DebtFacts, NumberFacts, PartyFacts
from agent_desk.compliance.policy import Policy, Purpose, minutes_text, valid_zone
from agent_desk.compliance.rules import (
    CapRule,
    QuietRule,
    Rule,
    ValidFromRule,
    ValidUntilRule,
    WindowRule,
    earliest_with_culprit,
    first_block,
    zone_info,
)
from agent_desk.text import Message, zone_abbreviation
from db.models.enums import FlagKind

# How far ahead an allowed decision looks for the moment it stops being allowed.
RUN_HORIZON = dt.timedelta(days=1)
# Why a number is not dialable, as codes with texts in the catalogs ([invalid]); anything else is shown as is.
KNOWN_INVALID_REASONS = frozenset({"wrong_number", "number_invalid", "unparseable", "unknown"})


@dataclasses.dataclass(frozen=True)
class ContactDecision:
    """The answer for one number at one moment.

    Attributes:
        reasons: every rule that blocks at ``moment``, in plain words with the local time it used.
        next_allowed_at: ``moment`` when allowed; the earliest later moment when every rule allows; None
            when something must change first (a flag cleared, another number, a consent).
        zone: the customer's zone (the number's when only that is known), None when unknown.
        shown_zone: the zone local times are written in.
        notes: things the agent should know that do not block (locate-only call, consent used, unknown zone).
        zones: every zone the rules were checked in.
        grounds: when allowed, why: the window or the consent (its date and scope), how far the caps are used.
        open_until: when allowed, the first moment within a day when a rule blocks again (None: not within a day).
    """

    allowed: bool
    reasons: tuple[Message, ...]
    next_allowed_at: dt.datetime | None
    moment: dt.datetime
    zone: str | None
    shown_zone: str
    purpose: Purpose
    number_id: int
    notes: tuple[Message, ...] = ()
    zones: tuple[str, ...] = ()
    grounds: tuple[Message, ...] = ()
    open_until: dt.datetime | None = None

    @property
    def permanent(self) -> bool:
        return not self.allowed and self.next_allowed_at is None


def resolve_zone(party_zone: str | None, number: NumberFacts | None = None) -> str | None:
    """The zone times are shown in: the customer's, else the number's own; None when neither is known."""
    own = valid_zone(party_zone)
    if own is None and number is not None:
        return valid_zone(number.zone_override)
    return own


def applicable_zones(party_zone: str | None, number: NumberFacts | None, policy: Policy) -> tuple[str, ...]:
    """Every zone a call must be lawful in: the customer's (all of the policy's when unknown) and the number's."""
    own = valid_zone(party_zone)
    names = [own] if own else list(policy.zones)
    override = valid_zone(number.zone_override) if number is not None else None
    if override is not None and override not in names:
        names.insert(0 if own is None else 1, override)
    elif override is not None and own is None:
        names.remove(override)
        names.insert(0, override)
    return tuple(names)


def decide(
    party: PartyFacts,
    number: NumberFacts,
    debts: Sequence[DebtFacts],
    moment: dt.datetime,
    history: ContactHistory,
    policy: Policy,
    purpose: Purpose = Purpose.COLLECT,
) -> ContactDecision:
    """Whether ``number`` may be called at ``moment`` about ``debts``, with every reason and the next moment."""
    moment = ensure_utc(moment)
    zone_names = applicable_zones(party.zone, number, policy)
    zones = tuple(zone_info(name) for name in zone_names)
    shown = zone_names[0]
    reasons: list[Message] = []
    notes: list[Message] = []
    permanent = _permanent_blocks(party, number, moment, policy, purpose, reasons, notes)
    rules = _time_rules(party, number, debts, history, policy, purpose, zones, zone_names)
    for rule in rules:
        reason = rule.reason(moment)
        if reason is not None:
            reasons.append(reason)
    if valid_zone(party.zone) is None:
        notes.append(Message.of("compliance.zone_unknown", zones=", ".join(_abbreviations(zone_names, moment))))
    window = rules[0]
    assert isinstance(window, WindowRule)
    consent = window.consent_used(moment)
    if consent is not None and not reasons:
        notes.append(Message.of("compliance.consent_used", day=consent.granted_at.astimezone(zones[0]).date()))

    def result(allowed: bool, next_allowed_at: dt.datetime | None) -> ContactDecision:
        grounds: tuple[Message, ...] = ()
        open_until = None
        if allowed:
            grounds = _grounds(window, consent, rules, moment, zone_names, policy, number, purpose)
            open_until = first_block(rules, moment, moment + RUN_HORIZON)
        return ContactDecision(
            allowed,
            tuple(reasons),
            next_allowed_at,
            moment,
            resolve_zone(party.zone, number),
            shown,
            purpose,
            number.id,
            tuple(notes),
            zone_names,
            grounds,
            open_until,
        )

    if permanent:
        return result(False, None)
    if not reasons:
        return result(True, moment)
    earliest, culprit = earliest_with_culprit(rules, moment)
    if earliest is None:
        exhausted = getattr(culprit, "exhausted", None)
        reasons.append(exhausted() if exhausted else Message.of("compliance.no_window"))
    return result(False, earliest)


def _grounds(
    window: WindowRule,
    consent: ConsentFacts | None,
    rules: Sequence[Rule],
    moment: dt.datetime,
    zone_names: Sequence[str],
    policy: Policy,
    number: NumberFacts,
    purpose: Purpose,
) -> tuple[Message, ...]:
    """Why an allowed call is allowed, so an auditor can check it without the database."""
    zones = " + ".join(_abbreviations(zone_names, moment))
    grounds: list[Message] = []
    if consent is None:
        rule_window = policy.window
        grounds.append(
            Message.of(
                "compliance.allowed.window",
                days=Message.of(rule_window.days_label),
                start=rule_window.start_text,
                end=rule_window.end_text,
                zones=zones,
            )
        )
    else:
        first = zone_info(zone_names[0])
        hours = (
            Message.of(
                "compliance.allowed.consent_hours",
                start=minutes_text(consent.hours[0]),
                end=minutes_text(consent.hours[1]),
            )
            if consent.hours
            else Message.of("compliance.allowed.consent_any_hour")
        )
        ends = consent.ends_at
        until = (
            Message.of("compliance.allowed.consent_until", day=ends.astimezone(first).date())
            if ends is not None
            else Message.of("compliance.allowed.consent_open")
        )
        grounds.append(
            Message.of(
                "compliance.allowed.consent",
                day=consent.granted_at.astimezone(first).date(),
                hours=hours,
                until=until,
                zones=zones,
            )
        )
    grounds.extend(rule.standing(moment) for rule in rules if isinstance(rule, CapRule))
    if number.owner in policy.debtor_owners:
        grounds.append(Message.of("compliance.allowed.own_number", number=number.label))
    elif purpose is Purpose.LOCATE:
        grounds.append(
            Message.of("compliance.locate_only", number=number.label, owner=Message.of(f"owner.{number.owner}"))
        )
    return tuple(grounds)


def _permanent_blocks(
    party: PartyFacts,
    number: NumberFacts,
    moment: dt.datetime,
    policy: Policy,
    purpose: Purpose,
    reasons: list[Message],
    notes: list[Message],
) -> bool:
    blocked = False
    for flag in _sorted_flags(party.flags & policy.blocking_flags):
        reasons.append(Message.of("compliance.customer_flag", flag=Message.of(f"flag.{flag}")))
        blocked = True
    for flag in _sorted_flags(number.flags & policy.blocking_flags):
        reasons.append(Message.of("compliance.number_flag", number=number.label, flag=Message.of(f"flag.{flag}")))
        blocked = True
    if not number.dialable:
        reason = number.invalid_reason or "unknown"
        why: Message | str = Message.of(f"invalid.{reason}") if reason in KNOWN_INVALID_REASONS else reason
        reasons.append(Message.of("compliance.not_dialable", number=number.label, why=why))
        blocked = True
    if number.valid_until is not None and number.valid_until <= moment:
        reasons.append(Message.of("compliance.number_expired", number=number.label, day=number.valid_until.date()))
        blocked = True
    if number.owner not in policy.debtor_owners:
        owner = Message.of(f"owner.{number.owner}")
        if purpose is Purpose.LOCATE and Purpose.LOCATE in policy.third_party_purposes:
            notes.append(Message.of("compliance.locate_only", number=number.label, owner=owner))
        elif Purpose.LOCATE in policy.third_party_purposes:
            reasons.append(Message.of("compliance.third_party", number=number.label, owner=owner))
            blocked = True
        else:
            reasons.append(Message.of("compliance.third_party_never", number=number.label, owner=owner))
            blocked = True
    return blocked


def _sorted_flags(flags: Iterable[FlagKind]) -> list[FlagKind]:
    return sorted(flags, key=lambda flag: flag.value)


def _abbreviations(zone_names: Sequence[str], moment: dt.datetime) -> list[str]:
    return [zone_abbreviation(name, moment) for name in zone_names]


def _time_rules(
    party: PartyFacts,
    number: NumberFacts,
    debts: Sequence[DebtFacts],
    history: ContactHistory,
    policy: Policy,
    purpose: Purpose,
    zones: tuple[ZoneInfo, ...],
    zone_names: tuple[str, ...],
) -> list[Rule]:
    to_debtor = number.owner in policy.debtor_owners
    # A consent covers the person who gave it, on their own numbers: never a third party's number.
    consents = party.consents if to_debtor else ()
    rules: list[Rule] = [WindowRule(policy, zones, zone_names, consents)]
    if number.valid_from is not None:
        rules.append(ValidFromRule(number.valid_from, number.label, zone_names[0]))
    if number.valid_until is not None:
        rules.append(ValidUntilRule(number.valid_until, number.label, zone_names[0]))
    if to_debtor:
        person_attempts = [a for a in history.attempts if a.owner in policy.debtor_owners]
        person = Message.of("compliance.person.customer")
    else:
        person_attempts = [a for a in history.attempts if a.contact_point_id == number.id]
        person = Message.of("compliance.person.third_party", number=number.label)
    caps = policy.caps
    if caps.per_person_per_day:
        rules.append(CapRule(zones, person_attempts, caps.per_person_per_day, 1, "compliance.daily_cap", person))
    if caps.per_person_per_7_days:
        rules.append(CapRule(zones, person_attempts, caps.per_person_per_7_days, 7, "compliance.weekly_cap", person))
    if to_debtor and purpose is Purpose.COLLECT and debts:
        accounts = ", ".join(debt.label for debt in debts)
        if caps.per_debt_per_7_days:
            rules.append(
                CapRule(
                    zones,
                    person_attempts,
                    caps.per_debt_per_7_days,
                    7,
                    "compliance.debt_cap",
                    Message.of("compliance.person.debts", accounts=accounts),
                )
            )
        if caps.quiet_days_after_conversation:
            debt_ids = {debt.account_id for debt in debts}
            talks = [c.at for c in history.conversations if not c.account_ids or c.account_ids & debt_ids]
            if talks:
                rules.append(QuietRule(zones, talks, caps.quiet_days_after_conversation, accounts))
    return rules
