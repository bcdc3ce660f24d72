"""What every provider adapter offers: send one message, and (when the provider allows) report delivery and
hand over the customers' replies.

An adapter never decides whether a message *may* go (the gate does) and never touches the database; it speaks
the provider's protocol and classifies the answer: accepted (with the provider's id), rejected for good, or worth
trying again later.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Sequence
from typing import Protocol

from agent_desk.logs import mask_phone
from agent_desk.text import Message
from db.models import Channel

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+")
DETAIL_LENGTH = 240


class Outcome(enum.StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    RETRY = "retry"


class Delivery(enum.StrEnum):
    """What a provider says became of a message it accepted."""

    SENT = "sent"  # still on its way
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


@dataclasses.dataclass(frozen=True)
class Outgoing:
    """One message as a provider gets it. ``key`` is the idempotency key: the same message, the same key."""

    key: str
    channel: Channel
    to: str
    body: str
    subject: str | None = None
    language: str = "id"


@dataclasses.dataclass(frozen=True)
class SendResult:
    """``reason``: a short code (``http_503``, ``timeout``, ``smtp_550``…); ``detail``: the provider's words, masked."""

    outcome: Outcome
    provider_id: str | None = None
    reason: str | None = None
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class StatusUpdate:
    provider_id: str
    delivery: Delivery
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class Inbound:
    """A message a customer sent us (a reply): who from (E.164) and what it says."""

    provider_id: str
    sender: str
    text: str


class ProviderError(Exception):
    """A provider that cannot be used as configured (no secret in the keyring, an unknown shape…)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


class Provider(Protocol):
    name: str
    channels: tuple[Channel, ...]

    @property
    def deduplicates(self) -> bool:
        """A message handed over again with the same key is recognised, not sent twice."""
        ...

    @property
    def reports_delivery(self) -> bool: ...

    @property
    def reads_replies(self) -> bool: ...

    def check(self) -> None:
        """Raise :class:`ProviderError` when the provider cannot be used now (its secret is not in the keyring)."""
        ...

    def send(self, message: Outgoing) -> SendResult: ...

    def status(self, provider_id: str) -> StatusUpdate | None: ...

    def replies(self, cursor: str | None) -> tuple[Sequence[Inbound], str | None]: ...


def masked(text: str) -> str:
    """A provider's words as they may be stored and logged: numbers and addresses masked, one line, short."""
    text = _EMAIL.sub(lambda match: match.group(0)[:1] + "…@" + match.group(0).split("@", 1)[1], text)
    return " ".join(mask_phone(text).split())[:DETAIL_LENGTH]
