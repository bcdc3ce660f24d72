"""The outbox as supervisors see it: messages with filters, failures with their reasons, resend, and delivery
rates per channel (one SQL aggregate, no per-row Python)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.outbox.queue import PlannedMessage, enqueue
from agent_desk.outbox.recipients import point_message
from agent_desk.text import Message
from agent_desk.worklist.codec import decode_messages
from db.engine import Database
from db.models import Channel, ContactPoint, Customer, OutboxMessage, OutboxStatus, Role, User

RESEND_EXPIRY = dt.timedelta(days=2)
RESENDABLE = (OutboxStatus.FAILED, OutboxStatus.CANCELLED)


class OutboxError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class OutboxFilter:
    channel: Channel | None = None
    status: OutboxStatus | None = None
    template: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    search: str = ""
    customer_id: int | None = None


@dataclasses.dataclass(frozen=True)
class OutboxRow:
    id: int
    created_at: dt.datetime
    due_at: dt.datetime
    customer_id: int
    customer_name: str
    customer_number: str
    zone: str | None
    channel: Channel
    point: Message
    template: str
    status: OutboxStatus
    reasons: tuple[Message, ...]
    reason_detail: str | None
    attempts: int
    provider: str | None
    provider_message_id: str | None
    source: str
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None
    created_by: str | None
    subject: str | None
    body: str | None

    @property
    def resendable(self) -> bool:
        return self.status in RESENDABLE


@dataclasses.dataclass(frozen=True)
class ChannelRate:
    """One channel over a period, by state. ``undelivered``: failed after the provider took them (its report said
    so), a part of ``failed``.

    ``delivery_rate``: delivered of those whose fate the provider reported (delivered or undelivered) — None without
    reports (e-mail); ``accepted_rate``: taken by the provider of those handed over (the rest failed at the
    hand-over: refused, or given up after the retries)."""

    channel: Channel
    total: int
    queued: int
    sent: int
    delivered: int
    failed: int
    cancelled: int
    undelivered: int = 0

    @property
    def delivery_rate(self) -> float | None:
        known = self.delivered + self.undelivered
        return self.delivered / known if known else None

    @property
    def accepted_rate(self) -> float | None:
        taken = self.sent + self.delivered + self.undelivered
        handed = taken + self.failed - self.undelivered
        return taken / handed if handed else None


def _filtered(query: Any, flt: OutboxFilter) -> Any:
    if flt.channel is not None:
        query = query.where(OutboxMessage.channel == flt.channel)
    if flt.status is not None:
        query = query.where(OutboxMessage.status == flt.status)
    if flt.template:
        query = query.where(OutboxMessage.template == flt.template)
    if flt.since is not None:
        query = query.where(OutboxMessage.created_at >= flt.since)
    if flt.until is not None:
        query = query.where(OutboxMessage.created_at < flt.until)
    if flt.customer_id is not None:
        query = query.where(OutboxMessage.customer_id == flt.customer_id)
    if flt.search.strip():
        like = f"%{flt.search.strip()}%"
        query = query.where(or_(Customer.full_name.ilike(like), Customer.customer_number.ilike(like)))
    return query


def list_messages(session: Session, flt: OutboxFilter, *, limit: int = 200, offset: int = 0) -> list[OutboxRow]:
    """Messages matching ``flt``, newest first."""
    query = _filtered(
        select(
            OutboxMessage,
            Customer.full_name,
            Customer.customer_number,
            Customer.timezone,
            ContactPoint.kind,
            ContactPoint.e164,
            ContactPoint.raw_value,
            User.display_name,
        )
        .join(Customer, Customer.id == OutboxMessage.customer_id)
        .outerjoin(ContactPoint, ContactPoint.id == OutboxMessage.contact_point_id)
        .outerjoin(User, User.id == OutboxMessage.created_by_user_id),
        flt,
    )
    query = query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit).offset(offset)
    rows = []
    for message, name, number, zone, kind, e164, raw, author in session.execute(query):
        address = message.recipient or (raw if kind is not None and kind.value == "email" else e164)
        rows.append(
            OutboxRow(
                id=message.id,
                created_at=message.created_at,
                due_at=message.due_at,
                customer_id=message.customer_id,
                customer_name=name,
                customer_number=number,
                zone=zone,
                channel=message.channel,
                point=point_message(kind or message.channel.value, address),
                template=message.template,
                status=message.status,
                reasons=decode_messages(message.reasons),
                reason_detail=message.reason_detail,
                attempts=message.attempts,
                provider=message.provider,
                provider_message_id=message.provider_message_id,
                source=message.source,
                sent_at=message.sent_at,
                delivered_at=message.delivered_at,
                created_by=author,
                subject=message.subject,
                body=message.body,
            )
        )
    return rows


def count_messages(session: Session, flt: OutboxFilter) -> int:
    query = _filtered(
        select(func.count()).select_from(OutboxMessage).join(Customer, Customer.id == OutboxMessage.customer_id), flt
    )
    return int(session.scalar(query) or 0)


def channel_rates(session: Session, since: dt.datetime, until: dt.datetime | None = None) -> list[ChannelRate]:
    """Per channel, the messages created in [since, until) by state."""

    def count(status: OutboxStatus) -> Any:
        return func.sum(case((OutboxMessage.status == status, 1), else_=0))

    undelivered = (OutboxMessage.status == OutboxStatus.FAILED) & OutboxMessage.sent_at.is_not(None)
    query = (
        select(
            OutboxMessage.channel,
            func.count(),
            count(OutboxStatus.QUEUED) + count(OutboxStatus.SENDING),
            count(OutboxStatus.SENT),
            count(OutboxStatus.DELIVERED),
            count(OutboxStatus.FAILED),
            count(OutboxStatus.CANCELLED),
            func.sum(case((undelivered, 1), else_=0)),
        )
        .where(OutboxMessage.created_at >= since)
        .group_by(OutboxMessage.channel)
    )
    if until is not None:
        query = query.where(OutboxMessage.created_at < until)
    found = {
        Channel(channel): ChannelRate(Channel(channel), *(int(value or 0) for value in values))
        for channel, *values in session.execute(query)
    }
    return [found.get(channel, ChannelRate(channel, 0, 0, 0, 0, 0, 0)) for channel in _CHANNELS]


_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


def resend(
    database: Database,
    clock: Clock,
    *,
    message_id: int,
    user_id: int,
    contact_point_id: int | None = None,
    channel: Channel | None = None,
) -> int:
    """A failed or cancelled message queued again (a new message that points at the old one). Supervisors and
    admins only. The rules are checked again when it goes, as for any message."""
    now = clock.now()
    with database.transaction(write=True) as session:
        user = session.get(User, user_id)
        if user is None or user.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise OutboxError(Message.of("outbox.error.supervisors_only"))
        original = session.get(OutboxMessage, message_id)
        if original is None:
            raise OutboxError(Message.of("outbox.error.no_message", id=message_id))
        if original.status not in RESENDABLE:
            raise OutboxError(
                Message.of("outbox.error.not_resendable", status=Message.of(f"outbox.status.{original.status.value}"))
            )
        planned = PlannedMessage(
            key=f"resend:{original.id}:{uuid.uuid4()}",
            customer_id=original.customer_id,
            contact_point_id=contact_point_id or original.contact_point_id,
            channel=channel or original.channel,
            template=original.template,
            language=original.language,
            source="resend",
            due_at=now,
            expires_at=now + RESEND_EXPIRY,
            context=dict(original.context or {}),
            created_by_user_id=original.created_by_user_id if original.source == "desk" else user_id,
            subject=original.subject if original.source == "desk" and channel in (None, original.channel) else None,
            body=original.body if original.source == "desk" and channel in (None, original.channel) else None,
            resend_of_id=original.id,
        )
        enqueue(session, [planned], now)
        new_id = session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == planned.key))
    assert new_id is not None
    return int(new_id)
