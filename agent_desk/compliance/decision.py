"""The one decision: may this number be called at this moment about these debts — and if not, why, and from when.

Every rule is checked in the customer's local time. Time-based rules (window, holidays, caps, quiet periods,
a number's validity) each know the earliest moment they stop blocking; the earliest moment *all* of them allow
is found by moving forward to the latest of those moments until none moves any more (each rule only ever
moves forward to its own next allowed moment, so no allowed moment is skipped). Flags, third-party numbers and
undialable numbers block until someone changes the data, so they have no next-allowed moment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo

from agent_desk.clock import ensure_utc
from agent_desk.compliance.facts import (
    Attempt,
    ConsentFacts,
    ContactHistory,
    DebtFacts,
    NumberFacts,
    PartyFacts,
)
from agent_desk.compliance.policy import MINUTES_PER_DAY, Policy, Purpose, local_day_start, valid_zone
from agent_desk.text import LocalTime, Message, zone_abbreviation
from db.models.enums import FlagKind

HORIZON = dt.timedelta(days=400)
MAX_ROUNDS = 500
ALL_DAYS = frozenset(range(7))
# Why a number is not dialable, as codes with texts in the catalogs ([invalid]); anything else is shown as is.
KNOWN_INVALID_REASONS = frozenset({"wrong_number", "number_invalid", "unparseable", "unknown"})


@dataclasses.dataclass(frozen=True)
class ContactDecision:
    """The answer for one number at one moment.

    Attributes:
        reasons: every rule that blocks at ``moment``, in plain words with the local time it used.
        next_allowed_at: ``moment`` when allowed; the earliest later moment when every rule allows; None
            when something must change first (a flag cleared, another number, a consent).
        zone: the zone the rules used, None when unknown (then every zone of the policy was checked).
        shown_zone: the zone local times are written in.
        notes: things the agent should know that do not block (locate-only call, consent used, unknown zone).
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

    @property
    def permanent(self) -> bool:
        return not self.allowed and self.next_allowed_at is None


def resolve_zone(party_zone: str | None, number: NumberFacts | None = None) -> str | None:
    """The zone for a call: the number's override, else the customer's; None when neither is known."""
    if number is not None and valid_zone(number.zone_override):
        return number.zone_override
    return valid_zone(party_zone)


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
    zone = resolve_zone(party.zone, number)
    zone_names = (zone,) if zone else policy.zones
    zones = tuple(_zone(name) for name in zone_names)
    shown = zone_names[0]
    reasons: list[Message] = []
    notes: list[Message] = []
    permanent = _permanent_blocks(party, number, moment, policy, purpose, reasons, notes)
    rules = _time_rules(party, number, debts, history, policy, purpose, zones, zone_names)
    for rule in rules:
        reason = rule.reason(moment)
        if reason is not None:
            reasons.append(reason)
    if zone is None:
        notes.append(Message.of("compliance.zone_unknown", zones=", ".join(_abbreviations(zone_names, moment))))
    window = rules[0]
    assert isinstance(window, _WindowRule)
    consent = window.consent_used(moment)
    if consent is not None and not reasons:
        notes.append(Message.of("compliance.consent_used", day=consent.granted_at.astimezone(zones[0]).date()))

    def result(allowed: bool, next_allowed_at: dt.datetime | None) -> ContactDecision:
        return ContactDecision(
            allowed, tuple(reasons), next_allowed_at, moment, zone, shown, purpose, number.id, tuple(notes)
        )

    if permanent:
        return result(False, None)
    if not reasons:
        return result(True, moment)
    earliest, culprit = _earliest_with_culprit(rules, moment)
    if earliest is None:
        exhausted = getattr(culprit, "exhausted", None)
        reasons.append(exhausted() if exhausted else Message.of("compliance.no_window"))
    return result(False, earliest)


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


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _abbreviations(zone_names: Sequence[str], moment: dt.datetime) -> list[str]:
    return [zone_abbreviation(name, moment) for name in zone_names]


