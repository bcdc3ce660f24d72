"""E-mail over SMTP: STARTTLS on the submission port, or TLS from the first byte; the password in the keyring.

A mail server that accepted the message for the recipient is the end of what SMTP can tell: the message is
*sent* (bounces come back by mail, which the outbox does not read). A 5xx answer rejects the message for good; a
4xx answer, a dropped connection or a timeout is tried again later. The Message-ID is derived from the message's
idempotency key, so a copy sent twice after a crash is one message to mail software that de-duplicates.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from typing import Any

from agent_desk.credentials import CredentialStore
from agent_desk.outbox.channels.base import (
    Inbound,
    Outcome,
    Outgoing,
    ProviderError,
    SendResult,
    StatusUpdate,
    masked,
)
from agent_desk.text import Message
from db.models import Channel

SERVICE_OUTBOX = "agent-desk-outbox"
SECURITY = ("starttls", "tls", "none")
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class SmtpProvider:
    """One mail server, as configured under ``[providers.NAME]`` with ``shape = "smtp"``."""

    channels: tuple[Channel, ...] = (Channel.EMAIL,)
    deduplicates = False
    reports_delivery = False
    reads_replies = False

    def __init__(self, name: str, config: Mapping[str, Any], credentials: CredentialStore) -> None:
        self.name = name
        try:
            self.host = str(config["host"])
            self.port = int(config.get("port", 587))
            self.from_address = str(config["from_address"])
        except (KeyError, ValueError) as error:
            raise ProviderError(Message.of("outbox.error.provider_field", provider=name, field=str(error))) from error
        self.security = str(config.get("security", "starttls")).lower()
        if self.security not in SECURITY:
            raise ProviderError(Message.of("outbox.error.provider_field", provider=name, field="security"))
        if self.security == "none" and self.host not in LOOPBACK:
            raise ProviderError(Message.of("outbox.error.smtp_plain", provider=name, host=self.host))
        self.username = str(config["username"]) if config.get("username") else None
        self.from_name = str(config.get("from_name", ""))
        self.reply_to = str(config["reply_to"]) if config.get("reply_to") else None
        self.timeout = float(config.get("timeout_seconds", 20))
        self.ca_file = str(config["ca_file"]) if config.get("ca_file") else None
        self.credentials = credentials

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def check(self) -> None:
        if self.username and self.credentials.get(SERVICE_OUTBOX, self.name) is None:
            raise ProviderError(Message.of("outbox.error.no_secret", provider=self.name))

    def build(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"] = formataddr((self.from_name, self.from_address)) if self.from_name else self.from_address
        email["To"] = message.to
        email["Subject"] = message.subject or ""
        email["Date"] = formatdate(localtime=False, usegmt=True)
        domain = self.from_address.rpartition("@")[2] or "agent-desk.invalid"
        email["Message-ID"] = f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@{domain}>"
        if self.reply_to:
            email["Reply-To"] = self.reply_to
        email.set_content(message.body, charset="utf-8")
        email["Content-Language"] = message.language  # after set_content, which clears Content-* headers
        return email

    def send(self, message: Outgoing) -> SendResult:
        email = self.build(message)
        password = None
        if self.username:
            password = self.credentials.get(SERVICE_OUTBOX, self.name)
            if password is None:
                raise ProviderError(Message.of("outbox.error.no_secret", provider=self.name))
        try:
            refused = self._transmit(email, message.to, password)
            if refused is not None:
                return refused
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            return _answer(code, text)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            return _answer(error.smtp_code, error.smtp_error)
        except smtplib.SMTPAuthenticationError as error:
            return SendResult(Outcome.RETRY, reason="smtp_auth", detail=masked(_text(error.smtp_error)))
        except TimeoutError:
            return SendResult(Outcome.RETRY, reason="timeout", detail=f"{self.host}:{self.port}")
        except ssl.SSLError as error:
            return SendResult(Outcome.RETRY, reason="tls", detail=masked(str(error)))
        except (smtplib.SMTPException, OSError) as error:
            return SendResult(Outcome.RETRY, reason="unreachable", detail=masked(f"{type(error).__name__}: {error}"))
        return SendResult(Outcome.ACCEPTED, provider_id=str(email["Message-ID"]))

    def _transmit(self, email: EmailMessage, to: str, password: str | None) -> SendResult | None:
        """One SMTP session; None when the server took the message, a result when it would not start TLS."""
        if self.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._context())
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            client.ehlo()
            if self.security == "starttls":
                if not client.has_extn("starttls"):
                    return SendResult(Outcome.RETRY, reason="smtp_no_starttls", detail=self.host)
                client.starttls(context=self._context())
                client.ehlo()
            if self.username and password is not None:
                client.login(self.username, password)
            client.send_message(email, from_addr=self.from_address, to_addrs=[to])
        return None

    def status(self, provider_id: str) -> StatusUpdate | None:
        del provider_id
        return None

    def replies(self, cursor: str | None) -> tuple[Sequence[Inbound], str | None]:
        return (), cursor


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _answer(code: int, text: bytes | str) -> SendResult:
    detail = masked(f"{code} {_text(text)}")
    if 500 <= code < 600:
        return SendResult(Outcome.REJECTED, reason=f"smtp_{code}", detail=detail)
    return SendResult(Outcome.RETRY, reason=f"smtp_{code}", detail=detail)
