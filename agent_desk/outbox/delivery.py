"""Delivery: take due messages, check them, hand them to the provider, record what the provider said.

For each message a worker has claimed (:func:`agent_desk.outbox.queue.claim_due`):

1. Too late (past ``expires_at``), no provider for its channel, or no longer relevant (the customer paid) →
   cancelled or put back, with the reason.
2. Rendered in the customer's language (unless written already, as a desk message is); the language guard reads
   the result.
3. One write transaction: the rules again (:func:`agent_desk.outbox.gate.check_send`, on the customer's fresh
   history, serialised with agents dialling), the :class:`~db.models.Interaction` that makes the message count
   like a call, and ``submitted_at`` — set just before the hand-over.
4. The hand-over, outside any transaction, with the message's idempotency key.
5. The answer: *sent* with the provider's id, *failed* for good, or back in the queue after a back-off.

A worker killed between 3 and 5 leaves ``submitted_at`` set. Whoever picks the message up again (once the claim
lapses) hands it over again with the same key when the provider de-duplicates keys, and otherwise marks it failed
as *interrupted* rather than risk sending it twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.credentials import CredentialStore
from agent_desk.language_guard import check_text, record_flags
from agent_desk.outbox.channels import Outcome, Outgoing, Provider, ProviderError, SendResult, open_provider
from agent_desk.outbox.facts import load_send_facts
from agent_desk.outbox.gate import SendCheck, check_send
from agent_desk.outbox.queue import claim_due, worker_name
from agent_desk.outbox.relevance import lost_reason
from agent_desk.outbox.settings import OutboxSettings, outbox_settings
from agent_desk.outbox.templates import Rendered, TemplateError, load_template, render_template
from agent_desk.outbox.variables import message_variables
from agent_desk.text import Message
from agent_desk.worklist.codec import encode_messages
from agent_desk.worklist.customer import load_profile
from agent_desk.worklist.leasing import lock_entry
from agent_desk.worklist.settings import WorklistSettings, settings_for
from db.engine import Database
from db.models import Channel, Direction, Interaction, OutboxMessage, OutboxStatus, User

log = logging.getLogger(__name__)
PARK = dt.timedelta(hours=1)  # a message whose channel cannot be used now is looked at again after this
LEASE_GRACE = dt.timedelta(minutes=1)


@dataclasses.dataclass
class DeliveryCounts:
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    waiting: int = 0
    retrying: int = 0
    problems: list[Message] = dataclasses.field(default_factory=list)

    def add_problem(self, message: Message) -> None:
        if message not in self.problems:
            self.problems.append(message)


@dataclasses.dataclass(frozen=True)
class _Claimed:
    """A claimed message's values, read once (the worker holds no ORM object across the hand-over)."""

    id: int
    key: str
    customer_id: int
    contact_point_id: int | None
    interaction_id: int | None
    channel: Channel
    template: str
    language: str
    source: str
    context: dict[str, object]
    subject: str | None
    body: str | None
    expires_at: dt.datetime | None
    submitted_at: dt.datetime | None
    created_at: dt.datetime
    created_by_user_id: int | None


