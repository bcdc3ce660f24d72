"""The time-based contact rules: the window (with consents), number validity, caps, quiet days.

Each rule answers two questions about a moment: why it blocks (:meth:`Rule.reason`, None when it allows) and the
earliest moment at or after it when it allows (:meth:`Rule.earliest`). :func:`earliest_with_culprit` finds the
earliest moment *all* of them allow; :func:`first_block` the first moment after an allowed one when one blocks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo

from agent_desk.compliance.facts import Attempt, ConsentFacts
from agent_desk.compliance.policy import MINUTES_PER_DAY, Policy, local_day_start
from agent_desk.text import LocalTime, Message

HORIZON = dt.timedelta(days=400)
MAX_ROUNDS = 500
ALL_DAYS = frozenset(range(7))


@cache
def zone_info(name: str) -> ZoneInfo:
    return ZoneInfo(name)


class Rule(Protocol):
    def reason(self, moment: dt.datetime) -> Message | None:
        """Why the rule blocks at ``moment``, or None when it allows."""
        ...

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        """The earliest moment at or after ``moment`` the rule allows (None: not within the horizon)."""
        ...

    def boundaries(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        """Moments in (``start``, ``end``] where the rule may start to block (rules that only ever relax as time
        passes, such as caps, have none)."""
        ...


def earliest_moment(rules: Sequence[Rule], moment: dt.datetime) -> dt.datetime | None:
    """The earliest moment at or after ``moment`` when every rule allows."""
    return earliest_with_culprit(rules, moment)[0]


def first_block(rules: Sequence[Rule], moment: dt.datetime, limit: dt.datetime) -> dt.datetime | None:
    """After an allowed ``moment``: the first moment up to ``limit`` when some rule blocks (None: none does)."""
    candidates = sorted({edge for rule in rules for edge in rule.boundaries(moment, limit)})
    for candidate in candidates:
        if any(rule.earliest(candidate) != candidate for rule in rules):
            return candidate
    return None


def earliest_with_culprit(rules: Sequence[Rule], moment: dt.datetime) -> tuple[dt.datetime | None, Rule | None]:
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


class WindowRule:
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

    def boundaries(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        minutes = {minute for segment in self.segments for minute in segment}
        for consent in self.consents:
            segments = _segments(consent.hours) if consent.hours else self.consent_default_segments
            minutes.update(minute for segment in segments for minute in segment)
        minutes.add(0)
        edges = [moment for consent in self.consents for moment in (consent.granted_at, consent.ends_at) if moment]
        for zone, _name in self.zones:
            day = start.astimezone(zone).date()
            last = end.astimezone(zone).date()
            while day <= last:
                midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
                edges.extend((midnight + dt.timedelta(minutes=minute)).astimezone(dt.UTC) for minute in minutes)
                day += dt.timedelta(days=1)
        return [edge for edge in edges if start < edge <= end]

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


class ValidFromRule:
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

    def boundaries(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        return []


class ValidUntilRule:
    """A number that stops being valid: allowed only before then (at or after, it is a permanent block)."""

    def __init__(self, valid_until: dt.datetime, label: str | Message, zone_name: str) -> None:
        self.valid_until = valid_until
        self.label = label
        self.zone_name = zone_name

    def reason(self, moment: dt.datetime) -> Message | None:
        return None

    def earliest(self, moment: dt.datetime) -> dt.datetime | None:
        return moment if moment < self.valid_until else None

    def boundaries(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        return [self.valid_until] if start < self.valid_until <= end else []

    def exhausted(self) -> Message:
        return Message.of(
            "compliance.number_expires",
            number=self.label,
            local=LocalTime(self.valid_until, self.zone_name, with_date=True),
        )


class CapRule:
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

    def boundaries(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        return []  # only past attempts count: as days pass a cap can only relax

    def standing(self, moment: dt.datetime) -> Message:
        """How far the cap is used at ``moment`` (the busiest of the zones), in words."""
        count = max(self._count(counts, moment.astimezone(zone).date()) for zone, counts in self.per_zone)
        return Message.of(
            self.code.replace("compliance.", "compliance.allowed."), count=count, limit=self.cap, person=self.person
        )

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


class QuietRule:
    """No call about a debt in the ``days`` local days that start with a conversation about it."""

    def __init__(self, zones: tuple[ZoneInfo, ...], talks: Sequence[dt.datetime], days: int, accounts: str) -> None:
        self.days = days
        self.accounts = accounts
        self.per_zone = [(zone, sorted({talk.astimezone(zone).date() for talk in talks})) for zone in zones]

    def boundaries(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        return []  # a quiet period only ends

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
