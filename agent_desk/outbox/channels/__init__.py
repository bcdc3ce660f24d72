"""Provider adapters: SMTP for e-mail, an HTTP gateway (``json`` or ``form`` shape) for SMS and WhatsApp."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_desk.credentials import CredentialStore
from agent_desk.outbox.channels.base import (
    Delivery,
    Inbound,
    Outcome,
    Outgoing,
    Provider,
    ProviderError,
    SendResult,
    StatusUpdate,
    masked,
)
from agent_desk.outbox.channels.http_gateway import SHAPES as GATEWAY_SHAPES
from agent_desk.outbox.channels.http_gateway import GatewayProvider
from agent_desk.outbox.channels.smtp import SERVICE_OUTBOX, SmtpProvider
from agent_desk.text import Message

__all__ = [
    "SERVICE_OUTBOX",
    "Delivery",
    "GatewayProvider",
    "Inbound",
    "Outcome",
    "Outgoing",
    "Provider",
    "ProviderError",
    "SendResult",
    "SmtpProvider",
    "StatusUpdate",
    "masked",
    "open_provider",
]


def open_provider(name: str, config: Mapping[str, Any], credentials: CredentialStore) -> Provider:
    """The adapter for provider ``name`` as configured. Raises :class:`ProviderError` when it cannot be used."""
    shape = str(config.get("shape", ""))
    if shape == "smtp":
        return SmtpProvider(name, config, credentials)
    if shape in GATEWAY_SHAPES:
        return GatewayProvider(name, config, credentials)
    raise ProviderError(Message.of("outbox.error.unknown_shape", provider=name, shape=shape))
