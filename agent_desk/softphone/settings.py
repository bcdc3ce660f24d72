"""What the softphone needs to know: a user's SIP account (database) and this workstation's options.

The account comes from :class:`db.models.SipAccountSettings`; its password only ever comes from the OS keyring
(service ``agent-desk-sip``) or, when there is no keyring, from memory for this session.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.credentials import SERVICE_SIP, CredentialStore, NoKeyringError
from agent_desk.paths import recordings_dir
from agent_desk.softphone.dialplan import DialPlan
from agent_desk.text import Message
from db.models import SipAccountSettings, SipTransport, User


@dataclasses.dataclass(frozen=True)
class AccountSettings:
    """A user's SIP account, with no secret in it.

    Attributes:
        registrar: ``host[:port]`` (or a ``sip:`` URI) of the registrar; numbers are dialled at this domain.
        user: the SIP user (the address-of-record's user part).
        auth_user: the digest user name when it differs from ``user``.
        outbound_proxy: ``host[:port]`` every request is sent through, if any.
        codec_order: codec names, most preferred first (``PCMA``, ``PCMU``, ``opus`` …).
    """

    registrar: str
    user: str
    auth_user: str | None = None
    display_name: str | None = None
    transport: SipTransport = SipTransport.UDP
    outbound_proxy: str | None = None
    codec_order: tuple[str, ...] = ()
    dial_plan: DialPlan = dataclasses.field(default_factory=DialPlan)
    record_calls: bool = False

    @property
    def domain(self) -> str:
        """The registrar without scheme or parameters: the host part of our address and of dialled URIs."""
        text = self.registrar
        for scheme in ("sips:", "sip:"):
            if text.lower().startswith(scheme):
                text = text[len(scheme) :]
        return text.split(";", 1)[0].rsplit("@", 1)[-1]

    @property
    def keyring_account(self) -> str:
        """The name the password is kept under in the keyring: ``authuser@domain``."""
        return f"{self.auth_user or self.user}@{self.domain}"

    def uri_for(self, host_port: str) -> str:
        """A SIP URI for ``host_port`` carrying this account's transport (``;transport=tcp``)."""
        text = host_port if host_port.lower().startswith(("sip:", "sips:")) else f"sip:{host_port}"
        if self.transport is not SipTransport.UDP and ";transport=" not in text.lower():
            text += f";transport={self.transport.value}"
        return text

    @classmethod
    def from_model(cls, row: SipAccountSettings) -> AccountSettings:
        return cls(
            registrar=row.registrar,
            user=row.sip_user,
            auth_user=row.auth_user or None,
            display_name=row.display_name or None,
            transport=row.transport,
            outbound_proxy=row.outbound_proxy or None,
            codec_order=tuple(str(name) for name in row.codec_order or ()),
            dial_plan=DialPlan.from_json(row.dial_plan),
            record_calls=bool(row.record_calls),
        )


def load_account_settings(
    session: Session, *, user_id: int | None = None, login: str | None = None
) -> AccountSettings | None:
    """The SIP account of a user (by id or login); None when the user has none."""
    query = select(SipAccountSettings)
    if user_id is not None:
        query = query.where(SipAccountSettings.user_id == user_id)
    elif login is not None:
        query = query.join(User, User.id == SipAccountSettings.user_id).where(User.login == login)
    else:
        raise ValueError("give user_id or login")
    row = session.scalars(query).first()
    return AccountSettings.from_model(row) if row is not None else None


@dataclasses.dataclass(frozen=True)
class EngineOptions:
    """This workstation's softphone options (not per user, not secret).

    Attributes:
        listen_host: the local address SIP and RTP bind to ("" = all interfaces).
        sip_port: the local SIP port (0 = any free port).
        register_timeout: seconds before a REGISTER with no answer counts as failed (pjsip alone waits 32 s).
        retry_delays: seconds before each automatic registration retry; when used up, registration stops
            until :meth:`Softphone.retry_registration`.
        no_answer_timeout: seconds an outbound call may ring before it is cancelled.
        no_response_timeout: seconds an outbound INVITE may go without any answer before the call is given up.
        media_timeout: seconds without incoming audio before a connected call is flagged (0 = never).
        media_timeout_hangup: end a flagged call (hint ``network_failure``) rather than only flag it.
        pjsip_log_level: pjsip's own log level routed into Python logging (keep it low: 4+ dumps messages).
        codec_order: codecs offered first when the account names none. Wideband G.722 where the far end
            has it (it runs at the bridge's 16 kHz, no resampling), then G.711 as carriers use; pjsua's own
            first choice, Speex, costs several times the CPU.
    """

    listen_host: str = ""
    sip_port: int = 5060
    rtp_port: int = 4000
    rtp_port_range: int = 1000
    register_timeout: float = 8.0
    register_expires: int = 300
    retry_delays: tuple[float, ...] = (2.0, 5.0, 15.0, 30.0, 60.0)
    no_answer_timeout: float = 45.0
    no_response_timeout: float = 10.0
    media_timeout: float = 10.0
    media_timeout_hangup: bool = True
    recordings_dir: Path = dataclasses.field(default_factory=recordings_dir)
    record_calls: bool | None = None
    dtmf_method: str = "auto"
    tls_ca_file: str | None = None
    pjsip_log_level: int = 2
    user_agent: str = "Agent Desk"
    codec_order: tuple[str, ...] = ("G722", "PCMA", "PCMU")


@dataclasses.dataclass(frozen=True)
class PasswordLookup:
    """The result of looking a SIP password up: the password, or why there is none."""

    password: str | None
    keyring_available: bool
    message: Message | None = None


def lookup_password(store: CredentialStore, account: AccountSettings) -> PasswordLookup:
    """Find the account's password in the keyring (or this session's memory)."""
    available = store.keyring_available()
    password = store.get(SERVICE_SIP, account.keyring_account)
    if password is not None:
        return PasswordLookup(password, available)
    if not available:
        return PasswordLookup(None, False, Message.of("softphone.no_keyring", account=account.keyring_account))
    return PasswordLookup(None, True, Message.of("softphone.password_missing", account=account.keyring_account))


def store_password(
    store: CredentialStore, account: AccountSettings, password: str, *, session_only: bool = False
) -> Message:
    """Keep the password in the keyring, or in memory when asked to or when there is no keyring."""
    if not session_only:
        try:
            store.set(SERVICE_SIP, account.keyring_account, password)
        except NoKeyringError:
            store.set_for_session(SERVICE_SIP, account.keyring_account, password)
            return Message.of("softphone.password_session_only")
        return Message.of("softphone.password_stored")
    store.set_for_session(SERVICE_SIP, account.keyring_account, password)
    return Message.of("softphone.password_session_only")
