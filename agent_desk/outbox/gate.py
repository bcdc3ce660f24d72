"""May this message go to this contact point now? The calls' rules, and the messages' own.

Pure: facts in, :class:`SendCheck` out. The messages' own rules come first and never lapse by themselves: an
opt-out (a STOP reply, on the point or the customer), a cease-contact flag, a third party's point, a point that
cannot carry the channel, an unverified point. Then :func:`agent_desk.compliance.decide` — the very function calls
go through — with the customer's whole contact history (calls and messages): the window in the customer's local
time, holidays, the per-person caps, flags, the number's validity. Its next allowed moment is when to try again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from agent_desk.compliance import (
    ContactDecision,
    ContactHistory,
    DebtFacts,
    NumberFacts,
    PartyFacts,
    Policy,
    Purpose,
    decide,
)
from agent_desk.outbox.recipients import PointFacts, point_channels
from agent_desk.text import Message
from db.models import Channel, FlagKind


@dataclasses.dataclass(frozen=True)
class SendCheck:
    """The answer for one message at one moment.

    Attributes:
        retry_at: when it may go if not now (None: never, until something changes — the message is cancelled).
    """

    allowed: bool
    reasons: tuple[Message, ...]
    retry_at: dt.datetime | None
    decision: ContactDecision | None = None

    @property
    def permanent(self) -> bool:
        return not self.allowed and self.retry_at is None

    @property
    def reason_code(self) -> str | None:
        return self.reasons[0].code if self.reasons else None


def check_send(
    party: PartyFacts,
    point: PointFacts,
    channel: Channel,
    debts: Sequence[DebtFacts],
    moment: dt.datetime,
    history: ContactHistory,
    policy: Policy,
    *,
    whatsapp_consent: bool,
    whatsapp_needs_consent: bool = True,
    verified_only: bool = True,
) -> SendCheck:
    """Whether a message on ``channel`` may go to ``point`` at ``moment`` (``history`` without the message itself)."""
    reasons: list[Message] = []
    if FlagKind.MESSAGE_OPT_OUT in party.flags:
        reasons.append(Message.of("outbox.reason.opted_out_customer"))
    if FlagKind.MESSAGE_OPT_OUT in point.flags:
        reasons.append(Message.of("outbox.reason.opted_out", point=point.label))
    if FlagKind.CEASE_CONTACT in party.flags:
        reasons.append(Message.of("outbox.reason.cease_contact"))
    if point.owner not in policy.debtor_owners:
        reasons.append(Message.of("outbox.reason.third_party", point=point.label))
    if not point.usable:
        reasons.append(Message.of("outbox.reason.unusable", point=point.label))
    elif channel not in point_channels(
        point, whatsapp_consent=whatsapp_consent, whatsapp_needs_consent=whatsapp_needs_consent
    ):
        code = "outbox.reason.no_whatsapp_consent" if channel is Channel.WHATSAPP else "outbox.reason.wrong_channel"
        reasons.append(Message.of(code, point=point.label, channel=Message.of(f"outbox.channel.{channel.value}")))
    if verified_only and not point.verified:
        reasons.append(Message.of("outbox.reason.not_verified", point=point.label))
    if reasons:
        return SendCheck(False, tuple(reasons), None)
    number = NumberFacts(
        id=point.id,
        owner=point.owner,
        label=point.label,
        dialable=True,
        valid_from=point.valid_from,
        valid_until=point.valid_until,
        zone_override=point.zone_override,
        flags=point.flags,
        is_primary=point.is_primary,
        verified_count=point.verified_count,
    )
    decision = decide(party, number, debts, moment, history, policy, Purpose.COLLECT)
    if decision.allowed:
        return SendCheck(True, (), moment, decision)
    return SendCheck(False, decision.reasons, decision.next_allowed_at, decision)
