"""After the hand-over: delivery reports, the customers' replies (STOP), opt-outs, and what a delivered message
changes in the call schedule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence

import phonenumbers
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.outbox.channels import Delivery, Provider
from agent_desk.outbox.settings import CadenceRule, OutboxSettings
from agent_desk.text import Message
from agent_desk.worklist.codec import encode_messages
from agent_desk.worklist.services import refresh_worklist
from db.engine import Database
from db.models import (
    ActionKind,
    ActionStatus,
    AuditEvent,
    Channel,
    ContactKind,
    ContactOwner,
    ContactPoint,
    CustomerFlag,
    Direction,
    FlagKind,
    Interaction,
    OutboxMessage,
    OutboxStatus,
    ScheduledAction,
    StrategySetting,
)

log = logging.getLogger(__name__)
STATUS_BATCH = 500
CURSOR_KEY = "outbox_replies_{provider}"


@dataclasses.dataclass
class FollowUpCounts:
    delivered: int = 0
    not_delivered: int = 0
    replies: int = 0
    opted_out: int = 0
    calls_deferred: int = 0


def call_deferred_until(rule: CadenceRule | None, delivered_at: dt.datetime) -> dt.datetime | None:
    """How long a delivered message keeps the first call away (None: it does not). The worklist may call this."""
    if rule is None or not rule.defers_calls_hours:
        return None
    return delivered_at + dt.timedelta(hours=rule.defers_calls_hours)


def defer_first_call(
    session: Session, message: OutboxMessage, rule: CadenceRule | None, delivered_at: dt.datetime, now: dt.datetime
) -> bool:
    """A delivered reminder keeps the first call away: an open call action at the deferral time, unless something
    is already scheduled for the customer (a callback, a promise check…), which then stays as it is."""
    until = call_deferred_until(rule, delivered_at)
    if until is None or until <= now:
        return False
    scheduled = session.scalar(
        select(ScheduledAction.id).where(
            ScheduledAction.customer_id == message.customer_id,
            ScheduledAction.status == ActionStatus.OPEN,
            ScheduledAction.kind != ActionKind.HOLD,
        )
    )
    if scheduled is not None:
        return False
    session.add(
        ScheduledAction(
            customer_id=message.customer_id,
            kind=ActionKind.CALL,
            status=ActionStatus.OPEN,
            due_at=until,
            contact_point_id=None,
            reason={"code": "outbox.call_after_message", "message_id": message.id, "template": message.template},
            created_at=now,
        )
    )
    return True


def poll_deliveries(
    database: Database,
    clock: Clock,
    settings: OutboxSettings,
    provider_of: Callable[[str], Provider | Message],
    counts: FollowUpCounts,
) -> None:
    """Ask the providers that can tell about messages they accepted in the last ``status_days`` days."""
    now = clock.now()
    names = [
        name
        for name in settings.providers
        if not isinstance(provider := provider_of(name), Message) and provider.reports_delivery
    ]
    if not names:
        return
    with database.session() as session:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.provider, OutboxMessage.provider_message_id)
            .where(
                OutboxMessage.status == OutboxStatus.SENT,
                OutboxMessage.provider.in_(names),
                OutboxMessage.sent_at >= now - dt.timedelta(days=settings.status_days),
                OutboxMessage.provider_message_id.is_not(None),
            )
            .order_by(OutboxMessage.sent_at)
            .limit(STATUS_BATCH)
        ).all()
    deferred: set[int] = set()
    for message_id, provider_name, provider_id in rows:
        if provider_name is None or provider_id is None:
            continue
        provider = provider_of(provider_name)
        if isinstance(provider, Message):
            continue
        update_ = provider.status(provider_id)
        if update_ is None or update_.delivery is Delivery.SENT:
            continue
        with database.transaction(write=True) as session:
            session.connection()
            at = clock.now()
            row = session.get(OutboxMessage, message_id)
            if row is None or row.status is not OutboxStatus.SENT:
                continue
            row.updated_at = at
            if update_.delivery is Delivery.FAILED:
                reasons = [Message.of("outbox.reason.not_delivered")]
                row.status, row.failed_at = OutboxStatus.FAILED, at
                row.reason, row.reasons, row.reason_detail = reasons[0].code, encode_messages(reasons), update_.detail
                counts.not_delivered += 1
                continue
            row.status, row.delivered_at = OutboxStatus.DELIVERED, at
            if update_.delivery is Delivery.READ:
                row.read_at = at
            counts.delivered += 1
            if defer_first_call(session, row, settings.rule_for(row.template), at, at):
                deferred.add(row.customer_id)
                counts.calls_deferred += 1
    if deferred:
        refresh_worklist(database, clock, deferred)


def is_opt_out(text: str, keywords: Sequence[str]) -> bool:
    """A reply that says one of the opt-out words, alone or first ("stop", "STOP.", "Berhenti ya")."""
    words = " ".join(re.sub(r"[^\w\s]", " ", text).upper().split())
    return any(words == keyword or words.startswith(keyword + " ") for keyword in keywords)


def read_replies(
    database: Database,
    clock: Clock,
    settings: OutboxSettings,
    provider_of: Callable[[str], Provider | Message],
    counts: FollowUpCounts,
) -> None:
    """Fetch the customers' replies from providers that hand them over; a STOP opts that number out."""
    for name in settings.providers:
        provider = provider_of(name)
        if isinstance(provider, Message) or not provider.reads_replies:
            continue
        key = CURSOR_KEY.format(provider=name)[:64]
        with database.session() as session:
            stored = session.get(StrategySetting, key)
            cursor = str(stored.value.get("cursor")) if stored is not None and stored.value.get("cursor") else None
        replies, new_cursor = provider.replies(cursor)
        channel = provider.channels[0] if provider.channels else Channel.SMS
        with database.transaction(write=True) as session:
            session.connection()
            now = clock.now()
            for reply in replies:
                counts.replies += 1
                number = _e164(reply.sender)
                points = _own_points(session, number) if number else []
                for point in points:
                    session.add(
                        Interaction(
                            customer_id=point.customer_id,
                            contact_point_id=point.id,
                            channel=channel,
                            direction=Direction.INBOUND,
                            dialed_number=number,
                            started_at=now,
                        )
                    )
                if points and is_opt_out(reply.text, settings.opt_out_keywords):
                    for point in points:
                        if opt_out(session, point.customer_id, point.id, now, source=f"reply via {name}"):
                            counts.opted_out += 1
            row = session.get(StrategySetting, key)
            if row is None:
                session.add(StrategySetting(key=key, value={"cursor": new_cursor}, updated_at=now))
            else:
                row.value, row.updated_at = {"cursor": new_cursor}, now


