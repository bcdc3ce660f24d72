"""The facts the rules need, taken from a loaded profile: the hot path reads a customer once for both."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from agent_desk.compliance.facts import ConsentFacts, Conversation, NumberFacts
from agent_desk.worklist.facts import (
    PHONE_KINDS,
    AccountFacts,
    ActionFacts,
    CallFacts,
    CustomerFacts,
    PaymentFacts,
    PromiseFacts,
    mask_number,
)
from agent_desk.worklist.profile import ContactPointView, CustomerProfile
from db.models import ConsentKind, ContactOwner, Direction, PaymentKind, PromiseStatus


def facts_from_profile(
    profile: CustomerProfile, talks: list[dt.datetime], since: dt.datetime, until: dt.datetime | None = None
) -> CustomerFacts:
    """The facts the rules need, taken from a profile (``talks``: right-party outcomes without a call).

    History after ``until`` (the clock in force) is left out: a book written at another moment than the one a
    desk runs at (a demo, a simulated clock) must not have calls or payments from the future count now.
    """
    until = until or dt.datetime.max.replace(tzinfo=dt.UTC)
    number_flags: dict[int, set[Any]] = defaultdict(set)
    for flag in profile.flags:
        if flag.contact_point_id is not None:
            number_flags[flag.contact_point_id].add(flag.kind)
    owners = {point.id: point.owner for point in profile.contact_points}
    numbers = tuple(
        _number(point, frozenset(number_flags.get(point.id, ())))
        for point in profile.contact_points
        if point.kind in PHONE_KINDS
    )
    outbound = sorted(
        (
            call
            for call in profile.interactions
            if call.direction is Direction.OUTBOUND and since <= call.started_at <= until
        ),
        key=lambda call: call.started_at,
    )
    conversations = [Conversation(call.answered_at or call.started_at) for call in outbound if call.right_party]
    conversations.extend(Conversation(moment) for moment in talks)
    payments = sorted(
        (
            PaymentFacts(pay.id, account.id, PaymentKind(pay.kind), pay.paid_at, pay.amount, pay.reverses_payment_id)
            for account in profile.accounts
            for pay in account.payments
            if since <= pay.paid_at <= until
        ),
        key=lambda pay: (pay.paid_at, pay.id),
    )
    return CustomerFacts(
        customer_id=profile.id,
        customer_number=profile.customer_number,
        full_name=profile.full_name,
        timezone=profile.timezone,
        province=profile.province,
        assigned_user_id=profile.assigned_user_id,
        assigned_team_id=profile.assigned_team_id,
        flags=frozenset(flag.kind for flag in profile.flags if flag.contact_point_id is None),
        numbers=numbers,
        consents=tuple(
            ConsentFacts(c.granted_at, c.expires_at, c.revoked_at, c.hours)
            for c in profile.consents
            if c.kind is ConsentKind.CONTACT_OUTSIDE_HOURS
        ),
        accounts=tuple(
            AccountFacts(
                a.id,
                a.account_number,
                a.currency,
                a.outstanding,
                a.arrears,
                a.installment_amount,
                a.minimum_due,
                a.days_past_due,
                a.next_due_date,
                a.status,
                a.updated_at,
                next(
                    (i.amount_due - i.amount_paid for i in a.installments if i.due_date == a.next_due_date),
                    None,
                ),
            )
            for a in profile.accounts
        ),
        payments=tuple(payments),
        promises=tuple(
            sorted(
                (
                    PromiseFacts(
                        p.id,
                        p.account_id,
                        p.amount,
                        p.currency,
                        p.due_date,
                        p.status,
                        p.amount_paid,
                        p.created_at,
                        p.check_at,
                    )
                    for p in profile.promises
                    if p.status is PromiseStatus.PENDING or p.created_at >= since
                ),
                key=lambda p: (p.due_date, p.id),
            )
        ),
        actions=tuple(
            ActionFacts(a.id, a.kind, a.due_at, a.contact_point_id, a.promise_id, a.created_at) for a in profile.actions
        ),
        calls=tuple(
            CallFacts(
                call.started_at,
                call.contact_point_id,
                owners.get(call.contact_point_id, ContactOwner.SELF) if call.contact_point_id else ContactOwner.SELF,
                call.answered_at,
                call.right_party,
            )
            for call in outbound
        ),
        conversations=tuple(conversations),
        skipped_until=profile.skipped_until,
        skip_reason=profile.skip_reason,
        score=profile.score,
    )


def _number(point: ContactPointView, flags: frozenset[Any]) -> NumberFacts:
    dialable = point.dialable and point.invalidated_at is None and bool(point.e164)
    reason = point.invalid_reason if not dialable else None
    if not dialable and reason is None:
        reason = "unparseable" if not point.e164 else "unknown"
    return NumberFacts(
        id=point.id,
        owner=point.owner,
        label=mask_number(str(point.kind), point.e164, point.raw_value),
        dialable=dialable,
        invalid_reason=reason,
        valid_from=point.valid_from,
        valid_until=point.valid_until,
        zone_override=point.timezone_override,
        flags=flags,
        is_primary=point.is_primary,
        verified_count=point.verified_count,
    )
