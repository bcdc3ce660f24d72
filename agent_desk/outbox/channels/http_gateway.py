"""SMS and WhatsApp through an HTTP gateway, configured by data: the URL, the auth, the payload mapping.

Two provider shapes, one adapter each, differing in how the request body is written:

* ``json`` — a JSON body built from the ``payload`` table (nested tables and lists allowed);
* ``form`` — a form-encoded body (``application/x-www-form-urlencoded``) from a flat ``payload`` table.

In both, every text in ``payload`` is a template with ``{to}``, ``{body}``, ``{subject}``, ``{key}``, ``{channel}``
and ``{language}``. Auth is ``bearer`` (the keyring secret as a bearer token), ``basic`` (``username`` and the
secret), ``header`` (the secret in ``auth_header``) or ``none``. The message's idempotency key goes in the
``idempotency_header`` (and wherever the payload puts ``{key}``); ``deduplicates = true`` says the provider
recognises a repeated key, which lets a restarted worker hand over again a message whose first hand-over was
interrupted. Optional ``[status]`` and ``[replies]`` tables say how to ask about delivery and read replies.
docs/OUTBOX.md has a worked example of each.
"""

from __future__ import annotations

import base64
import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from agent_desk.credentials import CredentialStore
from agent_desk.outbox.channels.base import (
    Delivery,
    Inbound,
    Outcome,
    Outgoing,
    ProviderError,
    SendResult,
    StatusUpdate,
    masked,
)
from agent_desk.outbox.channels.smtp import LOOPBACK, SERVICE_OUTBOX
from agent_desk.scripts.render import ScriptError, fill
from agent_desk.text import Message
from db.models import Channel

SHAPES = ("json", "form")
AUTH = ("bearer", "basic", "header", "none")
RETRY_CODES = frozenset({408, 409, 425, 429})
USER_AGENT = "agent-desk-outbox/1"


