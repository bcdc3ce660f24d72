"""Where a message can go: the customer's own contact points, by channel.

E-mail goes to an e-mail contact point; SMS to a mobile number; WhatsApp to a WhatsApp contact point, or to the
customer's own mobile when they agreed to WhatsApp (``whatsapp_contact`` consent). Only the debtor's own points
are ever used (a third party's number never gets a message about the debt), only usable ones (an address, not
taken out of use), and — with ``verified_only`` — only those the customer confirmed on a right-party call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence

from agent_desk.text import Message
from db.models import Channel, ContactKind, ContactOwner, FlagKind

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_KINDS = (ContactKind.MOBILE, ContactKind.WHATSAPP)


@dataclasses.dataclass(frozen=True)
class PointFacts:
    """A contact point as the outbox sees it. ``address``: the E.164 number or the e-mail address."""

    id: int
    kind: ContactKind
    owner: ContactOwner
    address: str | None
    invalidated: bool = False
    verified_count: int = 0
    is_primary: bool = False
    flags: frozenset[FlagKind] = frozenset()
    zone_override: str | None = None
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None

    @property
    def usable(self) -> bool:
        if self.invalidated or not self.address:
            return False
        if self.kind is ContactKind.EMAIL:
            return bool(_EMAIL.match(self.address))
        return self.address.startswith("+")

    @property
    def verified(self) -> bool:
        return self.verified_count > 0

    @property
    def label(self) -> str:
        return mask_address(self.kind, self.address)


@dataclasses.dataclass(frozen=True)
class Reach:
    """Who may be written to on which channel: the choice a desk or the cadence makes."""

    channel: Channel
    point: PointFacts

    @property
    def label(self) -> str:
        return self.point.label


def mask_address(kind: ContactKind | str, address: str | None) -> str:
    """ "mobile …789", "email d…@example.co.id": enough to tell addresses apart, nothing for a log to leak."""
    kind_text = str(getattr(kind, "value", kind))
    tail = mask_tail(address)
    return f"{kind_text} {tail}" if tail else kind_text


def mask_tail(address: str | None) -> str:
    """ "…789", "d…@example.co.id" (empty when there is nothing to show)."""
    if not address:
        return ""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}…@{domain}"
    digits = "".join(char for char in address if char.isdigit())
    return f"…{digits[-3:]}" if digits else ""


def point_message(kind: ContactKind | str, address: str | None) -> Message:
    """The masked address with its kind in the reader's language ("ponsel …789")."""
    kind_text = str(getattr(kind, "value", kind))
    return Message.of("outbox.point_label", kind=Message.of(f"outbox.point.{kind_text}"), masked=mask_tail(address))


def point_channels(point: PointFacts, *, whatsapp_consent: bool, whatsapp_needs_consent: bool) -> tuple[Channel, ...]:
    """The channels a contact point can carry (before any rule about the moment)."""
    if point.kind is ContactKind.EMAIL:
        return (Channel.EMAIL,)
    if point.kind is ContactKind.WHATSAPP:
        return (Channel.WHATSAPP,)
    if point.kind is ContactKind.MOBILE:
        if whatsapp_consent or not whatsapp_needs_consent:
            return (Channel.SMS, Channel.WHATSAPP)
        return (Channel.SMS,)
    return ()


def reachable(
    points: Iterable[PointFacts],
    *,
    channels: Sequence[Channel],
    debtor_owners: frozenset[ContactOwner],
    verified_only: bool,
    whatsapp_consent: bool,
    whatsapp_needs_consent: bool,
    customer_opted_out: bool = False,
) -> list[Reach]:
    """Every (channel, point) a message may be addressed to, best first: in the order of ``channels``, then the
    primary point, the most often verified, the oldest."""
    if customer_opted_out:
        return []
    found: list[Reach] = []
    ranked = sorted(points, key=lambda p: (not p.is_primary, -p.verified_count, p.id))
    for channel in channels:
        for point in ranked:
            if point.owner not in debtor_owners or not point.usable:
                continue
            if verified_only and not point.verified:
                continue
            if FlagKind.MESSAGE_OPT_OUT in point.flags or FlagKind.DO_NOT_CALL in point.flags:
                continue
            if channel in point_channels(
                point, whatsapp_consent=whatsapp_consent, whatsapp_needs_consent=whatsapp_needs_consent
            ):
                found.append(Reach(channel, point))
    return found
