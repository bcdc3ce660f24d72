"""Messages an agent sends from the wrap-up: the payment details, or the plan/promise summary (the read-back in
writing), previewed in the customer's language on a channel chosen from the customer's verified contact points.

The preview is what goes: the text is written when the agent presses *Send* (an edit of it is read by the
language guard first, and refused if it is flagged), queued with a fresh key and handed to the provider at once.
The rules are the same as for every message — when they say "not now" (after 20:00, say) the message waits in the
outbox for the next allowed moment, and the agent is told when that is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from agent_desk.clock import Clock
from agent_desk.credentials import CredentialStore
from agent_desk.language_guard import check_text, record_flags
from agent_desk.negotiation import PlanDraft, quote_plan
from agent_desk.outbox.delivery import Deliverer
from agent_desk.outbox.facts import load_contacts, load_send_facts
from agent_desk.outbox.gate import check_send
from agent_desk.outbox.queue import PlannedMessage, enqueue
from agent_desk.outbox.recipients import point_message, reachable
from agent_desk.outbox.settings import outbox_settings
from agent_desk.outbox.templates import DESK_TEMPLATES, TemplateError, load_template, render_template
from agent_desk.outbox.variables import message_variables
from agent_desk.text import LocalTime, Message
from agent_desk.worklist.codec import decode_messages
from agent_desk.worklist.customer import load_profile
from agent_desk.worklist.settings import settings_for
from agent_desk.wrapup import parse_amount
from db.engine import Database
from db.models import Channel, FlagKind, OutboxMessage, OutboxStatus, User

DESK_EXPIRY = dt.timedelta(days=2)


class DeskError(Exception):
    """The message cannot be previewed or sent as asked; ``messages`` say why."""

    def __init__(self, messages: list[Message]) -> None:
        super().__init__("; ".join(message.render() for message in messages))
        self.messages = messages


@dataclasses.dataclass(frozen=True)
class DeskChoice:
    """A channel and contact point the agent may pick. ``point``: the masked address with its kind, in words."""

    channel: Channel
    contact_point_id: int
    point: Message


@dataclasses.dataclass(frozen=True)
class DeskPreview:
    template: str
    choice: DeskChoice
    language: str
    subject: str | None
    body: str
    context: Mapping[str, Any]
    # Whether it may go now; when not, ``notes`` say why and from when (or that it cannot go at all).
    allowed_now: bool
    blocked: bool
    notes: tuple[Message, ...]


@dataclasses.dataclass(frozen=True)
class DeskResult:
    message_id: int
    status: OutboxStatus
    channel: Channel
    point: Message
    reasons: tuple[Message, ...]
    due_at: dt.datetime

    @property
    def summary(self) -> Message:
        channel = Message.of(f"outbox.channel.{self.channel.value}")
        if self.status in (OutboxStatus.SENT, OutboxStatus.DELIVERED):
            return Message.of("outbox.desk.sent", channel=channel, point=self.point)
        if self.status is OutboxStatus.QUEUED:
            return Message.of("outbox.desk.waiting", channel=channel, point=self.point, why=_first(self.reasons))
        return Message.of("outbox.desk.not_sent", channel=channel, point=self.point, why=_first(self.reasons))


def _first(reasons: tuple[Message, ...]) -> Message | str:
    return reasons[0] if reasons else ""


def desk_choices(database: Database, clock: Clock, customer_id: int) -> list[DeskChoice]:
    """Where the agent may send a message to this customer: verified own contact points on enabled channels."""
    settings = outbox_settings(database)
    policy = settings_for(database, clock).policy
    with database.session() as session:
        contacts = load_contacts(session, [customer_id], clock.now(), policy).get(customer_id)
    if contacts is None:
        return []
    reach = reachable(
        contacts.points,
        channels=settings.enabled_channels,
        debtor_owners=policy.debtor_owners,
        verified_only=settings.verified_only,
        whatsapp_consent=contacts.whatsapp_consent,
        whatsapp_needs_consent=settings.whatsapp_needs_consent,
        customer_opted_out=bool(contacts.flags & {FlagKind.MESSAGE_OPT_OUT, FlagKind.CEASE_CONTACT}),
    )
    return [
        DeskChoice(item.channel, item.point.id, point_message(item.point.kind, item.point.address)) for item in reach
    ]


def plan_context(
    database: Database, user_id: int, fields: Mapping[str, Any], *, today: dt.date, currency: str
) -> dict[str, Any]:
    """What the plan summary is about, from the wrap-up's fields: the calculator's plan (quoted again here, as the
    save does) or the promise typed in. Raises :class:`DeskError` when there is neither."""
    plan = fields.get("plan")
    if isinstance(plan, Mapping) and plan:
        try:
            draft = PlanDraft.from_dict(dict(plan))
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise DeskError([Message.of("outbox.desk.no_plan")]) from error
        with database.session() as session:
            quote = quote_plan(session, user_id, draft, today=today)
        if not quote.can_save or not quote.schedule:
            raise DeskError(list(quote.policy_problems) or [Message.of("outbox.desk.no_plan")])
        return {
            "plan": {
                "lines": [[payment.due_date.isoformat(), str(payment.amount)] for payment in quote.schedule],
                "currency": draft.currency,
                "pending_approval": quote.needs_approval,
            }
        }
    amount_text = str(fields.get("promise_amount") or "").strip()
    day_text = str(fields.get("promise_date") or "").strip()
    try:
        amount = parse_amount(amount_text, currency) if amount_text else None
        day = dt.date.fromisoformat(day_text) if day_text else None
    except ValueError as error:
        raise DeskError([Message.of("outbox.desk.no_plan")]) from error
    if amount is None or day is None or amount <= Decimal(0):
        raise DeskError([Message.of("outbox.desk.no_plan")])
    return {"plan": {"lines": [[day.isoformat(), str(amount)]], "currency": currency, "pending_approval": False}}


def preview_message(
    database: Database,
    clock: Clock,
    *,
    customer_id: int,
    template: str,
    choice: DeskChoice,
    user_id: int,
    context: Mapping[str, Any] | None = None,
) -> DeskPreview:
    """The message as it would go now, in the customer's language, and whether the rules let it go now."""
    if template not in DESK_TEMPLATES:
        raise DeskError([Message.of("outbox.error.unknown_template", template=template)])
    settings = outbox_settings(database)
    worklist = settings_for(database, clock)
    now = clock.now()
    with database.session() as session:
        profile = load_profile(session, customer_id, interactions=1)
        user = session.get(User, user_id)
        facts = load_send_facts(session, customer_id, now, worklist)
    if profile is None or facts is None:
        raise DeskError([Message.of("outbox.reason.customer_gone")])
    try:
        found = load_template(template, profile.language)
        values = message_variables(
            profile,
            language=found.language,
            channel=choice.channel,
            now=now,
            agent_name=user.display_name if user is not None else "",
            context=context or {},
            opt_out_keyword=settings.opt_out_keyword,
        )
        rendered = render_template(found, choice.channel, values)
    except TemplateError as error:
        raise DeskError([error.message]) from error
    point = facts.contacts.point(choice.contact_point_id)
    if point is None:
        raise DeskError([Message.of("outbox.reason.point_gone")])
    check = check_send(
        facts.party,
        point,
        choice.channel,
        facts.debts,
        now,
        facts.history,
        worklist.policy,
        whatsapp_consent=facts.contacts.whatsapp_consent,
        whatsapp_needs_consent=settings.whatsapp_needs_consent,
        verified_only=settings.verified_only,
    )
    notes = check.reasons
    if not check.allowed and check.retry_at is not None:
        zone = facts.contacts.local_zone
        notes = (Message.of("outbox.desk.will_wait", local=LocalTime(check.retry_at, zone, with_date=True)), *notes)
    return DeskPreview(
        template=template,
        choice=choice,
        language=found.language,
        subject=rendered.subject,
        body=rendered.body,
        context=dict(context or {}),
        allowed_now=check.allowed,
        blocked=check.permanent,
        notes=notes,
    )