class GatewayProvider:
    """One HTTP gateway, as configured under ``[providers.NAME]`` with ``shape = "json"`` or ``"form"``."""

    def __init__(self, name: str, config: Mapping[str, Any], credentials: CredentialStore) -> None:
        self.name = name
        self.shape = str(config.get("shape", "json"))
        if self.shape not in SHAPES:
            raise ProviderError(Message.of("outbox.error.provider_field", provider=name, field="shape"))
        try:
            self.url = _checked_url(name, str(config["url"]))
            self.payload: Mapping[str, Any] = dict(config["payload"])
        except KeyError as error:
            raise ProviderError(Message.of("outbox.error.provider_field", provider=name, field=str(error))) from error
        self.channels = tuple(Channel(str(item)) for item in config.get("channels", ["sms", "whatsapp"]))
        self.auth = str(config.get("auth", "bearer"))
        if self.auth not in AUTH:
            raise ProviderError(Message.of("outbox.error.provider_field", provider=name, field="auth"))
        self.auth_header = str(config.get("auth_header", "X-Api-Key"))
        self.username = str(config.get("username", ""))
        self.timeout = float(config.get("timeout_seconds", 10))
        self.idempotency_header = str(config.get("idempotency_header", "")) or None
        self._deduplicates = bool(config.get("deduplicates", False))
        self.response_id = str(config.get("response_id", "")) or None
        self.status_config: Mapping[str, Any] | None = config.get("status")
        self.replies_config: Mapping[str, Any] | None = config.get("replies")
        for section in (self.status_config, self.replies_config):
            if section is not None:
                _checked_url(name, str(section.get("url", "")))
        self.credentials = credentials
        self.context = ssl.create_default_context(cafile=str(config["ca_file"]) if config.get("ca_file") else None)

    @property
    def deduplicates(self) -> bool:
        return self._deduplicates

    @property
    def reports_delivery(self) -> bool:
        return self.status_config is not None

    @property
    def reads_replies(self) -> bool:
        return self.replies_config is not None

    def check(self) -> None:
        if self.auth != "none":
            self._secret()

    # --- sending ---

    def send(self, message: Outgoing) -> SendResult:
        values = {
            "to": message.to,
            "body": message.body,
            "subject": message.subject or "",
            "key": message.key,
            "channel": message.channel.value,
            "language": message.language,
        }
        try:
            filled = _fill(self.payload, values)
        except ScriptError as error:
            raise ProviderError(error.message) from error
        if self.shape == "json":
            data = json.dumps(filled, ensure_ascii=False).encode()
            content_type = "application/json; charset=utf-8"
        else:
            data = urllib.parse.urlencode({str(k): str(v) for k, v in filled.items()}).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {"Content-Type": content_type, "Accept": "application/json", **self._auth_headers()}
        if self.idempotency_header:
            headers[self.idempotency_header] = message.key
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            code, body = self._open(request)
        except _TransientError as error:
            return SendResult(Outcome.RETRY, reason=error.reason, detail=error.detail)
        if 200 <= code < 300:
            provider_id = _path(_json(body), self.response_id) if self.response_id else None
            return SendResult(Outcome.ACCEPTED, provider_id=str(provider_id) if provider_id else message.key)
        detail = masked(f"{code} {body[:400].decode('utf-8', 'replace')}")
        if code in RETRY_CODES or code >= 500:
            return SendResult(Outcome.RETRY, reason=f"http_{code}", detail=detail)
        return SendResult(Outcome.REJECTED, reason=f"http_{code}", detail=detail)

    # --- delivery reports and replies ---

    def status(self, provider_id: str) -> StatusUpdate | None:
        section = self.status_config
        if section is None:
            return None
        url = fill(str(section["url"]), {"provider_id": urllib.parse.quote(provider_id, safe="")})
        try:
            code, body = self._open(urllib.request.Request(url, headers=self._get_headers(), method="GET"))
        except _TransientError:
            return None
        if not 200 <= code < 300:
            return None
        data = _json(body)
        value = str(_path(data, str(section.get("field", "status"))) or "").lower()
        reason = _path(data, str(section["reason_field"])) if section.get("reason_field") else None
        for delivery, default in (
            (Delivery.READ, ["read", "seen"]),
            (Delivery.DELIVERED, ["delivered"]),
            (Delivery.FAILED, ["failed", "undelivered", "rejected", "expired"]),
        ):
            if value in [str(item).lower() for item in section.get(delivery.value, default)]:
                return StatusUpdate(provider_id, delivery, masked(str(reason or value)))
        return StatusUpdate(provider_id, Delivery.SENT, value)

    def replies(self, cursor: str | None) -> tuple[Sequence[Inbound], str | None]:
        section = self.replies_config
        if section is None:
            return (), cursor
        url = fill(str(section["url"]), {"cursor": urllib.parse.quote(cursor or "", safe="")})
        try:
            code, body = self._open(urllib.request.Request(url, headers=self._get_headers(), method="GET"))
        except _TransientError:
            return (), cursor
        if not 200 <= code < 300:
            return (), cursor
        data = _json(body)
        items = _path(data, str(section.get("list", "messages"))) or []
        found: list[Inbound] = []
        for item in items if isinstance(items, list) else []:
            sender = _path(item, str(section.get("sender", "from")))
            text = _path(item, str(section.get("text", "text")))
            ident = _path(item, str(section.get("id", "id")))
            if sender and text is not None and ident is not None:
                found.append(Inbound(str(ident), str(sender), str(text)))
        next_cursor = _path(data, str(section["cursor"])) if section.get("cursor") else None
        if next_cursor is None and found:
            next_cursor = found[-1].provider_id
        return found, str(next_cursor) if next_cursor is not None else cursor

    # --- HTTP ---

    def _secret(self) -> str:
        secret = self.credentials.get(SERVICE_OUTBOX, self.name)
        if secret is None:
            raise ProviderError(Message.of("outbox.error.no_secret", provider=self.name))
        return secret

    def _auth_headers(self) -> dict[str, str]:
        if self.auth == "none":
            return {}
        secret = self._secret()
        if self.auth == "bearer":
            return {"Authorization": f"Bearer {secret}"}
        if self.auth == "basic":
            token = base64.b64encode(f"{self.username}:{secret}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
        return {self.auth_header: secret}

    def _get_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", **self._auth_headers()}

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes]:
        request.add_header("User-Agent", USER_AGENT)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as response:
                return int(response.status), response.read()
        except urllib.error.HTTPError as error:
            with error:
                return int(error.code), error.read()
        except TimeoutError as error:
            raise _TransientError("timeout", masked(str(error) or "timed out")) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise _TransientError("timeout", "timed out") from error
            raise _TransientError("unreachable", masked(str(error.reason))) from error
        except (ConnectionError, OSError) as error:
            raise _TransientError("unreachable", masked(f"{type(error).__name__}: {error}")) from error


class _TransientError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def _checked_url(name: str, url: str) -> str:
    """https, or http to this machine only (a relay beside the app, the tests' gateway)."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "https" and parsed.hostname:
        return url
    if parsed.scheme == "http" and parsed.hostname in LOOPBACK:
        return url
    raise ProviderError(Message.of("outbox.error.insecure_url", provider=name, url=url))


def _fill(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return fill(node, values)
    if isinstance(node, Mapping):
        return {str(key): _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    return node


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _path(data: Any, path: str | None) -> Any:
    """``data`` at a dotted path ("messages.0.id"); None when anything on the way is missing."""
    if not path:
        return None
    node = data
    for part in path.split("."):
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node
