"""Contact attempts besides the softphone's own record: a dial that never left the desk, and a call made by hand.

* A dial the softphone refused or could not send (no SIP account, no transport) is no contact attempt:
  :func:`withdraw_attempt` removes the row the dial check wrote, so no cap, cadence or KPI counts it, and keeps an
  audit event of the refusal. A row with any sign that a call went out (SIP facts, an answer, an outcome) is
  never removed.
* A call made outside the softphone (a desk or mobile phone while the line was down) is entered with
  :func:`record_manual_call`: the number, the time and the reason, audited. It counts like any call and is the
  call a wrap-up's outcome belongs to; :func:`manual_calls` lists them for supervisors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.scheduling.catalog import CatalogEntry
from agent_desk.scheduling.next_action import OutcomeError
from agent_desk.text import Message
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import evaluate_customers, store_evaluations
from db.engine import Database
from db.models import AuditEvent, Channel, ContactPoint, Customer, Direction, Interaction, Outcome, Role, User

# How far back a manual call may be entered: the agent records it during the same shift, not days later.
MANUAL_CALL_MAX_AGE = dt.timedelta(hours=12)
# A typed time a little ahead of the clock (the PC's clock, a minute rounded up) is still "now".
CLOCK_SLACK = dt.timedelta(minutes=2)
REASON_MAX = 500


class AttemptError(ValueError):
    """A manual call that cannot be recorded; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class ManualCall:
    """A call entered by hand."""

    interaction_id: int
    customer_id: int
    customer_name: str
    contact_point_id: int | None
    dialed_number: str | None
    at: dt.datetime
    connected: bool
    reason: str
    user_id: int | None
    user_name: str | None


def withdraw_attempt(database: Database, clock: Clock, interaction_id: int, *, user_id: int | None, why: str) -> bool:
    """Remove the attempt of a dial that never left the desk; returns whether it was removed (see the module)."""
    with database.transaction(write=True) as session:
        return withdraw_in_session(session, interaction_id, user_id=user_id, why=why, now=clock.now())


def withdraw_in_session(
    session: Session, interaction_id: int, *, user_id: int | None, why: str, now: dt.datetime
) -> bool:
    row = session.get(Interaction, interaction_id)
    if row is None:
        return False
    has_outcome = session.scalar(select(Outcome.id).where(Outcome.interaction_id == interaction_id)) is not None
    went_out = row.sip_call_id is not None or row.sip_code is not None or row.answered_at is not None
    if has_outcome or went_out or row.manual_reason is not None:
        return False
    session.add(
        AuditEvent(
            at=now,
            user_id=user_id if user_id is not None else row.user_id,
            action="dial.not_placed",
            entity="customer",
            entity_id=str(row.customer_id) if row.customer_id is not None else None,
            after={"number": row.contact_point_id, "why": why[:200], "attempt_at": row.started_at.isoformat()},
        )
    )
    session.delete(row)
    session.flush()
    return True


