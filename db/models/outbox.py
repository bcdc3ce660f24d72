"""The outbox: messages to customers by e-mail, SMS and WhatsApp, from queued to delivered or failed.

A message that is handed to a provider gets an :class:`~db.models.interactions.Interaction` (channel e-mail, SMS
or WhatsApp), so the contact rules count it like a call. ``idempotency_key`` names the message once and for all:
queueing the same reminder twice adds nothing, and the key travels to the provider so a send repeated after a
crash is recognised there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_type
from db.models.enums import Channel, OutboxStatus


class OutboxMessage(Base):
    """One message to one customer on one channel and contact point."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The worker's question: what is due now (queued, or sending with a lapsed claim)?
        Index("ix_outbox_messages_status_due_at", "status", "due_at"),
        Index("ix_outbox_messages_customer_id_created_at", "customer_id", "created_at"),
        Index("ix_outbox_messages_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(96), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    # Indexed, as resend_of_id: deleting a row they point at looks for the messages that point at it.
    contact_point_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact_points.id", ondelete="SET NULL"), index=True
    )
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    template: Mapped[str] = mapped_column(String(48))
    language: Mapped[str] = mapped_column(String(8))
    # Why it exists: "cadence" (the scheduler), "desk" (an agent's wrap-up), "resend" (a supervisor).
    source: Mapped[str] = mapped_column(String(16))
    status: Mapped[OutboxStatus] = mapped_column(enum_type(OutboxStatus), default=OutboxStatus.QUEUED)
    # When the worker should next look at it (first send, or a retry after back-off).
    due_at: Mapped[dt.datetime]
    # After this the message is pointless (a reminder after the due date) and is cancelled, not sent.
    expires_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    # Handed to a provider this many times (a claim that never reached the provider does not count).
    submissions: Mapped[int] = mapped_column(default=0)
    # Set just before a hand-over to the provider, cleared once its answer is recorded: a message found with it
    # set after a crash may or may not have reached the provider.
    submitted_at: Mapped[dt.datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[dt.datetime | None]
    provider: Mapped[str | None] = mapped_column(String(48))
    provider_message_id: Mapped[str | None] = mapped_column(String(128))
    recipient: Mapped[str | None] = mapped_column(String(255))
    subject: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[str | None] = mapped_column(Text)
    # The last reason it failed, was cancelled or is waiting: the first reason's message code (for filtering)
    # and the provider's own words, masked.
    reason: Mapped[str | None] = mapped_column(String(64))
    reason_detail: Mapped[str | None] = mapped_column(String(255))
    # The same reasons with their parameters (agent_desk.worklist.codec), rendered in the reader's language.
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    # What the message is about: account and due date, promise, payment, plan lines — whatever its template needs.
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resend_of_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    read_at: Mapped[dt.datetime | None]
    failed_at: Mapped[dt.datetime | None]