class Deliverer:
    """Delivers due messages for one worker. Providers are opened once and reused for the whole pass."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        credentials: CredentialStore,
        *,
        settings: OutboxSettings | None = None,
        worklist: WorklistSettings | None = None,
        worker: str | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.credentials = credentials
        self.settings = settings or outbox_settings(database)
        self.worklist = worklist or settings_for(database, clock)
        self.worker = worker or worker_name()
        self.counts = DeliveryCounts()
        self._providers: dict[str, Provider | Message] = {}

    def provider(self, name: str) -> Provider | Message:
        """The named provider's adapter, or why it cannot be used (kept for the pass)."""
        found = self._providers.get(name)
        if found is None:
            config = self.settings.providers.get(name)
            try:
                if config is None:
                    raise ProviderError(Message.of("outbox.error.unknown_provider", channel="", name=name))
                found = open_provider(name, config, self.credentials)
                found.check()
            except ProviderError as error:
                found = error.message
            self._providers[name] = found
        return found

    def deliver_due(self, *, limit: int | None = None, only_ids: list[int] | None = None) -> DeliveryCounts:
        """Claim and deliver due messages until none is left (or ``limit`` were looked at)."""
        seen: set[int] = set()
        while limit is None or len(seen) < limit:
            batch = self.settings.batch if limit is None else min(self.settings.batch, limit - len(seen))
            ids = claim_due(
                self.database,
                self.clock.now,
                worker=self.worker,
                limit=batch,
                claim_minutes=self.settings.claim_minutes,
                only_ids=only_ids,
            )
            fresh = [message_id for message_id in ids if message_id not in seen]
            if not fresh:
                break
            for message_id in fresh:
                seen.add(message_id)
                try:
                    self.process(message_id)
                except Exception:  # one message must not stop the others; its claim lapses and it is retried
                    log.exception("delivering outbox message %s failed", message_id)
                    self.counts.add_problem(Message.of("outbox.error.internal", id=message_id))
        return self.counts

    # --- one message ---

    def process(self, message_id: int) -> None:
        with self.database.session() as session:
            row = session.get(OutboxMessage, message_id)
            if row is None or row.status is not OutboxStatus.SENDING or row.claimed_by != self.worker:
                return
            claimed = _claimed(row)
            now = self.clock.now()
            if claimed.expires_at is not None and claimed.expires_at <= now:
                self._finish(claimed, OutboxStatus.CANCELLED, [Message.of("outbox.reason.expired")])
                return
            lost = lost_reason(session, claimed.template, claimed.customer_id, claimed.context, claimed.created_at)
        if lost is not None:
            self._finish(claimed, OutboxStatus.CANCELLED, [lost])
            return
        provider_name = self.settings.provider_for(claimed.channel)
        if provider_name is None:
            channel = Message.of(f"outbox.channel.{claimed.channel.value}")
            self._park(claimed, [Message.of("outbox.reason.channel_off", channel=channel)])
            return
        provider = self.provider(provider_name)
        if isinstance(provider, Message):
            self.counts.add_problem(provider)
            self._park(claimed, [provider])
            return
        if claimed.submitted_at is not None and not provider.deduplicates:
            self._finish(claimed, OutboxStatus.FAILED, [Message.of("outbox.reason.interrupted")])
            return
        try:
            rendered = self._rendered(claimed, now)
        except TemplateError as error:
            self._finish(claimed, OutboxStatus.CANCELLED, [error.message])
            return
        hits = check_text(rendered.text)
        if hits:
            self._flagged(claimed, rendered, now)
            return
        outgoing = self._submit(claimed, rendered, provider_name)
        if outgoing is None:
            return
        try:
            result = provider.send(outgoing)
        except ProviderError as error:
            self.counts.add_problem(error.message)
            result = SendResult(Outcome.RETRY, reason="provider", detail=error.message.render())
        self._record(claimed, result)

    def _rendered(self, claimed: _Claimed, now: dt.datetime) -> Rendered:
        if claimed.body is not None:
            return Rendered(claimed.template, claimed.language, claimed.channel, claimed.subject, claimed.body)
        template = load_template(claimed.template, claimed.language)
        with self.database.session() as session:
            profile = load_profile(session, claimed.customer_id, interactions=1)
            agent = session.get(User, claimed.created_by_user_id) if claimed.created_by_user_id else None
            agent_name = agent.display_name if agent is not None else ""
        if profile is None:
            raise TemplateError(Message.of("outbox.reason.customer_gone"))
        values = message_variables(
            profile,
            language=template.language,
            channel=claimed.channel,
            now=now,
            agent_name=agent_name,
            context=claimed.context,
            opt_out_keyword=self.settings.opt_out_keyword,
        )
        return render_template(template, claimed.channel, values)

    def _submit(self, claimed: _Claimed, rendered: Rendered, provider_name: str) -> Outgoing | None:
        """The rules once more, the interaction, and ``submitted_at`` — one transaction; None when it may not go."""
        with self.database.transaction(write=True) as session:
            session.connection()
            now = self.clock.now()
            row = self._locked(session, claimed.id)
            if row is None:
                return None
            lock_entry(session, self.database, claimed.customer_id)
            own = None
            if row.interaction_id is not None:
                interaction = session.get(Interaction, row.interaction_id)
                own = (interaction.started_at, interaction.contact_point_id) if interaction is not None else None
            facts = load_send_facts(session, claimed.customer_id, now, self.worklist, own_attempt=own)
            point = facts.contacts.point(claimed.contact_point_id) if facts is not None else None
            if facts is None or point is None:
                self._set_final(row, OutboxStatus.CANCELLED, [Message.of("outbox.reason.point_gone")], now)
                return None
            check = check_send(
                facts.party,
                point,
                claimed.channel,
                facts.debts,
                now,
                facts.history,
                self.worklist.policy,
                whatsapp_consent=facts.contacts.whatsapp_consent,
                whatsapp_needs_consent=self.settings.whatsapp_needs_consent,
                verified_only=self.settings.verified_only,
            )
            in_work = (
                claimed.source == "cadence"
                and facts.lease_until is not None
                and facts.lease_until > now
                and facts.lease_user_id is not None
            )
            if not check.allowed or in_work:
                self._hold(row, check, now, in_work=in_work, lease_until=facts.lease_until)
                return None
            if row.interaction_id is None:
                interaction = Interaction(
                    customer_id=claimed.customer_id,
                    contact_point_id=point.id,
                    user_id=claimed.created_by_user_id,
                    channel=claimed.channel,
                    direction=Direction.OUTBOUND,
                    dialed_number=(point.address or "")[:64],
                    started_at=now,
                )
                session.add(interaction)
                session.flush()
                row.interaction_id = interaction.id
            row.recipient = point.address
            row.subject = rendered.subject
            row.body = rendered.body
            row.language = rendered.language
            row.provider = provider_name
            row.attempts += 1
            row.submissions += 1
            row.submitted_at = now
            row.claimed_until = now + dt.timedelta(minutes=self.settings.claim_minutes)
            row.updated_at = now
            return Outgoing(
                key=claimed.key,
                channel=claimed.channel,
                to=point.address or "",
                body=rendered.body,
                subject=rendered.subject,
                language=rendered.language,
            )

    def _hold(
        self,
        row: OutboxMessage,
        check: SendCheck,
        now: dt.datetime,
        *,
        in_work: bool,
        lease_until: dt.datetime | None,
    ) -> None:
        if check.permanent:
            self._set_final(row, OutboxStatus.CANCELLED, list(check.reasons), now)
            return
        retry_at = check.retry_at or now
        reasons = list(check.reasons)
        if in_work and lease_until is not None:
            retry_at = max(retry_at, lease_until + LEASE_GRACE)
            reasons.append(Message.of("outbox.reason.in_work"))
        if row.expires_at is not None and retry_at >= row.expires_at:
            self._set_final(row, OutboxStatus.CANCELLED, [*reasons, Message.of("outbox.reason.expired")], now)
            return
        self._set_waiting(row, retry_at, reasons, now)
        self.counts.waiting += 1

    def _record(self, claimed: _Claimed, result: SendResult) -> None:
        with self.database.transaction(write=True) as session:
            session.connection()
            now = self.clock.now()
            row = self._locked(session, claimed.id)
            if row is None:
                log.warning("outbox message %s was taken over before its answer was recorded", claimed.id)
                return
            row.submitted_at = None
            row.reason_detail = result.detail or None
            if row.interaction_id is not None:
                interaction = session.get(Interaction, row.interaction_id)
                if interaction is not None:
                    interaction.ended_at = now
            if result.outcome is Outcome.ACCEPTED:
                row.status = OutboxStatus.SENT
                row.provider_message_id = result.provider_id
                row.sent_at = now
                row.reason, row.reasons = None, []
                row.claimed_by = row.claimed_until = None
                row.updated_at = now
                self.counts.sent += 1
                return
            if result.outcome is Outcome.REJECTED:
                self._set_final(
                    row, OutboxStatus.FAILED, [Message.of("outbox.reason.rejected", why=result.reason)], now
                )
                row.reason_detail = result.detail or None
                return
            why = [Message.of("outbox.reason.temporary", why=result.reason or "")]
            if row.attempts >= self.settings.max_attempts:
                self._set_final(
                    row, OutboxStatus.FAILED, [Message.of("outbox.reason.gave_up", attempts=row.attempts)], now
                )
                row.reason_detail = result.detail or None
                return
            delay = self.settings.retry_minutes[min(row.attempts, len(self.settings.retry_minutes)) - 1]
            self._set_waiting(row, now + dt.timedelta(minutes=delay), why, now)
            self.counts.retrying += 1

    def _flagged(self, claimed: _Claimed, rendered: Rendered, now: dt.datetime) -> None:
        with self.database.transaction(write=True) as session:
            record_flags(
                session,
                rendered.text,
                field="outbox_message",
                now=now,
                customer_id=claimed.customer_id,
                user_id=claimed.created_by_user_id,
            )
            row = self._locked(session, claimed.id)
            if row is not None:
                self._set_final(row, OutboxStatus.CANCELLED, [Message.of("outbox.reason.language_guard")], now)

    # --- state changes ---

    def _locked(self, session: Session, message_id: int) -> OutboxMessage | None:
        """The message, locked (PostgreSQL), if this worker still holds its claim."""
        query = select(OutboxMessage).where(OutboxMessage.id == message_id)
        if self.database.is_postgresql:
            query = query.with_for_update()
        row = session.scalars(query).one_or_none()
        if row is None or row.status is not OutboxStatus.SENDING or row.claimed_by != self.worker:
            return None
        return row

    def _finish(self, claimed: _Claimed, status: OutboxStatus, reasons: list[Message]) -> None:
        with self.database.transaction(write=True) as session:
            session.connection()
            row = self._locked(session, claimed.id)
            if row is not None:
                self._set_final(row, status, reasons, self.clock.now())

    def _park(self, claimed: _Claimed, reasons: list[Message]) -> None:
        with self.database.transaction(write=True) as session:
            session.connection()
            now = self.clock.now()
            row = self._locked(session, claimed.id)
            if row is None:
                return
            if row.expires_at is not None and now + PARK >= row.expires_at:
                self._set_final(row, OutboxStatus.CANCELLED, [*reasons, Message.of("outbox.reason.expired")], now)
                return
            self._set_waiting(row, now + PARK, reasons, now)
            self.counts.waiting += 1

    def _set_final(self, row: OutboxMessage, status: OutboxStatus, reasons: list[Message], now: dt.datetime) -> None:
        row.status = status
        row.reason = reasons[0].code if reasons else None
        row.reasons = encode_messages(reasons)
        row.claimed_by = row.claimed_until = None
        row.submitted_at = None
        row.updated_at = now
        if status is OutboxStatus.FAILED:
            row.failed_at = now
            self.counts.failed += 1
        else:
            self.counts.cancelled += 1

    @staticmethod
    def _set_waiting(row: OutboxMessage, due_at: dt.datetime, reasons: list[Message], now: dt.datetime) -> None:
        row.status = OutboxStatus.QUEUED
        row.due_at = due_at
        row.reason = reasons[0].code if reasons else None
        row.reasons = encode_messages(reasons)
        row.claimed_by = row.claimed_until = None
        row.updated_at = now


def _claimed(row: OutboxMessage) -> _Claimed:
    return _Claimed(
        id=row.id,
        key=row.idempotency_key,
        customer_id=row.customer_id,
        contact_point_id=row.contact_point_id,
        interaction_id=row.interaction_id,
        channel=row.channel,
        template=row.template,
        language=row.language,
        source=row.source,
        context=dict(row.context or {}),
        subject=row.subject,
        body=row.body,
        expires_at=row.expires_at,
        submitted_at=row.submitted_at,
        created_at=row.created_at,
        created_by_user_id=row.created_by_user_id,
    )
