"""Real SMTP servers on 127.0.0.1 for the outbox tests (aiosmtpd), with STARTTLS or TLS from the first byte,
AUTH, and recipients that are refused; plus a self-signed certificate for 127.0.0.1 made on the spot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.processes import free_port

USER = "reminders@example.co.id"
PASSWORD = "mail-test-secret"
REFUSED = "refused@example.com"  # 550: no such mailbox
BUSY = "busy@example.com"  # 451: try again later


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and key for 127.0.0.1 and localhost (the client trusts it as its CA file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "agent-desk test mail")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "mail.crt", folder / "mail.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@dataclasses.dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    tls: bool
    login: str | None


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, smtp: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address == REFUSED:
            return "550 5.1.1 No such mailbox here"
        if address == BUSY:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        self.server.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), parsed, _encrypted(smtp, session), login)
        )
        return "250 Message accepted"


def _encrypted(smtp: Any, session: Any) -> bool:
    """Whether the session's connection is TLS (after STARTTLS, or from the first byte)."""
    if session.ssl is not None:
        return True
    transport = getattr(smtp, "transport", None)
    return transport is not None and transport.get_extra_info("sslcontext") is not None


class MailServer:
    """``security``: "starttls" (STARTTLS required before AUTH and mail), "tls" (TLS from the first byte) or
    "none" (plain, no AUTH offered: a server that cannot do TLS)."""

    def __init__(self, folder: Path, security: str = "starttls") -> None:
        self.security = security
        self.cert, self.key = make_certificate(folder)
        self.port = free_port()
        self.received: list[Received] = []
        self.logins: list[tuple[str, bool]] = []
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        kwargs: dict[str, Any] = {}
        if security == "starttls":
            kwargs = {"tls_context": context, "require_starttls": True, "authenticator": self._authenticate}
        elif security == "tls":
            # The whole connection is TLS (asyncio's transport); aiosmtpd only knows of STARTTLS, so it is told
            # that AUTH needs no further TLS.
            kwargs = {"ssl_context": context, "authenticator": self._authenticate, "auth_require_tls": False}
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = data.login.decode() == USER and data.password.decode() == PASSWORD
        self.logins.append((data.login.decode(), ok))
        return AuthResult(success=ok, handled=False, auth_data=data)

    def start(self) -> MailServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def provider_config(self, **extra: Any) -> dict[str, Any]:
        config: dict[str, Any] = {
            "shape": "smtp",
            "host": "127.0.0.1",
            "port": self.port,
            "security": self.security,
            "from_address": USER,
            "from_name": "PT Mitra Layanan Nusantara",
            "timeout_seconds": 5,
            "ca_file": str(self.cert),
        }
        if self.security != "none":
            config["username"] = USER
        config.update(extra)
        return config