def send_from_desk(
    database: Database,
    clock: Clock,
    credentials: CredentialStore,
    *,
    customer_id: int,
    user_id: int,
    preview: DeskPreview,
    body: str | None = None,
    subject: str | None = None,
) -> DeskResult:
    """Queue the previewed message (with the agent's edits, if any) and hand it to the provider at once.

    Raises:
        DeskError: the rules forbid it for good, or edited wording is flagged by the language guard.
    """
    if preview.blocked:
        raise DeskError(list(preview.notes) or [Message.of("outbox.desk.blocked")])
    text_body = (body if body is not None else preview.body).strip()
    text_subject = (subject if subject is not None else preview.subject) or None
    if not text_body:
        raise DeskError([Message.of("outbox.desk.empty")])
    now = clock.now()
    edited = text_body != preview.body or text_subject != preview.subject
    if edited:
        written = f"{text_subject}\n\n{text_body}" if text_subject else text_body
        hits = check_text(written)
        if hits:
            with database.transaction(write=True) as session:
                record_flags(
                    session, written, field="outbox_message", now=now, customer_id=customer_id, user_id=user_id
                )
            raise DeskError([hit.message for hit in hits])
    planned = PlannedMessage(
        key=f"desk:{uuid.uuid4()}",
        customer_id=customer_id,
        contact_point_id=preview.choice.contact_point_id,
        channel=preview.choice.channel,
        template=preview.template,
        language=preview.language,
        source="desk",
        due_at=now,
        expires_at=now + DESK_EXPIRY,
        context={**preview.context, "edited": edited},
        created_by_user_id=user_id,
        subject=text_subject,
        body=text_body,
    )
    with database.transaction(write=True) as session:
        enqueue(session, [planned], now)
        message_id = session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == planned.key))
    assert message_id is not None
    Deliverer(database, clock, credentials).deliver_due(only_ids=[message_id])
    return desk_result(database, message_id, preview.choice.point)


def desk_result(database: Database, message_id: int, point: Message) -> DeskResult:
    with database.session() as session:
        row = session.get(OutboxMessage, message_id)
        assert row is not None
        return DeskResult(row.id, row.status, row.channel, point, decode_messages(row.reasons), row.due_at)