def record_manual_call(
    database: Database,
    clock: Clock,
    *,
    user_id: int,
    customer_id: int,
    contact_point_id: int,
    at: dt.datetime,
    reason: str,
    connected: bool = True,
    settings: WorklistSettings | None = None,
) -> ManualCall:
    """Record a call made outside the softphone; the customer's place in the queue is re-evaluated with it.

    Raises:
        AttemptError: no reason, a time in the future or too long ago, a naive time, a number of another
            customer, or an unknown user.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise AttemptError(Message.of("attempt.error.reason_needed"))
    if len(reason) > REASON_MAX:
        raise AttemptError(Message.of("attempt.error.reason_too_long", limit=REASON_MAX))
    if at.tzinfo is None:
        raise AttemptError(Message.of("schedule.error.callback_zone"))
    settings = settings or settings_for(database, clock)
    with database.transaction(write=True) as session:
        session.connection()  # the write lock before reading the clock
        now = clock.now()
        at = at.astimezone(dt.UTC)
        if at > now + CLOCK_SLACK:
            raise AttemptError(Message.of("attempt.error.future"))
        if at < now - MANUAL_CALL_MAX_AGE:
            raise AttemptError(
                Message.of("attempt.error.too_old", hours=int(MANUAL_CALL_MAX_AGE.total_seconds()) // 3600)
            )
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise AttemptError(Message.of("queue.error.no_agent", user=user_id))
        point = session.get(ContactPoint, contact_point_id)
        if point is None or point.customer_id != customer_id:
            raise AttemptError(Message.of("queue.error.not_their_number"))
        row = Interaction(
            customer_id=customer_id,
            contact_point_id=contact_point_id,
            user_id=user_id,
            channel=Channel.CALL,
            direction=Direction.OUTBOUND,
            dialed_number=(point.e164 or point.raw_value)[:64],
            started_at=min(at, now),
            answered_at=min(at, now) if connected else None,
            talk_seconds=0,
            manual_reason=reason,
        )
        session.add(row)
        session.flush()
        session.add(
            AuditEvent(
                at=now,
                user_id=user_id,
                action="call.manual_recorded",
                entity="interaction",
                entity_id=str(row.id),
                after={
                    "customer": customer_id,
                    "number": contact_point_id,
                    "at": row.started_at.isoformat(),
                    "connected": connected,
                    "reason": reason,
                },
            )
        )
        session.flush()
        facts, evaluations, _ = evaluate_customers(session, now, [customer_id], settings, judge=False)
        store_evaluations(session, facts, evaluations, now)
        name = session.scalar(select(Customer.full_name).where(Customer.id == customer_id)) or ""
        return ManualCall(
            interaction_id=row.id,
            customer_id=customer_id,
            customer_name=name,
            contact_point_id=contact_point_id,
            dialed_number=row.dialed_number,
            at=row.started_at,
            connected=connected,
            reason=reason,
            user_id=user_id,
            user_name=user.display_name,
        )


def manual_calls_for(database: Database, *, actor_id: int, since: dt.datetime) -> list[ManualCall]:
    """The calls entered by hand since ``since`` that ``actor_id`` oversees: a supervisor their team's (everyone's
    without a team), an admin everyone's.

    Raises:
        AttemptError: the actor is not an active supervisor or admin.
    """
    with database.session() as session:
        actor = session.get(User, actor_id)
        if actor is None or not actor.active or actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise AttemptError(Message.of("attempt.error.supervisors_only"))
        team = actor.team_id if actor.role is Role.SUPERVISOR else None
        return manual_calls(session, since=since, team_id=team)


def manual_calls(
    session: Session,
    *,
    since: dt.datetime,
    until: dt.datetime | None = None,
    user_id: int | None = None,
    team_id: int | None = None,
) -> list[ManualCall]:
    """Calls entered by hand from ``since`` (to ``until``), newest first, of one agent or one team's agents."""
    query = (
        select(Interaction, Customer.full_name, User.display_name)
        .outerjoin(Customer, Customer.id == Interaction.customer_id)
        .outerjoin(User, User.id == Interaction.user_id)
        .where(Interaction.manual_reason.is_not(None), Interaction.started_at >= since)
        .order_by(Interaction.started_at.desc(), Interaction.id.desc())
    )
    if until is not None:
        query = query.where(Interaction.started_at < until)
    if user_id is not None:
        query = query.where(Interaction.user_id == user_id)
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    return [
        ManualCall(
            interaction_id=row.id,
            customer_id=row.customer_id or 0,
            customer_name=customer_name or "",
            contact_point_id=row.contact_point_id,
            dialed_number=row.dialed_number,
            at=row.started_at,
            connected=row.answered_at is not None,
            reason=row.manual_reason or "",
            user_id=row.user_id,
            user_name=user_name,
        )
        for row, customer_name, user_name in session.execute(query)
    ]


def check_call_for_outcome(
    session: Session,
    *,
    customer_id: int,
    interaction_id: int | None,
    contact_point_id: int | None,
    spec: CatalogEntry,
    right_party_confirmed: bool,
    has_plan: bool,
) -> None:
    """An outcome records what happened on a call: refuse one that claims more than the call shows.

    Every outcome needs its call (placed through the softphone, or entered by hand). One that says a person
    answered (a right-party contact, a wrong number, a third party…) needs a call that connected; a promise or a
    plan needs the agent to have confirmed they were speaking with the customer.

    Raises:
        OutcomeError: why the outcome cannot be saved as it is.
    """
    if interaction_id is None:
        raise OutcomeError(Message.of("schedule.error.no_call", disposition=spec.label))
    row = session.execute(
        select(Interaction.customer_id, Interaction.answered_at, Outcome.id.label("outcome_id"))
        .outerjoin(Outcome, Outcome.interaction_id == Interaction.id)
        .where(Interaction.id == interaction_id)
    ).first()
    if row is None or row.customer_id != customer_id:
        raise OutcomeError(Message.of("schedule.error.not_their_call", interaction=interaction_id))
    if row.outcome_id is not None:
        raise OutcomeError(Message.of("schedule.error.call_has_outcome", interaction=interaction_id))
    if contact_point_id is not None:
        owner = session.scalar(select(ContactPoint.customer_id).where(ContactPoint.id == contact_point_id))
        if owner != customer_id:
            raise OutcomeError(Message.of("queue.error.not_their_number"))
    if (spec.right_party_contact or spec.human_answered) and row.answered_at is None:
        raise OutcomeError(Message.of("schedule.error.not_connected", disposition=spec.label))
    if (spec.needs_promise or has_plan) and not right_party_confirmed:
        raise OutcomeError(Message.of("schedule.error.right_party_unconfirmed"))
