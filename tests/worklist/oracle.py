"""An independent, deliberately plain statement of the contact rules at one moment, for property tests.

It answers only "may this number be called at this instant?" by looking at the instant directly; the engine
also computes *when* a blocked contact becomes allowed, and the tests hold that answer against this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from agent_desk.compliance import ContactHistory, DebtFacts, NumberFacts, PartyFacts, Policy, Purpose
from agent_desk.compliance.policy import valid_zone


def _holiday(policy: Policy, day: dt.date) -> bool:
    return policy.calendar is not None and policy.calendar.holiday(day) is not None


def window_ok(policy: Policy, party: PartyFacts, moment: dt.datetime, zone: str) -> bool:
    local = moment.astimezone(ZoneInfo(zone))
    minute = local.hour * 60 + local.minute
    window = policy.window
    if (
        local.weekday() in window.days
        and not _holiday(policy, local.date())
        and (window.start_minute <= minute < window.end_minute)
    ):
        return True
    for consent in party.consents:
        ends = [m for m in (consent.expires_at, consent.revoked_at) if m is not None]
        if not (consent.granted_at <= moment and all(moment < end for end in ends)):
            continue
        if "days" not in policy.consent_lifts and local.weekday() not in window.days:
            continue
        if "holidays" not in policy.consent_lifts and _holiday(policy, local.date()):
            continue
        if consent.hours is not None:
            start, end = consent.hours
            if start == end:
                inside = False
            else:
                inside = start <= minute < end if start < end else (minute >= start or minute < end)
        elif "hours" in policy.consent_lifts:
            inside = True
        else:
            inside = window.start_minute <= minute < window.end_minute
        if inside:
            return True
    return False


def allowed(
    party: PartyFacts,
    number: NumberFacts,
    debts: Sequence[DebtFacts],
    moment: dt.datetime,
    history: ContactHistory,
    policy: Policy,
    purpose: Purpose = Purpose.COLLECT,
) -> bool:
    if party.flags & policy.blocking_flags or number.flags & policy.blocking_flags or not number.dialable:
        return False
    if number.valid_until is not None and moment >= number.valid_until:
        return False
    if number.valid_from is not None and moment < number.valid_from:
        return False
    debtor = number.owner in policy.debtor_owners
    if not debtor and not (purpose is Purpose.LOCATE and Purpose.LOCATE in policy.third_party_purposes):
        return False
    # Every zone that applies: the customer's (all of the country's when unknown) and the number's own.
    zones = [valid_zone(party.zone)] if valid_zone(party.zone) else list(policy.zones)
    override = valid_zone(number.zone_override)
    if override and override not in zones:
        zones.append(override)
    # A consent is the debtor's own: it never opens a third party's number.
    window_party = party if debtor else PartyFacts(party.customer_id, party.zone, party.flags, ())
    if not all(window_ok(policy, window_party, moment, z) for z in zones):
        return False
    person = [
        a for a in history.attempts if (a.owner in policy.debtor_owners if debtor else a.contact_point_id == number.id)
    ]
    caps = policy.caps
    for z in zones:
        tz = ZoneInfo(z)
        today = moment.astimezone(tz).date()
        days = [a.at.astimezone(tz).date() for a in person]
        in_week = sum(1 for d in days if today - dt.timedelta(days=6) <= d <= today)
        if caps.per_person_per_day and sum(1 for d in days if d == today) >= caps.per_person_per_day:
            return False
        if caps.per_person_per_7_days and in_week >= caps.per_person_per_7_days:
            return False
        if debtor and purpose is Purpose.COLLECT and debts:
            if caps.per_debt_per_7_days and in_week >= caps.per_debt_per_7_days:
                return False
            ids = {d.account_id for d in debts}
            if caps.quiet_days_after_conversation:
                for talk in history.conversations:
                    if talk.account_ids and not talk.account_ids & ids:
                        continue
                    talk_day = talk.at.astimezone(tz).date()
                    if talk_day <= today < talk_day + dt.timedelta(days=caps.quiet_days_after_conversation):
                        return False
    return True
