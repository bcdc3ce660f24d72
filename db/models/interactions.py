"""Contact attempts and what came of them: outcomes, promises to pay and payment plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, enum_type
from db.models.enums import Channel, Direction, PlanKind, PlanStatus, PromiseStatus
from db.types import Rate


class Interaction(Base):
    """Every contact attempt, answered or not, with its SIP facts."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_customer_id_started_at", "customer_id", "started_at"),
        Index("ix_interactions_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    contact_point_id: Mapped[int | None] = mapped_column(ForeignKey("contact_points.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel), default=Channel.CALL)
    direction: Mapped[Direction] = mapped_column(enum_type(Direction), default=Direction.OUTBOUND)
    dialed_number: Mapped[str | None] = mapped_column(String(64))
    sip_call_id: Mapped[str | None] = mapped_column(String(255))
    sip_code: Mapped[int | None]
    sip_reason: Mapped[str | None] = mapped_column(String(255))
    started_at: Mapped[dt.datetime]
    answered_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    talk_seconds: Mapped[int | None]
    recording_path: Mapped[str | None] = mapped_column(String(500))
    # A call made outside the softphone (a desk or mobile phone while the line was down), recorded by hand with
    # why: it counts like any call, and supervisors see that it was entered manually.
    manual_reason: Mapped[str | None] = mapped_column(Text)

    outcome: Mapped[Outcome | None] = relationship(back_populates="interaction", lazy="raise", uselist=False)


class Disposition(Base):
    """The catalog of call results, seeded from ``resources/dispositions.toml``; supervisors may edit it."""

    __tablename__ = "dispositions"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    right_party_contact: Mapped[bool] = mapped_column(default=False)
    human_answered: Mapped[bool] = mapped_column(default=False)
    final: Mapped[bool] = mapped_column(default=False)
    needs_callback_time: Mapped[bool] = mapped_column(default=False)
    needs_promise: Mapped[bool] = mapped_column(default=False)
    next_action: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Outcome(Base):
    """What an agent recorded about an interaction. Saved once per draft (``draft_key``), lease or not."""

    __tablename__ = "outcomes"
    __table_args__ = (
        Index("ix_outcomes_customer_id_created_at", "customer_id", "created_at"),
        Index("ix_outcomes_created_at", "created_at"),  # KPIs by period (agent_desk/reporting)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_key: Mapped[str] = mapped_column(String(36), unique=True)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    disposition_code: Mapped[str] = mapped_column(ForeignKey("dispositions.code"))
    reason_for_delinquency: Mapped[str | None] = mapped_column(String(64))
    objections: Mapped[list[Any]] = mapped_column(default=list)
    script_stage: Mapped[str | None] = mapped_column(String(64))
    script_variant: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    callback_at: Mapped[dt.datetime | None]
    # The agent confirmed they were speaking with the customer (the script's right-person gate).
    right_party_confirmed: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[dt.datetime]

    interaction: Mapped[Interaction | None] = relationship(back_populates="outcome", lazy="raise")


class Promise(Base):
    """A promise to pay: judged kept, partially kept or broken as payments post and due dates pass."""

    __tablename__ = "promises"
    __table_args__ = (
        Index("ix_promises_status_due_date", "status", "due_date"),
        Index("ix_promises_due_date", "due_date"),  # KPIs by period (agent_desk/reporting)
        Index("ix_promises_created_at", "created_at"),
        Index("ix_promises_outcome_id", "outcome_id"),  # an outcome's promises (review list, call detail)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))
    payment_plan_id: Mapped[int | None] = mapped_column(ForeignKey("payment_plans.id"))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="IDR")
    due_date: Mapped[dt.date]
    channel: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[PromiseStatus] = mapped_column(enum_type(PromiseStatus), default=PromiseStatus.PENDING)
    amount_paid: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    # When the promise is judged: due date + grace days at the check time, customer-local (set when made).
    check_at: Mapped[dt.datetime | None]
    judged_at: Mapped[dt.datetime | None]
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]


class PaymentPlan(Base):
    """An installment plan or a discount, with the affordability it was based on and its approval."""

    __tablename__ = "payment_plans"
    __table_args__ = (Index("ix_payment_plans_decided_at", "decided_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))
    kind: Mapped[PlanKind] = mapped_column(enum_type(PlanKind))
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus))
    currency: Mapped[str] = mapped_column(String(3), default="IDR")
    base_amount: Mapped[Decimal]
    discount_rate: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("0"))
    discount_amount: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    total: Mapped[Decimal]
    frequency: Mapped[str | None] = mapped_column(String(16))
    stated_income: Mapped[Decimal | None]
    stated_expenses: Mapped[Decimal | None]
    requested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    authority_used: Mapped[str | None] = mapped_column(String(64))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None]
    # A request beyond a supervisor's own authority, handed on to someone whose authority covers it.
    escalated_to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalated_at: Mapped[dt.datetime | None]
    escalation_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]

    installments: Mapped[list[PlanInstallment]] = relationship(back_populates="plan", lazy="raise")


class PlanInstallment(Base):
    __tablename__ = "plan_installments"
    __table_args__ = (UniqueConstraint("plan_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"))
    seq: Mapped[int]
    due_date: Mapped[dt.date]
    amount: Mapped[Decimal]

    plan: Mapped[PaymentPlan] = relationship(back_populates="installments", lazy="raise")