def _e164(text: str) -> str | None:
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _own_points(session: Session, e164: str) -> list[ContactPoint]:
    return list(
        session.scalars(
            select(ContactPoint).where(
                ContactPoint.e164 == e164,
                ContactPoint.owner == ContactOwner.SELF,
                ContactPoint.kind.in_((ContactKind.MOBILE, ContactKind.WHATSAPP)),
            )
        )
    )


def opt_out(
    session: Session,
    customer_id: int,
    contact_point_id: int | None,
    now: dt.datetime,
    *,
    source: str,
    user_id: int | None = None,
) -> bool:
    """Stop messages to one contact point (or, without one, to the customer): a flag, an audit event, and every
    queued message there cancelled. Returns False when the opt-out was already in place."""
    existing = session.scalar(
        select(CustomerFlag.id).where(
            CustomerFlag.customer_id == customer_id,
            CustomerFlag.kind == FlagKind.MESSAGE_OPT_OUT,
            CustomerFlag.cleared_at.is_(None),
            CustomerFlag.contact_point_id.is_(None)
            if contact_point_id is None
            else CustomerFlag.contact_point_id == contact_point_id,
        )
    )
    if existing is not None:
        return False
    flag = CustomerFlag(
        customer_id=customer_id,
        contact_point_id=contact_point_id,
        kind=FlagKind.MESSAGE_OPT_OUT,
        note=source[:200],
        set_at=now,
        set_by_user_id=user_id,
    )
    session.add(flag)
    session.flush()
    session.add(
        AuditEvent(
            at=now,
            user_id=user_id,
            action="outbox.opt_out",
            entity="customer",
            entity_id=str(customer_id),
            before=None,
            after={"contact_point_id": contact_point_id, "source": source[:200]},
        )
    )
    cancel_queued(session, customer_id, contact_point_id, now)
    return True


def cancel_queued(session: Session, customer_id: int, contact_point_id: int | None, now: dt.datetime) -> None:
    reasons = encode_messages([Message.of("outbox.reason.opted_out_now")])
    query = update(OutboxMessage).where(
        OutboxMessage.customer_id == customer_id, OutboxMessage.status == OutboxStatus.QUEUED
    )
    if contact_point_id is not None:
        query = query.where(OutboxMessage.contact_point_id == contact_point_id)
    session.execute(
        query.values(
            status=OutboxStatus.CANCELLED, reason="outbox.reason.opted_out_now", reasons=reasons, updated_at=now
        )
    )
