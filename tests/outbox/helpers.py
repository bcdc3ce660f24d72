"""Small helpers for outbox tests: pick customers the rules allow, queue one message, read it back."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.outbox.facts import load_contacts, load_send_facts
from agent_desk.outbox.gate import check_send
from agent_desk.outbox.queue import PlannedMessage, enqueue
from agent_desk.outbox.recipients import Reach, reachable
from agent_desk.worklist import settings_for
from db.models import Channel, ContactPoint, Customer, OutboxMessage


def reachable_customers(context: AppContext, channel: Channel, *, count: int = 1, skip: int = 0) -> list[Reach]:
    """Customers with no flag at all and a verified own point for ``channel`` (the first ``count`` after ``skip``)."""
    policy = settings_for(context.database, context.clock).policy
    with context.database.session() as session:
        ids = list(session.scalars(select(Customer.id).order_by(Customer.id)))
        contacts = load_contacts(session, ids, context.clock.now(), policy)
    found: list[Reach] = []
    for customer_id in ids:
        customer = contacts[customer_id]
        if customer.flags or customer.zone is None:
            continue
        reach = reachable(
            customer.points,
            channels=[channel],
            debtor_owners=policy.debtor_owners,
            verified_only=True,
            whatsapp_consent=customer.whatsapp_consent,
            whatsapp_needs_consent=True,
        )
        if reach and _allowed_now(context, customer_id, reach[0]):
            found.append(reach[0])
        if len(found) >= skip + count:
            break
    return found[skip : skip + count]


def _allowed_now(context: AppContext, customer_id: int, reach: Reach) -> bool:
    worklist = settings_for(context.database, context.clock)
    with context.database.session() as session:
        facts = load_send_facts(session, customer_id, context.clock.now(), worklist)
    assert facts is not None
    return check_send(
        facts.party,
        reach.point,
        reach.channel,
        facts.debts,
        context.clock.now(),
        facts.history,
        worklist.policy,
        whatsapp_consent=facts.contacts.whatsapp_consent,
    ).allowed


def customer_of(context: AppContext, reach: Reach) -> int:
    with context.database.session() as session:
        return int(session.scalar(select(ContactPoint.customer_id).where(ContactPoint.id == reach.point.id)) or 0)


def queue_one(
    context: AppContext,
    reach: Reach,
    *,
    template: str = "payment_details",
    due_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
    source: str = "cadence",
    context_data: dict[str, Any] | None = None,
) -> int:
    now = context.clock.now()
    planned = PlannedMessage(
        key=f"test:{uuid.uuid4()}",
        customer_id=customer_of(context, reach),
        contact_point_id=reach.point.id,
        channel=reach.channel,
        template=template,
        language="id",
        source=source,
        due_at=due_at or now,
        expires_at=expires_at,
        context=context_data or {},
    )
    with context.database.transaction(write=True) as session:
        enqueue(session, [planned], now)
        return int(session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == planned.key)) or 0)


def message(context: AppContext, message_id: int) -> OutboxMessage:
    with context.database.session() as session:
        row = session.get(OutboxMessage, message_id)
        assert row is not None
        session.expunge(row)
        return row
