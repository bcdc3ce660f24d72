"""Approvals: plans beyond an agent's authority wait for a supervisor, who approves or rejects them with a reason.

Status flow: ``pending_approval`` → ``active`` (approved: the promises are created then) or ``rejected``. The
``approved`` status is not used: approval and activation happen in the same transaction.

* Approve: the approver's own authority must cover the plan, and the promise policy is checked again against the
  customer's local date at decision time (a first payment date already passed refuses the approval: the
  supervisor rejects it instead and the agent agrees a new date). One promise per installment; the promise check
  of the first is scheduled like a wrap-up's.
* Reject: a reason is required; the customer gets a call due now so the agent tells them the decision.

Either way the "awaiting approval" call the wrap-up scheduled is closed, and the decision is audited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from agent_desk.clock import Clock
from agent_desk.negotiation.limits import NegotiationError, authority_for, promise_policy
from agent_desk.negotiation.plans import PlanDraft
from agent_desk.negotiation.quote import balances, beyond_authority, schedule_problems
from agent_desk.negotiation.records import AWAITING, stored_schedule, write_promises
from agent_desk.text import LocalTime, Message
from agent_desk.worklist.evaluate import customer_zone
from agent_desk.worklist.facts import load_contact
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import evaluate_customers, store_evaluations
from db.engine import Database
from db.models import (
    ActionKind,
    ActionStatus,
    AuditEvent,
    Customer,
    PaymentPlan,
    PlanKind,
    PlanStatus,
    Promise,
    Role,
    ScheduledAction,
    User,
)


@dataclasses.dataclass(frozen=True)
class ApprovalRequest:
    """A plan waiting for a supervisor; ``reasons`` say why it is beyond the requester's authority."""

    plan_id: int
    customer_id: int
    customer_name: str
    requested_by: str
    requested_at: dt.datetime
    kind: PlanKind
    base_amount: Decimal
    discount_rate: Decimal
    discount_amount: Decimal
    total: Decimal
    installments: int
    first_date: dt.date | None
    currency: str
    reasons: tuple[Message, ...]  # why approval: whose limit the plan is beyond (the requester's)
    requested_by_id: int | None = None
    beyond_you: tuple[Message, ...] = ()  # beyond the viewing approver's own authority too: escalate it
    escalation: Message | None = None  # "Escalated to … by …", with the note


@dataclasses.dataclass(frozen=True)
class PlanDecision:
    """A plan's decision as the agent sees it on the customer."""

    plan_id: int
    customer_id: int
    kind: PlanKind
    status: PlanStatus
    total: Decimal
    currency: str
    requested_by: str | None
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str | None
    promise_ids: tuple[int, ...] = ()
    next_action: Message | None = None

    @property
    def summary(self) -> Message:
        if self.status is PlanStatus.PENDING_APPROVAL:
            return Message.of("negotiation.decision.pending")
        if self.status is PlanStatus.REJECTED:
            return Message.of("negotiation.decision.rejected", by=self.decided_by or "?", reason=self.reason or "")
        return Message.of("negotiation.decision.status", status=Message.of(f"negotiation.status.{self.status}"))


