"""A user's SIP account, as an admin sets it: registrar, user, transport, proxy, recording — audited, never a secret.

The password never reaches the database. It lives in the OS keyring of the desk that uses the account: an admin
setting up the agent's own computer may store it there (:func:`set_sip_account` with ``password``); otherwise the
agent's desk asks for it once, the first time the softphone starts.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from sqlalchemy.orm import Session

from agent_desk.admin.users import AdminError, require_admin
from agent_desk.clock import Clock
from agent_desk.credentials import CredentialStore
from agent_desk.softphone.settings import AccountSettings, store_password
from agent_desk.text import Message
from db.engine import Database
from db.models import AuditEvent, SipAccountSettings, SipTransport, User

HOST = re.compile(r"^(sips?:)?[A-Za-z0-9.\-\[\]:]+(;[^\s]*)?$")


@dataclasses.dataclass(frozen=True)
class SipAccountForm:
    """What the admin types about an account (no password)."""

    registrar: str
    sip_user: str
    auth_user: str = ""
    display_name: str = ""
    transport: SipTransport = SipTransport.UDP
    outbound_proxy: str = ""
    record_calls: bool = False


def sip_account(session: Session, user_id: int) -> SipAccountForm | None:
    row = session.get(SipAccountSettings, user_id)
    if row is None:
        return None
    return SipAccountForm(
        registrar=row.registrar,
        sip_user=row.sip_user,
        auth_user=row.auth_user or "",
        display_name=row.display_name or "",
        transport=row.transport,
        outbound_proxy=row.outbound_proxy or "",
        record_calls=bool(row.record_calls),
    )


def _checked(form: SipAccountForm) -> SipAccountForm:
    registrar, user = form.registrar.strip(), form.sip_user.strip()
    if not registrar or not HOST.match(registrar):
        raise AdminError(Message.of("admin.error.registrar", registrar=registrar))
    if not user or any(ch.isspace() or ch in "@:;" for ch in user):
        raise AdminError(Message.of("admin.error.sip_user", user=user))
    proxy = form.outbound_proxy.strip()
    if proxy and not HOST.match(proxy):
        raise AdminError(Message.of("admin.error.proxy", proxy=proxy))
    return dataclasses.replace(
        form,
        registrar=registrar,
        sip_user=user,
        auth_user=form.auth_user.strip(),
        display_name=" ".join(form.display_name.split()),
        outbound_proxy=proxy,
    )


def _state(row: SipAccountSettings | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {
        "registrar": row.registrar,
        "user": row.sip_user,
        "auth_user": row.auth_user,
        "transport": str(row.transport),
        "proxy": row.outbound_proxy,
        "record_calls": bool(row.record_calls),
    }


def set_sip_account(
    database: Database,
    clock: Clock,
    *,
    actor_id: int,
    user_id: int,
    form: SipAccountForm,
    credentials: CredentialStore | None = None,
    password: str = "",
) -> Message | None:
    """Create or change ``user_id``'s SIP account; with ``password`` (and ``credentials``) keep the password in this
    desk's keyring. Returns what became of the password (None when none was given).

    Raises:
        AdminError: not an admin, an unknown user, or a registrar, user or proxy that cannot be used.
    """
    form = _checked(form)
    with database.transaction(write=True) as session:
        require_admin(session, actor_id)
        if session.get(User, user_id) is None:
            raise AdminError(Message.of("admin.error.unknown_user", user=user_id))
        row = session.get(SipAccountSettings, user_id)
        before = _state(row)
        if row is None:
            row = SipAccountSettings(user_id=user_id, codec_order=[], dial_plan={})
            session.add(row)
        row.registrar = form.registrar
        row.sip_user = form.sip_user
        row.auth_user = form.auth_user or None
        row.display_name = form.display_name or None
        row.transport = form.transport
        row.outbound_proxy = form.outbound_proxy or None
        row.record_calls = form.record_calls
        session.flush()
        after = _state(row)
        if after != before:
            session.add(
                AuditEvent(
                    at=clock.now(),
                    user_id=actor_id,
                    action="sip_account.changed",
                    entity="user",
                    entity_id=str(user_id),
                    before=before or None,
                    after={**after, "password_stored_here": bool(password)},
                )
            )
        account = AccountSettings.from_model(row)
    if password and credentials is not None:
        return store_password(credentials, account, password)
    return None


def remove_sip_account(database: Database, clock: Clock, *, actor_id: int, user_id: int) -> bool:
    """The user no longer has a softphone line; returns whether there was one."""
    with database.transaction(write=True) as session:
        require_admin(session, actor_id)
        row = session.get(SipAccountSettings, user_id)
        if row is None:
            return False
        session.add(
            AuditEvent(
                at=clock.now(),
                user_id=actor_id,
                action="sip_account.removed",
                entity="user",
                entity_id=str(user_id),
                before=_state(row),
                after=None,
            )
        )
        session.delete(row)
        return True
