"""One call in detail for review: who, the customer as they stand, what the agent recorded, and the recording."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.auth.guard import acting
from agent_desk.auth.permissions import Actor, Permission, Scope, require
from agent_desk.compliance.policy import Policy
from agent_desk.reporting.scope import customer_zone_name
from agent_desk.text import Message
from db.models import (
    Account,
    AuditEvent,
    Customer,
    CustomerFlag,
    Interaction,
    LanguageFlag,
    Outcome,
    PaymentPlan,
    PlanKind,
    PlanStatus,
    Promise,
    User,
)


@dataclasses.dataclass(frozen=True)
class AccountSnapshot:
    account_number: str
    product: str
    bucket: str
    days_past_due: int
    outstanding: Decimal
    arrears: Decimal
    currency: str


@dataclasses.dataclass(frozen=True)
class PromiseLine:
    amount: Decimal
    currency: str
    due_date: dt.date
    status: str
    amount_paid: Decimal


@dataclasses.dataclass(frozen=True)
class CallDetail:
    outcome_id: int
    saved_at: dt.datetime
    agent_id: int | None
    agent: str | None
    customer_id: int
    customer_name: str
    zone: str | None
    flags: tuple[str, ...]
    accounts: tuple[AccountSnapshot, ...]
    disposition_code: str
    reason_for_delinquency: str | None
    script_variant: str | None
    script_stage: str | None
    objections: tuple[str, ...]
    notes: str | None
    promises: tuple[PromiseLine, ...]
    plan_kind: PlanKind | None  # the plan made in this call, if any: what kind, where it stands, its total
    plan_status: PlanStatus | None
    plan_total: Decimal | None
    language_phrases: tuple[str, ...]
    compliance: Message  # what the rules said around the call
    interaction_id: int | None
    started_at: dt.datetime | None
    talk_seconds: int | None
    sip_code: int | None
    has_recording: bool
    manual_reason: str | None = None  # a call made from another phone and entered by hand: why


def call_detail(session: Session, outcome_id: int, policy: Policy, *, viewer: Actor | int) -> CallDetail | None:
    """One call in detail, for a viewer who may see its outcome (the agent's team's, or an admin).

    Raises:
        AccessDeniedError: the outcome is outside the viewer's reach.
    """
    author = session.execute(
        select(Outcome.user_id, User.team_id)
        .outerjoin(User, User.id == Outcome.user_id)
        .where(Outcome.id == outcome_id)
    ).first()
    if author is not None:
        require(acting(session, viewer), Permission.OUTCOMES_VIEW, Scope.of((author.team_id,), (author.user_id,)))
    row = session.execute(
        select(Outcome, Customer.full_name, customer_zone_name(policy), User.login)
        .join(Customer, Customer.id == Outcome.customer_id)
        .outerjoin(User, User.id == Outcome.user_id)
        .where(Outcome.id == outcome_id)
    ).first()
    if row is None:
        return None
    outcome, name, zone, agent = row
    interaction = session.get(Interaction, outcome.interaction_id) if outcome.interaction_id else None
    accounts = tuple(
        AccountSnapshot(
            a.account_number, str(a.product), a.bucket, a.days_past_due, a.outstanding, a.arrears, a.currency
        )
        for a in session.scalars(
            select(Account).where(Account.customer_id == outcome.customer_id).order_by(Account.days_past_due.desc())
        )
    )
    flags = tuple(
        str(kind)
        for kind in session.scalars(
            select(CustomerFlag.kind).where(
                CustomerFlag.customer_id == outcome.customer_id,
                CustomerFlag.cleared_at.is_(None),
                CustomerFlag.contact_point_id.is_(None),
            )
        )
    )
    promises = tuple(
        PromiseLine(p.amount, p.currency, p.due_date, str(p.status), p.amount_paid)
        for p in session.scalars(select(Promise).where(Promise.outcome_id == outcome_id).order_by(Promise.due_date))
    )
    plan = session.scalars(select(PaymentPlan).where(PaymentPlan.outcome_id == outcome_id)).first()
    phrases = tuple(session.scalars(select(LanguageFlag.matched_text).where(LanguageFlag.outcome_id == outcome_id)))
    return CallDetail(
        outcome_id=outcome.id,
        saved_at=outcome.created_at,
        agent_id=outcome.user_id,
        agent=agent,
        customer_id=outcome.customer_id,
        customer_name=name,
        zone=None if zone == "unknown" else zone,
        flags=flags,
        accounts=accounts,
        disposition_code=outcome.disposition_code,
        reason_for_delinquency=outcome.reason_for_delinquency,
        script_variant=outcome.script_variant,
        script_stage=outcome.script_stage,
        objections=tuple(str(o) for o in outcome.objections or ()),
        notes=outcome.notes,
        promises=promises,
        plan_kind=PlanKind(plan.kind) if plan else None,
        plan_status=PlanStatus(plan.status) if plan else None,
        plan_total=plan.total if plan else None,
        language_phrases=phrases,
        compliance=_compliance(session, outcome, interaction),
        interaction_id=interaction.id if interaction else None,
        started_at=interaction.started_at if interaction else None,
        talk_seconds=interaction.talk_seconds if interaction else None,
        sip_code=interaction.sip_code if interaction else None,
        has_recording=bool(interaction and interaction.recording_path),
        manual_reason=interaction.manual_reason if interaction else None,
    )


def _compliance(session: Session, outcome: Outcome, interaction: Interaction | None) -> Message:
    """The rules' decision: a call placed through the softphone passed the check at the moment of dialing;
    refusals the same day for this customer are listed by count."""
    moment = interaction.started_at if interaction else outcome.created_at
    refused = session.scalar(
        select(func.count()).where(
            AuditEvent.action == "dial.refused",
            AuditEvent.entity == "customer",
            AuditEvent.entity_id == str(outcome.customer_id),
            AuditEvent.at >= moment - dt.timedelta(hours=12),
            AuditEvent.at <= moment + dt.timedelta(hours=12),
        )
    )
    if interaction is None:
        return Message.of("review.compliance_no_call", refused=int(refused or 0))
    if interaction.manual_reason is not None:
        return Message.of("review.compliance_manual", reason=interaction.manual_reason, refused=int(refused or 0))
    return Message.of("review.compliance_allowed", refused=int(refused or 0))
