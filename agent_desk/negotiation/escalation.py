"""Escalation: a plan beyond the deciding supervisor's own authority goes on to someone whose authority covers it.

The supervisor sees which limits are exceeded (theirs and the agent's), picks from :func:`approvers_for` — active
supervisors and admins whose own limits cover the plan — and :func:`escalate` hands the request over, audited.
The person it was escalated to sees it among their approvals whatever their team, and decides as usual
(:func:`agent_desk.negotiation.decide`); the supervisor who escalated may still reject it.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.negotiation.approvals import in_scope, require_approver
from agent_desk.negotiation.limits import Authority, NegotiationError, authority_for
from agent_desk.negotiation.quote import beyond_authority
from agent_desk.negotiation.records import stored_schedule
from agent_desk.text import Message
from db.engine import Database
from db.models import AuditEvent, PaymentPlan, PlanStatus, Role, User

NOTE_MAX = 500


@dataclasses.dataclass(frozen=True)
class ApproverChoice:
    """Someone a request can be escalated to, with the limits that cover it."""

    user_id: int
    name: str
    role: Role
    authority: Authority


def _pending(session: Session, plan_id: int) -> PaymentPlan:
    plan = session.scalars(select(PaymentPlan).where(PaymentPlan.id == plan_id).with_for_update()).first()
    if plan is None:
        raise NegotiationError(Message.of("negotiation.error.unknown_plan", plan=plan_id))
    if plan.status is not PlanStatus.PENDING_APPROVAL:
        raise NegotiationError(
            Message.of(
                "negotiation.error.not_pending",
                plan=plan_id,
                status=Message.of(f"negotiation.status.{plan.status}"),
            )
        )
    return plan


def _covers(session: Session, user_id: int, plan: PaymentPlan, installments: int) -> list[Message]:
    """Why ``user_id``'s own authority does not cover ``plan`` (empty: it does)."""
    return beyond_authority(authority_for(session, user_id), plan.kind, plan.discount_rate, installments)


def approvers_for(database: Database, *, plan_id: int, supervisor_id: int) -> list[ApproverChoice]:
    """Who ``supervisor_id`` could escalate ``plan_id`` to: active supervisors and admins (not themselves) whose
    own authority covers it, the least senior first (supervisors before admins, then by name)."""
    with database.session() as session:
        approver = require_approver(session, supervisor_id)
        plan = _pending(session, plan_id)
        if not in_scope(session, approver, plan.requested_by_user_id, plan.escalated_to_user_id):
            raise NegotiationError(Message.of("negotiation.error.not_your_team"))
        installments = len(stored_schedule(session, plan.id))
        candidates = session.scalars(
            select(User).where(
                User.active.is_(True), User.role.in_((Role.SUPERVISOR, Role.ADMIN)), User.id != supervisor_id
            )
        ).all()
        choices = [
            ApproverChoice(user.id, user.display_name, user.role, authority_for(session, user.id))
            for user in candidates
            if not _covers(session, user.id, plan, installments)
        ]
    return sorted(choices, key=lambda c: (c.role is Role.ADMIN, c.name))


def escalate(
    database: Database, clock: Clock, *, plan_id: int, supervisor_id: int, to_user_id: int, note: str = ""
) -> ApproverChoice:
    """Hand a request beyond ``supervisor_id``'s own authority to ``to_user_id``, whose authority covers it.

    Raises:
        NegotiationError: not a supervisor/admin, not their request to decide, the plan is not pending, it is
            within their own authority (they decide it), the target is themselves, not an active approver, or
            not covered by the target's authority either.
    """
    note = " ".join(note.split())[:NOTE_MAX]
    if to_user_id == supervisor_id:
        raise NegotiationError(Message.of("negotiation.escalation.error.to_self"))
    with database.transaction(write=True) as session:
        session.connection()  # the write lock first: a decision on the same plan queues up behind this
        now = clock.now()
        approver = require_approver(session, supervisor_id)
        plan = _pending(session, plan_id)
        if not in_scope(session, approver, plan.requested_by_user_id, plan.escalated_to_user_id):
            raise NegotiationError(Message.of("negotiation.error.not_your_team"))
        installments = len(stored_schedule(session, plan.id))
        if not _covers(session, supervisor_id, plan, installments):
            raise NegotiationError(Message.of("negotiation.escalation.error.not_beyond"))
        target = session.get(User, to_user_id)
        name = target.display_name if target is not None else str(to_user_id)
        if target is None or not target.active or target.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise NegotiationError(Message.of("negotiation.escalation.error.not_approver", name=name))
        missing = _covers(session, to_user_id, plan, installments)
        if missing:
            raise NegotiationError(Message.of("negotiation.escalation.error.beyond_target", name=name, reasons=missing))
        before = {"escalated_to": plan.escalated_to_user_id}
        plan.escalated_to_user_id = to_user_id
        plan.escalated_by_user_id = supervisor_id
        plan.escalated_at = now
        plan.escalation_note = note or None
        session.add(
            AuditEvent(
                at=now,
                user_id=supervisor_id,
                action="plan.escalated",
                entity="payment_plan",
                entity_id=str(plan.id),
                before=before,
                after={"escalated_to": to_user_id, "note": note},
            )
        )
        return ApproverChoice(target.id, target.display_name, target.role, authority_for(session, target.id))
