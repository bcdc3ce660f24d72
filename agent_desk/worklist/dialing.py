"""The dial path: the rules checked again right before a number is dialed (the attempt recorded in the same
transaction, so caps hold however many agents call at once), and the SIP facts of the attempt afterwards."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from agent_desk.clock import Clock
from agent_desk.compliance import ContactHistory, DebtFacts, PartyFacts, Purpose, decide
from agent_desk.compliance.facts import Attempt
from agent_desk.text import Message
from agent_desk.worklist.dues import due_accounts
from agent_desk.worklist.evaluate import customer_zone
from agent_desk.worklist.leasing import LeaseError, begin, hold_lease, lock_entry, refuse_if_held
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import evaluate_customers, store_evaluations
from db.engine import Database
from db.models import AuditEvent, Channel, ContactPoint, Direction, Interaction


@dataclasses.dataclass(frozen=True)
class DialCheck:
    """The answer right before dialing. When allowed, the attempt is already recorded as ``interaction_id``."""

    allowed: bool
    reasons: tuple[Message, ...]
    notes: tuple[Message, ...]
    next_allowed_at: dt.datetime | None
    interaction_id: int | None = None
    e164: str | None = None
    purpose: Purpose | None = None


def check_before_dial(
    database: Database,
    clock: Clock,
    user_id: int,
    customer_id: int,
    contact_point_id: int,
    purpose: Purpose | None = None,
    *,
    settings: WorklistSettings | None = None,
) -> DialCheck:
    """Check the rules for this number at this instant and, if allowed, record the attempt and keep the lease.

    The softphone calls this immediately before dialing and dials only when ``allowed``; afterwards it reports
    the SIP facts with :func:`record_call_result` on ``interaction_id``.
    """
    settings = settings or settings_for(database, clock)
    policy = settings.policy
    with database.transaction(write=True) as session:
        now = begin(session, clock)
        entry = lock_entry(session, database, customer_id)
        if entry is None:
            facts, evaluations, _ = evaluate_customers(session, now, [customer_id], settings, judge=False)
            if customer_id not in facts:
                raise LeaseError(Message.of("queue.error.unknown_customer", customer=customer_id))
            store_evaluations(session, facts, evaluations, now)
            entry = lock_entry(session, database, customer_id)
            assert entry is not None
        try:
            refuse_if_held(session, entry, user_id, now)
        except LeaseError as error:
            return DialCheck(False, (error.message,), (), None)
        facts, _, _ = evaluate_customers(session, now, [customer_id], settings, judge=False)
        customer = facts[customer_id]
        number = next((n for n in customer.numbers if n.id == contact_point_id), None)
        if number is None:
            return DialCheck(False, (Message.of("queue.error.not_their_number"),), (), None)
        purpose = purpose or (Purpose.COLLECT if number.owner in policy.debtor_owners else Purpose.LOCATE)
        zone = customer_zone(customer, policy)
        today = now.astimezone(ZoneInfo(zone or policy.zones[0])).date()
        debts = [
            DebtFacts(item.account.id, item.account.account_number) for item in due_accounts(customer, settings, today)
        ]
        history = ContactHistory(
            tuple(Attempt(c.at, c.contact_point_id, c.owner) for c in customer.calls), customer.conversations
        )
        decision = decide(
            PartyFacts(customer_id, zone, customer.flags, customer.consents),
            number,
            debts,
            now,
            history,
            policy,
            purpose,
        )
        if not decision.allowed:
            session.add(
                AuditEvent(
                    at=now,
                    user_id=user_id,
                    action="dial.refused",
                    entity="customer",
                    entity_id=str(customer_id),
                    after={"number": contact_point_id},
                )
            )
            return DialCheck(False, decision.reasons, decision.notes, decision.next_allowed_at, purpose=purpose)
        e164 = session.scalar(select(ContactPoint.e164).where(ContactPoint.id == contact_point_id))
        interaction = Interaction(
            customer_id=customer_id,
            contact_point_id=contact_point_id,
            user_id=user_id,
            channel=Channel.CALL,
            direction=Direction.OUTBOUND,
            dialed_number=e164,
            started_at=now,
        )
        session.add(interaction)
        hold_lease(session, entry, user_id, now, settings.lease_minutes)
        session.flush()
        return DialCheck(True, (), decision.notes, now, interaction.id, e164, purpose)


def record_call_result(
    database: Database,
    interaction_id: int,
    *,
    sip_call_id: str | None = None,
    sip_code: int | None = None,
    sip_reason: str | None = None,
    answered_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    recording_path: str | None = None,
) -> None:
    """Store what the softphone learned about an attempt (SIP facts, answer and end times, recording)."""
    with database.transaction(write=True) as session:
        interaction = session.get(Interaction, interaction_id)
        if interaction is None:
            raise LeaseError(Message.of("queue.error.unknown_interaction", interaction=interaction_id))
        interaction.sip_call_id = sip_call_id or interaction.sip_call_id
        interaction.sip_code = sip_code if sip_code is not None else interaction.sip_code
        interaction.sip_reason = sip_reason or interaction.sip_reason
        interaction.answered_at = answered_at or interaction.answered_at
        interaction.ended_at = ended_at or interaction.ended_at
        if interaction.answered_at and interaction.ended_at:
            interaction.talk_seconds = max(0, int((interaction.ended_at - interaction.answered_at).total_seconds()))
        interaction.recording_path = recording_path or interaction.recording_path
