"""Saving an outcome: the one place that writes Outcome, Promise and PaymentPlan, and schedules what comes next.

Idempotent by ``draft_key``: saving the same draft twice (a retry after a crash, a double click) returns the
first save. A call that happened is always saved — even when the lease lapsed or another agent holds the
customer now; their lease is left alone.

A payment plan (``OutcomeDraft.plan``) is quoted again here, with the authority and promise policy in the
database for ``draft.user_id``: a plan the policy refuses is an :class:`OutcomeError` (nothing is written); a plan
within the user's authority is saved ``active`` with one promise per installment (the first installment is the
promise the check is scheduled for; ``draft.promise`` may be None or must equal it); a plan beyond it is saved
``pending_approval`` with no promise, and a promise disposition then schedules a call after the policy's
``decision_follow_up_hours`` in case no decision comes. The notes go through the language guard; findings are
stored as ``language_flags`` rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agent_desk.auth.guard import require_not_importing, require_on_customer
from agent_desk.auth.permissions import Permission
from agent_desk.clock import Clock
from agent_desk.compliance import NumberFacts
from agent_desk.language_guard import record_flags
from agent_desk.negotiation.limits import NegotiationError, promise_policy
from agent_desk.negotiation.plans import PlanDraft
from agent_desk.negotiation.quote import PlanQuote, quote_plan
from agent_desk.negotiation.records import AWAITING, write_plan, write_promises
from agent_desk.scheduling.attempts import check_call_for_outcome
from agent_desk.scheduling.catalog import CatalogEntry, load_disposition
from agent_desk.scheduling.next_action import (
    NextActionPlan,
    OutcomeError,
    next_number,
    plan_next_action,
    usable_for_rotation,
)
from agent_desk.text import LocalTime, Message, currency_format
from agent_desk.worklist.evaluate import customer_zone
from agent_desk.worklist.facts import load_contact
from agent_desk.worklist.leasing import LeaseState, clear_lease, lock_lease
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import evaluate_customers, store_evaluations
from db.engine import Database
from db.models import (
    Account,
    ActionKind,
    ActionStatus,
    AuditEvent,
    ContactPoint,
    CustomerFlag,
    Interaction,
    LanguageFlag,
    Outcome,
    PaymentPlan,
    PlanStatus,
    Promise,
    PromiseStatus,
    ScheduledAction,
    WorklistEntry,
)

# Open actions an outcome replaces: any new outcome supersedes the planned call; escalations and payment
# verifications only end when the customer was actually reached.
SUPERSEDED = (ActionKind.CALL, ActionKind.RETRY, ActionKind.CALLBACK, ActionKind.REMINDER)
ENDED_BY_CONTACT = (ActionKind.ESCALATION,)


@dataclasses.dataclass(frozen=True)
class PromiseDraft:
    amount: Decimal
    due_date: dt.date
    account_id: int | None = None
    channel: str | None = None


@dataclasses.dataclass(frozen=True)
class OutcomeDraft:
    """What the wrap-up collected. ``draft_key`` is made when the wrap-up opens (a UUID) and never changes.

    Attributes:
        callback_at: the customer-local time the agent chose, as an aware datetime (UTC or any zone).
        interaction_id: the call: the attempt from :func:`agent_desk.worklist.check_before_dial`, an inbound call,
            or a call entered by hand (:func:`agent_desk.scheduling.attempts.record_manual_call`). Required.
        right_party_confirmed: the agent confirmed the customer on the line; a promise or a plan needs it.
    """

    draft_key: str
    customer_id: int
    user_id: int | None
    disposition_code: str
    interaction_id: int | None = None
    contact_point_id: int | None = None
    callback_at: dt.datetime | None = None
    promise: PromiseDraft | None = None
    reason_for_delinquency: str | None = None
    objections: tuple[str, ...] = ()
    script_stage: str | None = None
    notes: str | None = None
    plan: PlanDraft | None = None
    script_variant: str | None = None  # the script the agent followed (KPIs by variant, experiments)
    right_party_confirmed: bool = False  # the agent confirmed the customer on the line (the script's gate)


@dataclasses.dataclass(frozen=True)
class SavedOutcome:
    """The result the wrap-up shows: the next action in words, and what happened to the lease."""

    outcome_id: int
    created: bool
    next_action_kind: str | None
    next_action_at: dt.datetime | None
    next_action: Message
    promise_id: int | None
    lease_released: bool
    lease_note: Message | None
    queue_allowed: bool
    queue_ready_at: dt.datetime | None
    plan_id: int | None = None
    plan_status: str | None = None  # "active", or "pending_approval" (no promise until a supervisor approves)
    promise_ids: tuple[int, ...] = ()  # every promise saved (one per installment of an active plan)
    language_flags: int = 0  # findings of the language guard in the notes, kept for supervisors


def save_outcome(
    database: Database, clock: Clock, draft: OutcomeDraft, *, settings: WorklistSettings | None = None
) -> SavedOutcome:
    """Save ``draft`` with its promise, schedule the next action, release the agent's lease, update the queue.

    Raises:
        OutcomeError: the draft is incomplete or inconsistent (nothing is written then).
    """
    settings = settings or settings_for(database, clock)
    try:
        with database.transaction(write=True) as session:
            session.connection()  # take the write lock before reading the clock
            return _save(session, database, clock.now(), draft, settings)
    except IntegrityError:
        # The same draft saved concurrently by another thread or process: return that save.
        with database.session() as session:
            if session.scalar(select(Outcome.id).where(Outcome.draft_key == draft.draft_key)) is None:
                raise
            return _replay(session, draft)


def _save(
    session: Session, database: Database, now: dt.datetime, draft: OutcomeDraft, settings: WorklistSettings
) -> SavedOutcome:
    if session.scalar(select(Outcome.id).where(Outcome.draft_key == draft.draft_key)) is not None:
        return _replay(session, draft)
    # A customer an unfinished import wrote is refused as such first (not as an incomplete wrap-up): nothing the
    # agent could change in the draft would let it be saved before the import is done.
    require_not_importing(session, draft.customer_id)
    lease = lock_lease(session, database, draft.customer_id)
    spec = load_disposition(session, draft.disposition_code)
    facts = load_contact(session, draft.customer_id)
    if facts is None:
        raise OutcomeError(Message.of("schedule.error.unknown_customer", customer=draft.customer_id))
    if spec is None or not spec.active:
        raise OutcomeError(Message.of("schedule.error.unknown_disposition", disposition=draft.disposition_code))
    zone = customer_zone(facts, settings.policy) or settings.policy.zones[0]
    dialed = _dialed_number(session, draft)
    _validate(session, draft, spec, now, zone, draft.customer_id)
    quote = _quote(session, draft, now, zone)
    # The saver's role and scope: their team's customers, those leased to them, or the customer of their own call.
    require_on_customer(
        session, draft.user_id, Permission.OUTCOME_SAVE, draft.customer_id, interaction_id=draft.interaction_id
    )
    plan_status = None
    if quote is not None:
        plan_status = PlanStatus.PENDING_APPROVAL if quote.needs_approval else PlanStatus.ACTIVE
    outcome = Outcome(
        draft_key=draft.draft_key,
        interaction_id=draft.interaction_id,
        customer_id=draft.customer_id,
        user_id=draft.user_id,
        disposition_code=spec.code,
        reason_for_delinquency=draft.reason_for_delinquency,
        objections=list(draft.objections),
        script_stage=draft.script_stage,
        script_variant=draft.script_variant,
        notes=draft.notes,
        callback_at=draft.callback_at.astimezone(dt.UTC) if draft.callback_at else None,
        right_party_confirmed=draft.right_party_confirmed,
        created_at=now,
    )
    session.add(outcome)
    session.flush()
    promise_due = draft.promise.due_date if draft.promise else None
    if quote is not None:
        promise_due = quote.schedule[0].due_date if plan_status is PlanStatus.ACTIVE else None
    if plan_status is PlanStatus.PENDING_APPROVAL and spec.rule.kind is ActionKind.PROMISE_CHECK:
        plan = _awaiting_decision(session, spec, now, zone, dialed, facts.numbers, settings)
    else:
        plan = plan_next_action(
            spec,
            now=now,
            zone=zone,
            dialed_number_id=dialed,
            numbers=facts.numbers,
            policy=settings.policy,
            callback_at=outcome.callback_at,
            promise_due=promise_due,
            default_grace_days=settings.promise_grace_days,
            default_check_minute=settings.promise_check_minute,
        )
    promises: list[Promise] = []
    plan_row: PaymentPlan | None = None
    if quote is not None and plan_status is not None:
        plan_row = write_plan(session, quote, outcome_id=outcome.id, user_id=draft.user_id, status=plan_status, now=now)
        if plan_status is PlanStatus.ACTIVE:
            promises = write_promises(
                session,
                plan_row,
                quote.schedule,
                zone=zone,
                grace_days=spec.rule.grace_days if spec.rule.grace_days is not None else settings.promise_grace_days,
                check_minute=spec.rule.at_local_minute
                if spec.rule.at_local_minute is not None
                else settings.promise_check_minute,
                first_check_at=plan.due_at if plan.for_promise else None,
                outcome_id=outcome.id,
                created_by=draft.user_id,
                channel=draft.promise.channel if draft.promise else None,
                now=now,
            )
    else:
        single = _promise(session, draft, outcome, plan, now)
        promises = [single] if single else []
    promise = promises[0] if promises else None
    flags = record_flags(
        session,
        draft.notes,
        field="notes",
        now=now,
        customer_id=draft.customer_id,
        outcome_id=outcome.id,
        user_id=draft.user_id,
    )
    _close_superseded(session, draft.customer_id, spec, now)
    awaiting = plan_row.id if plan_row is not None and plan_status is PlanStatus.PENDING_APPROVAL else None
    _apply_plan(session, draft, spec, plan, outcome, promise, now, awaiting=awaiting)
    released, note = _lease_after_save(session, lease, draft.user_id, now)
    session.add(
        AuditEvent(
            at=now,
            user_id=draft.user_id,
            action="outcome.saved",
            entity="customer",
            entity_id=str(draft.customer_id),
            after={
                "outcome": outcome.id,
                "disposition": spec.code,
                "next": str(plan.kind),
                "lease_released": released,
                "plan": plan_row.id if plan_row else None,
                "plan_status": str(plan_status) if plan_status else None,
                "language_flags": len(flags),
            },
        )
    )
    session.flush()
    facts_now, evaluations, _ = evaluate_customers(session, now, [draft.customer_id], settings, judge=True)
    store_evaluations(session, facts_now, evaluations, now)
    evaluation = evaluations[draft.customer_id]
    return SavedOutcome(
        outcome_id=outcome.id,
        created=True,
        next_action_kind=str(plan.kind) if plan.kind else None,
        next_action_at=plan.due_at,
        next_action=plan.description,
        promise_id=promise.id if promise else None,
        lease_released=released,
        lease_note=note,
        queue_allowed=evaluation.allowed,
        queue_ready_at=evaluation.ready_at,
        plan_id=plan_row.id if plan_row else None,
        plan_status=str(plan_status) if plan_status else None,
        promise_ids=tuple(p.id for p in promises),
        language_flags=len(flags),
    )


def _quote(session: Session, draft: OutcomeDraft, now: dt.datetime, zone: str) -> PlanQuote | None:
    """The plan quoted again in the service layer; a plan the policy refuses stops the save."""
    if draft.plan is None:
        return None
    if draft.plan.customer_id != draft.customer_id:
        raise OutcomeError(Message.of("negotiation.error.other_customer"))
    if draft.user_id is None:
        raise OutcomeError(Message.of("negotiation.error.no_user"))
    today = now.astimezone(ZoneInfo(zone)).date()
    try:
        quote = quote_plan(session, draft.user_id, draft.plan, today=today)
    except NegotiationError as error:
        raise OutcomeError(error.message) from error
    if quote.policy_problems:
        raise OutcomeError(Message.of("negotiation.error.cannot_save", problems=list(quote.policy_problems)))
    if draft.promise is not None:
        first = quote.schedule[0]
        same_account = draft.promise.account_id in (None, draft.plan.account_id)
        if (draft.promise.amount, draft.promise.due_date) != (first.amount, first.due_date) or not same_account:
            raise OutcomeError(Message.of("negotiation.error.promise_differs"))
    return quote


def _awaiting_decision(
    session: Session,
    spec: CatalogEntry,
    now: dt.datetime,
    zone: str,
    dialed: int | None,
    numbers: Sequence[NumberFacts],
    settings: WorklistSettings,
) -> NextActionPlan:
    """A promise disposition whose plan waits for approval: call the customer back if no decision comes."""
    hours = promise_policy(session).decision_follow_up_hours
    due_at = now + dt.timedelta(hours=hours)
    usable = [n for n in numbers if usable_for_rotation(n, settings.policy)]
    number = dialed if any(n.id == dialed for n in usable) else next_number(usable, None, settings.policy)
    return NextActionPlan(
        kind=ActionKind.CALL,
        due_at=due_at,
        contact_point_id=number,
        for_promise=False,
        invalidate_number_id=None,
        set_flag=spec.rule.flag,
        supervisor_list=False,
        description=Message.of("negotiation.next.awaiting_approval", local=LocalTime(due_at, zone, with_date=True)),
    )


def _dialed_number(session: Session, draft: OutcomeDraft) -> int | None:
    if draft.contact_point_id is not None:
        return draft.contact_point_id
    if draft.interaction_id is not None:
        return session.scalar(select(Interaction.contact_point_id).where(Interaction.id == draft.interaction_id))
    return None


def _validate(
    session: Session, draft: OutcomeDraft, spec: CatalogEntry, now: dt.datetime, zone: str, customer_id: int
) -> None:
    check_call_for_outcome(
        session,
        customer_id=customer_id,
        interaction_id=draft.interaction_id,
        contact_point_id=draft.contact_point_id,
        spec=spec,
        right_party_confirmed=draft.right_party_confirmed,
        has_plan=draft.plan is not None,
    )
    if spec.needs_callback_time:
        if draft.callback_at is None:
            raise OutcomeError(Message.of("schedule.error.callback_needed"))
        if draft.callback_at.tzinfo is None:
            raise OutcomeError(Message.of("schedule.error.callback_zone"))
        if draft.callback_at <= now:
            raise OutcomeError(Message.of("schedule.error.callback_past"))
    if spec.needs_promise and draft.promise is None and draft.plan is None:
        raise OutcomeError(Message.of("schedule.error.promise_needed"))
    if draft.promise is not None and draft.plan is None:
        _validate_promise(session, draft.promise, now, zone, customer_id)


def _validate_promise(session: Session, promise: PromiseDraft, now: dt.datetime, zone: str, customer_id: int) -> None:
    if promise.amount <= 0:
        raise OutcomeError(Message.of("schedule.error.promise_amount"))
    today = now.astimezone(ZoneInfo(zone)).date()
    if promise.due_date < today:
        raise OutcomeError(Message.of("schedule.error.promise_past", day=promise.due_date))
    if promise.account_id is not None:
        account = session.execute(
            select(Account.customer_id, Account.currency).where(Account.id == promise.account_id)
        ).first()
        if account is None or account.customer_id != customer_id:
            raise OutcomeError(Message.of("schedule.error.promise_account"))
        digits = currency_format(account.currency).minor_unit
        if promise.amount != promise.amount.quantize(Decimal(1).scaleb(-digits)):
            raise OutcomeError(Message.of("schedule.error.promise_minor_unit", currency=account.currency))


def _promise(
    session: Session,
    draft: OutcomeDraft,
    outcome: Outcome,
    plan: NextActionPlan,
    now: dt.datetime,
) -> Promise | None:
    if draft.promise is None:
        return None
    currency = (
        session.scalar(
            select(Account.currency).where(Account.customer_id == draft.customer_id).order_by(Account.id).limit(1)
        )
        or "IDR"
    )
    if draft.promise.account_id is not None:
        currency = session.scalar(select(Account.currency).where(Account.id == draft.promise.account_id)) or currency
        # A new promise on an account replaces the one still pending there.
        replaced = session.scalars(
            select(Promise).where(
                Promise.account_id == draft.promise.account_id, Promise.status == PromiseStatus.PENDING
            )
        ).all()
        for old in replaced:
            old.status = PromiseStatus.CANCELLED
            old.judged_at = now
            session.execute(
                update(ScheduledAction)
                .where(
                    ScheduledAction.promise_id == old.id,
                    ScheduledAction.status == ActionStatus.OPEN,
                )
                .values(status=ActionStatus.CANCELLED, closed_at=now)
            )
    promise = Promise(
        customer_id=draft.customer_id,
        account_id=draft.promise.account_id,
        outcome_id=outcome.id,
        amount=draft.promise.amount,
        currency=currency,
        due_date=draft.promise.due_date,
        channel=draft.promise.channel,
        status=PromiseStatus.PENDING,
        amount_paid=Decimal("0.00"),
        check_at=plan.due_at if plan.for_promise else None,
        created_by_user_id=draft.user_id,
        created_at=now,
    )
    session.add(promise)
    session.flush()
    return promise


def _close_superseded(session: Session, customer_id: int, spec: CatalogEntry, now: dt.datetime) -> None:
    kinds: Sequence[ActionKind] = SUPERSEDED + (ENDED_BY_CONTACT if spec.right_party_contact else ())
    session.execute(
        update(ScheduledAction)
        .where(
            ScheduledAction.customer_id == customer_id,
            ScheduledAction.status == ActionStatus.OPEN,
            ScheduledAction.kind.in_(kinds),
        )
        .values(status=ActionStatus.DONE, closed_at=now)
    )
    if spec.right_party_contact:  # a payment the customer says they made is verified by the new outcome's plan
        session.execute(
            update(ScheduledAction)
            .where(
                ScheduledAction.customer_id == customer_id,
                ScheduledAction.status == ActionStatus.OPEN,
                ScheduledAction.kind == ActionKind.PROMISE_CHECK,
                ScheduledAction.promise_id.is_(None),
            )
            .values(status=ActionStatus.DONE, closed_at=now)
        )


def _apply_plan(
    session: Session,
    draft: OutcomeDraft,
    spec: CatalogEntry,
    plan: NextActionPlan,
    outcome: Outcome,
    promise: Promise | None,
    now: dt.datetime,
    *,
    awaiting: int | None = None,
) -> None:
    if plan.kind is not None and plan.due_at is not None:
        reason: dict[str, object] = {"disposition": spec.code}
        if awaiting is not None:
            reason[AWAITING] = awaiting
        if plan.supervisor_list:
            reason["supervisor_list"] = True
        session.add(
            ScheduledAction(
                customer_id=draft.customer_id,
                kind=plan.kind,
                due_at=plan.due_at,
                account_id=promise.account_id if promise else None,
                promise_id=promise.id if promise and plan.for_promise else None,
                contact_point_id=plan.contact_point_id,
                created_by_outcome_id=outcome.id,
                reason=reason,
                created_at=now,
            )
        )
    dialed = _dialed_number(session, draft)
    if plan.invalidate_number_id is not None:
        point = session.get(ContactPoint, plan.invalidate_number_id)
        if point is not None:
            point.dialable = False
            point.invalidated_at = now
            point.invalid_reason = spec.code
            if spec.code == "wrong_number":
                point.wrong_number_count += 1
    elif spec.right_party_contact and dialed is not None:
        point = session.get(ContactPoint, dialed)
        if point is not None:
            point.verified_count += 1
    if plan.set_flag is not None:
        active = session.scalar(
            select(CustomerFlag.id).where(
                CustomerFlag.customer_id == draft.customer_id,
                CustomerFlag.contact_point_id.is_(None),
                CustomerFlag.kind == plan.set_flag,
                CustomerFlag.cleared_at.is_(None),
            )
        )
        if active is None:
            session.add(
                CustomerFlag(
                    customer_id=draft.customer_id,
                    kind=plan.set_flag,
                    set_at=now,
                    set_by_user_id=draft.user_id,
                    note=f"outcome {outcome.id}",
                )
            )


def _lease_after_save(
    session: Session, lease: LeaseState | None, user_id: int | None, now: dt.datetime
) -> tuple[bool, Message | None]:
    if lease is None or lease.user_id is None:
        return False, None
    if lease.user_id != user_id:
        if lease.until is not None and lease.until > now:
            return False, Message.of("queue.saved_while_held")
        return False, None
    lapsed = lease.until is None or lease.until <= now
    clear_lease(session, lease.customer_id)
    session.add(
        AuditEvent(
            at=now,
            user_id=user_id,
            action="lease.released",
            entity="customer",
            entity_id=str(lease.customer_id),
            after={"lapsed": lapsed, "by": "outcome"},
        )
    )
    return True, Message.of("queue.saved_after_lapse") if lapsed else None


def _replay(session: Session, draft: OutcomeDraft) -> SavedOutcome:
    outcome = session.scalars(select(Outcome).where(Outcome.draft_key == draft.draft_key)).one()
    action = session.scalars(
        select(ScheduledAction).where(ScheduledAction.created_by_outcome_id == outcome.id).order_by(ScheduledAction.id)
    ).first()
    promise_ids = tuple(
        session.scalars(select(Promise.id).where(Promise.outcome_id == outcome.id).order_by(Promise.id))
    )
    plan_row = session.execute(
        select(PaymentPlan.id, PaymentPlan.status).where(PaymentPlan.outcome_id == outcome.id)
    ).first()
    flags = len(session.scalars(select(LanguageFlag.id).where(LanguageFlag.outcome_id == outcome.id)).all())
    entry = session.get(WorklistEntry, outcome.customer_id)
    return SavedOutcome(
        outcome_id=outcome.id,
        created=False,
        next_action_kind=str(action.kind) if action else None,
        next_action_at=action.due_at if action else None,
        next_action=Message.of("schedule.already_saved", at=outcome.created_at),
        promise_id=promise_ids[0] if promise_ids else None,
        lease_released=False,
        lease_note=None,
        queue_allowed=bool(entry and entry.allowed),
        queue_ready_at=entry.ready_at if entry else None,
        plan_id=plan_row.id if plan_row else None,
        plan_status=str(plan_row.status) if plan_row else None,
        promise_ids=promise_ids,
        language_flags=flags,
    )