def require_approver(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.active or user.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise NegotiationError(Message.of("negotiation.error.not_approver"))
    return user


def in_scope(session: Session, approver: User, requested_by: int | None, escalated_to: int | None = None) -> bool:
    """A supervisor with a team decides for that team's requests; without a team, and admins, for all; anyone for
    a request escalated to them."""
    if approver.role is Role.ADMIN or approver.team_id is None or escalated_to == approver.id:
        return True
    if requested_by is None:
        return False
    return session.scalar(select(User.team_id).where(User.id == requested_by)) == approver.team_id


def pending_approvals(database: Database, *, supervisor_id: int) -> list[ApprovalRequest]:
    """The requests this supervisor (or admin) may decide, oldest first."""
    with database.session() as session:
        approver = require_approver(session, supervisor_id)
        requester = aliased(User)
        query = (
            select(PaymentPlan, Customer.full_name, requester.display_name, requester.team_id)
            .join(Customer, Customer.id == PaymentPlan.customer_id)
            .outerjoin(requester, requester.id == PaymentPlan.requested_by_user_id)
            .where(PaymentPlan.status == PlanStatus.PENDING_APPROVAL)
            .order_by(PaymentPlan.created_at, PaymentPlan.id)
        )
        if approver.role is not Role.ADMIN and approver.team_id is not None:
            query = query.where(
                or_(requester.team_id == approver.team_id, PaymentPlan.escalated_to_user_id == approver.id)
            )
        own = authority_for(session, approver.id)
        names = {row.id: row.display_name for row in session.execute(select(User.id, User.display_name))}
        requests = []
        for plan, customer_name, requested_by, _team in session.execute(query):
            schedule = stored_schedule(session, plan.id)
            reasons: list[Message] = []
            if plan.requested_by_user_id is not None:
                try:
                    authority = authority_for(session, plan.requested_by_user_id)
                except NegotiationError:
                    authority = None
                if authority is not None:
                    reasons = beyond_authority(
                        authority, plan.kind, plan.discount_rate, len(schedule), who=requested_by or "?"
                    )
            beyond_you = beyond_authority(own, plan.kind, plan.discount_rate, len(schedule), who=approver.display_name)
            escalation = None
            if plan.escalated_to_user_id is not None:
                escalation = Message.of(
                    "negotiation.escalation.escalated",
                    to=names.get(plan.escalated_to_user_id, "?"),
                    by=names.get(plan.escalated_by_user_id or 0, "?"),
                )
            requests.append(
                ApprovalRequest(
                    plan_id=plan.id,
                    customer_id=plan.customer_id,
                    customer_name=customer_name,
                    requested_by=requested_by or "?",
                    requested_at=plan.created_at,
                    kind=plan.kind,
                    base_amount=plan.base_amount,
                    discount_rate=plan.discount_rate,
                    discount_amount=plan.discount_amount,
                    total=plan.total,
                    installments=len(schedule),
                    first_date=schedule[0].due_date if schedule else None,
                    currency=plan.currency,
                    reasons=tuple(reasons),
                    requested_by_id=plan.requested_by_user_id,
                    beyond_you=tuple(beyond_you),
                    escalation=escalation,
                )
            )
        return requests


def decide(
    database: Database,
    clock: Clock,
    *,
    plan_id: int,
    supervisor_id: int,
    approve: bool,
    reason: str,
    settings: WorklistSettings | None = None,
) -> PlanDecision:
    """Approve or reject a pending plan (see the module's notes for what each does).

    Raises:
        NegotiationError: not a supervisor/admin, not their team's request, the plan is not pending, no reason
            for a rejection, the plan is beyond the approver's own authority, or the promise policy refuses it now.
    """
    reason = reason.strip()
    if not approve and not reason:
        raise NegotiationError(Message.of("negotiation.error.reason_needed"))
    settings = settings or settings_for(database, clock)
    with database.transaction(write=True) as session:
        session.connection()  # the write lock first: two supervisors deciding the same plan queue up here
        now = clock.now()
        approver = require_approver(session, supervisor_id)
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
        if not in_scope(session, approver, plan.requested_by_user_id, plan.escalated_to_user_id):
            raise NegotiationError(Message.of("negotiation.error.not_your_team"))
        facts = load_contact(session, plan.customer_id)
        zone = (customer_zone(facts, settings.policy) if facts else None) or settings.policy.zones[0]
        schedule = stored_schedule(session, plan.id)
        promises: list[Promise] = []
        if approve:
            authority = authority_for(session, supervisor_id)
            beyond = beyond_authority(authority, plan.kind, plan.discount_rate, len(schedule))
            if beyond:
                raise NegotiationError(Message.of("negotiation.error.beyond_approver", reasons=beyond))
            today = now.astimezone(ZoneInfo(zone)).date()
            found, errors = balances(session, _draft_of(plan))
            arrears = found.arrears if found is not None else Decimal(0)
            problems = errors + schedule_problems(
                promise_policy(session),
                schedule,
                total=plan.total,
                currency=plan.currency,
                arrears=arrears,
                today=today,
            )
            if problems:
                raise NegotiationError(Message.of("negotiation.error.policy_now", problems=problems))
            plan.status = PlanStatus.ACTIVE
            plan.authority_used = authority.label
            promises = write_promises(
                session,
                plan,
                schedule,
                zone=zone,
                grace_days=settings.promise_grace_days,
                check_minute=settings.promise_check_minute,
                first_check_at=None,
                outcome_id=plan.outcome_id,
                created_by=plan.requested_by_user_id,
                channel=None,
                now=now,
            )
        else:
            plan.status = PlanStatus.REJECTED
        plan.decided_by_user_id = supervisor_id
        plan.decided_at = now
        plan.decision_reason = reason or None
        next_action = _follow_up(session, plan, promises[0] if approve and promises else None, zone, now)
        session.add(
            AuditEvent(
                at=now,
                user_id=supervisor_id,
                action="plan.approved" if approve else "plan.rejected",
                entity="payment_plan",
                entity_id=str(plan.id),
                before={"status": str(PlanStatus.PENDING_APPROVAL)},
                after={"status": str(plan.status), "reason": reason, "authority_used": plan.authority_used},
            )
        )
        session.flush()
        facts_now, evaluations, _ = evaluate_customers(session, now, [plan.customer_id], settings, judge=False)
        store_evaluations(session, facts_now, evaluations, now)
        return PlanDecision(
            plan_id=plan.id,
            customer_id=plan.customer_id,
            kind=plan.kind,
            status=plan.status,
            total=plan.total,
            currency=plan.currency,
            requested_by=_name(session, plan.requested_by_user_id),
            decided_by=approver.display_name,
            decided_at=now,
            reason=plan.decision_reason,
            promise_ids=tuple(p.id for p in promises),
            next_action=next_action,
        )


def _draft_of(plan: PaymentPlan) -> PlanDraft:
    return PlanDraft(
        kind=plan.kind,
        customer_id=plan.customer_id,
        account_id=plan.account_id,
        currency=plan.currency,
        base_amount=plan.base_amount,
    )


def _follow_up(session: Session, plan: PaymentPlan, first: Promise | None, zone: str, now: dt.datetime) -> Message:
    """Close the "awaiting approval" call; schedule the first promise's check, or a call to tell the customer."""
    waiting = session.scalars(
        select(ScheduledAction).where(
            ScheduledAction.customer_id == plan.customer_id, ScheduledAction.status == ActionStatus.OPEN
        )
    ).all()
    for action in waiting:
        if (action.reason or {}).get(AWAITING) == plan.id:
            action.status = ActionStatus.DONE
            action.closed_at = now
    if first is not None and first.check_at is not None:
        session.add(
            ScheduledAction(
                customer_id=plan.customer_id,
                kind=ActionKind.PROMISE_CHECK,
                due_at=first.check_at,
                account_id=plan.account_id,
                promise_id=first.id,
                reason={"plan_approved": plan.id},
                created_at=now,
            )
        )
        return Message.of("schedule.next.promise_check", local=LocalTime(first.check_at, zone, with_date=True))
    session.add(
        ScheduledAction(
            customer_id=plan.customer_id,
            kind=ActionKind.CALL,
            due_at=now,
            account_id=plan.account_id,
            reason={"plan_rejected": plan.id},
            created_at=now,
        )
    )
    return Message.of("negotiation.next.tell_customer", local=LocalTime(now, zone, with_date=True))


def _name(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return session.scalar(select(User.display_name).where(User.id == user_id))


def plan_decisions(session: Session, customer_id: int) -> list[PlanDecision]:
    """The customer's plans with their status and decision, newest first: what the agent sees on the profile."""
    requester, decider = aliased(User), aliased(User)
    rows = session.execute(
        select(PaymentPlan, requester.display_name, decider.display_name)
        .outerjoin(requester, requester.id == PaymentPlan.requested_by_user_id)
        .outerjoin(decider, decider.id == PaymentPlan.decided_by_user_id)
        .where(PaymentPlan.customer_id == customer_id)
        .order_by(PaymentPlan.created_at.desc(), PaymentPlan.id.desc())
    ).all()
    return [
        PlanDecision(
            plan_id=plan.id,
            customer_id=plan.customer_id,
            kind=plan.kind,
            status=plan.status,
            total=plan.total,
            currency=plan.currency,
            requested_by=requested,
            decided_by=decided,
            decided_at=plan.decided_at,
            reason=plan.decision_reason,
        )
        for plan, requested, decided in rows
    ]