class _Rule(Protocol):
    def reason(self, moment: dt.datetime) -> Message | None:
        """Why the rule blocks at ``moment``, or None when it allows."""
        ...

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        """The earliest moment at or after ``moment`` the rule allows (None: not within the horizon)."""
        ...


def earliest_moment(rules: Sequence[_Rule], moment: dt.datetime) -> dt.datetime | None:
    """The earliest moment at or after ``moment`` when every rule allows."""
    return _earliest_with_culprit(rules, moment)[0]


def _earliest_with_culprit(rules: Sequence[_Rule], moment: dt.datetime) -> tuple[dt.datetime | None, _Rule | None]:
    current = moment
    for _ in range(MAX_ROUNDS):
        candidate = current
        for rule in rules:
            found = rule.earliest(candidate)
            if found is None:
                return None, rule
            candidate = found
        if candidate == current:
            return current, None
        if candidate - moment > HORIZON:
            return None, None
        current = candidate
    return None, None


def _time_rules(
    party: PartyFacts,
    number: NumberFacts,
    debts: Sequence[DebtFacts],
    history: ContactHistory,
    policy: Policy,
    purpose: Purpose,
    zones: tuple[ZoneInfo, ...],
    zone_names: tuple[str, ...],
) -> list[_Rule]:
    rules: list[_Rule] = [_WindowRule(policy, zones, zone_names, party.consents)]
    if number.valid_from is not None:
        rules.append(_ValidFromRule(number.valid_from, number.label, zone_names[0]))
    if number.valid_until is not None:
        rules.append(_ValidUntilRule(number.valid_until, number.label, zone_names[0]))
    to_debtor = number.owner in policy.debtor_owners
    if to_debtor:
        person_attempts = [a for a in history.attempts if a.owner in policy.debtor_owners]
        person = Message.of("compliance.person.customer")
    else:
        person_attempts = [a for a in history.attempts if a.contact_point_id == number.id]
        person = Message.of("compliance.person.third_party", number=number.label)
    caps = policy.caps
    if caps.per_person_per_day:
        rules.append(_CapRule(zones, person_attempts, caps.per_person_per_day, 1, "compliance.daily_cap", person))
    if caps.per_person_per_7_days:
        rules.append(_CapRule(zones, person_attempts, caps.per_person_per_7_days, 7, "compliance.weekly_cap", person))
    if to_debtor and purpose is Purpose.COLLECT and debts:
        accounts = ", ".join(debt.label for debt in debts)
        if caps.per_debt_per_7_days:
            rules.append(
                _CapRule(
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
                rules.append(_QuietRule(zones, talks, caps.quiet_days_after_conversation, accounts))
    return rules


class _WindowRule:
    """Contact days, hours and holidays in every zone that applies; a consent opens its own window."""

    def __init__(
        self,
        policy: Policy,
        zones: tuple[ZoneInfo, ...],
        zone_names: tuple[str, ...],
        consents: tuple[ConsentFacts, ...],
    ) -> None:
        self.policy = policy
        self.zones = tuple(zip(zones, zone_names, strict=True))
        self.consents = consents
        window = policy.window
        self.segments = ((window.start_minute, window.end_minute),)
        lifts = policy.consent_lifts
        self.consent_days = ALL_DAYS if "days" in lifts else window.days
        self.consent_default_segments = ((0, MINUTES_PER_DAY),) if "hours" in lifts else self.segments
        self.consent_skips_holidays = "holidays" not in lifts

    def _normal_failure(self, moment: dt.datetime, zone: ZoneInfo, name: str) -> Message | None:
        local = moment.astimezone(zone)
        shown = LocalTime(moment, name)
        window = self.policy.window
        if local.weekday() not in window.days:
            return Message.of("compliance.outside_days", local=shown, days=Message.of(window.days_label))
        holiday = self.policy.calendar.holiday(local.date()) if self.policy.calendar else None
        if holiday is not None:
            return Message.of("compliance.holiday", local=shown, name=holiday.name)
        minute = local.hour * 60 + local.minute
        if not window.start_minute <= minute < window.end_minute:
            return Message.of("compliance.outside_hours", local=shown, start=window.start_text, end=window.end_text)
        return None

    def _consent_allows(self, consent: ConsentFacts, moment: dt.datetime, zone: ZoneInfo) -> bool:
        if not consent.active_at(moment):
            return False
        local = moment.astimezone(zone)
        if local.weekday() not in self.consent_days:
            return False
        if self.consent_skips_holidays and self.policy.calendar and self.policy.calendar.holiday(local.date()):
            return False
        minute = local.hour * 60 + local.minute
        segments = _segments(consent.hours) if consent.hours else self.consent_default_segments
        return any(start <= minute < end for start, end in segments)

    def consent_used(self, moment: dt.datetime) -> ConsentFacts | None:
        """The consent that makes ``moment`` allowed although the normal window does not."""
        used = None
        for zone, name in self.zones:
            if self._normal_failure(moment, zone, name) is None:
                continue
            used = next((c for c in self.consents if self._consent_allows(c, moment, zone)), None)
            if used is None:
                return None
        return used

    def reason(self, moment: dt.datetime) -> Message | None:
        for zone, name in self.zones:
            failure = self._normal_failure(moment, zone, name)
            if failure is not None and not any(self._consent_allows(c, moment, zone) for c in self.consents):
                return failure
        return None

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        current = moment
        for _ in range(MAX_ROUNDS):
            candidate = current
            for zone, _name in self.zones:
                found = self._earliest_in_zone(candidate, zone)
                if found is None:
                    return None
                candidate = found
            if candidate == current:
                return current
            current = candidate
        return None

    def _earliest_in_zone(self, moment: dt.datetime, zone: ZoneInfo) -> dt.datetime | None:
        window = self.policy.window
        options = [_next_open(moment, zone, window.days, self.segments, self.policy, skip_holidays=True)]
        for consent in self.consents:
            ends = consent.ends_at
            if ends is not None and ends <= moment:
                continue
            segments = _segments(consent.hours) if consent.hours else self.consent_default_segments
            start = max(moment, consent.granted_at)
            options.append(
                _next_open(
                    start,
                    zone,
                    self.consent_days,
                    segments,
                    self.policy,
                    skip_holidays=self.consent_skips_holidays,
                    until=ends,
                )
            )
        found = [option for option in options if option is not None]
        return min(found) if found else None


def _segments(hours: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    start, end = hours
    if start == end:
        return ()  # an empty window (hours that could not be read)
    if start < end:
        return ((start, end),)
    return ((0, end), (start, MINUTES_PER_DAY))  # a window across midnight, e.g. 20:00–07:00


def _next_open(
    moment: dt.datetime,
    zone: ZoneInfo,
    days: frozenset[int],
    segments: tuple[tuple[int, int], ...],
    policy: Policy,
    *,
    skip_holidays: bool,
    until: dt.datetime | None = None,
) -> dt.datetime | None:
    """The earliest moment at or after ``moment`` inside the local ``days``/``segments`` (before ``until``)."""
    first_day = moment.astimezone(zone).date()
    for offset in range(HORIZON.days):
        day = first_day + dt.timedelta(days=offset)
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        if until is not None and midnight.astimezone(dt.UTC) >= until:
            return None
        if day.weekday() not in days:
            continue
        if skip_holidays and policy.calendar is not None and policy.calendar.holiday(day) is not None:
            continue
        for start, end in segments:
            opens = (midnight + dt.timedelta(minutes=start)).astimezone(dt.UTC)
            closes = (midnight + dt.timedelta(minutes=end)).astimezone(dt.UTC)
            candidate = max(moment, opens)
            if candidate < closes and (until is None or candidate < until):
                return candidate
    return None


class _ValidFromRule:
    def __init__(self, valid_from: dt.datetime, label: str | Message, zone_name: str) -> None:
        self.valid_from = valid_from
        self.label = label
        self.zone_name = zone_name

    def reason(self, moment: dt.datetime) -> Message | None:
        if moment < self.valid_from:
            return Message.of(
                "compliance.number_not_yet_valid",
                number=self.label,
                local=LocalTime(self.valid_from, self.zone_name, with_date=True),
            )
        return None

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        return max(moment, self.valid_from)


class _ValidUntilRule:
    """A number that stops being valid: allowed only before then (at or after, it is a permanent block)."""

    def __init__(self, valid_until: dt.datetime, label: str | Message, zone_name: str) -> None:
        self.valid_until = valid_until
        self.label = label
        self.zone_name = zone_name

    def reason(self, moment: dt.datetime) -> Message | None:
        return None

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        return moment if moment < self.valid_until else None

    def exhausted(self) -> Message:
        return Message.of(
            "compliance.number_expires",
            number=self.label,
            local=LocalTime(self.valid_until, self.zone_name, with_date=True),
        )


class _CapRule:
    """At most ``cap`` attempts in ``days`` consecutive local calendar days (the moment's day included)."""

    def __init__(
        self,
        zones: tuple[ZoneInfo, ...],
        attempts: Sequence[Attempt],
        cap: int,
        days: int,
        code: str,
        person: Message,
    ) -> None:
        self.cap = cap
        self.days = days
        self.code = code
        self.person = person
        self.per_zone = [(zone, Counter(a.at.astimezone(zone).date() for a in attempts)) for zone in zones]

    def _count(self, counts: Counter[dt.date], day: dt.date) -> int:
        if self.days == 1:
            return counts.get(day, 0)
        first = day - dt.timedelta(days=self.days - 1)
        return sum(n for attempt_day, n in counts.items() if first <= attempt_day <= day)

    def reason(self, moment: dt.datetime) -> Message | None:
        for zone, counts in self.per_zone:
            day = moment.astimezone(zone).date()
            count = self._count(counts, day)
            if count >= self.cap:
                return Message.of(self.code, count=count, limit=self.cap, day=day, person=self.person)
        return None

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        current = moment
        for zone, counts in self.per_zone:
            day = current.astimezone(zone).date()
            if self._count(counts, day) < self.cap:
                continue
            later = day + dt.timedelta(days=1)
            while self._count(counts, later) >= self.cap:  # ends: only past attempts are counted
                later += dt.timedelta(days=1)
            current = max(current, local_day_start(later, zone))
        return current


class _QuietRule:
    """No call about a debt in the ``days`` local days that start with a conversation about it."""

    def __init__(self, zones: tuple[ZoneInfo, ...], talks: Sequence[dt.datetime], days: int, accounts: str) -> None:
        self.days = days
        self.accounts = accounts
        self.per_zone = [(zone, sorted({talk.astimezone(zone).date() for talk in talks})) for zone in zones]

    def _blocking_day(self, day: dt.date, talk_days: Sequence[dt.date]) -> dt.date | None:
        blocking = [talk for talk in talk_days if talk <= day < talk + dt.timedelta(days=self.days)]
        return max(blocking) if blocking else None

    def reason(self, moment: dt.datetime) -> Message | None:
        for zone, talk_days in self.per_zone:
            talk = self._blocking_day(moment.astimezone(zone).date(), talk_days)
            if talk is not None:
                return Message.of("compliance.after_conversation", day=talk, days=self.days, accounts=self.accounts)
        return None

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        current = moment
        for zone, talk_days in self.per_zone:
            talk = self._blocking_day(current.astimezone(zone).date(), talk_days)
            if talk is not None:
                current = max(current, local_day_start(talk + dt.timedelta(days=self.days), zone))
        return current
