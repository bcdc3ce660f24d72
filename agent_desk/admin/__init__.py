"""Admin, Qt-free: users (add, edit, disable), their SIP accounts, and — through :mod:`agent_desk.negotiation` —
authority limits and the promise policy. Every change checks that the actor is an active admin and is audited.

* Users: :func:`user_records`, :func:`teams`, :func:`add_user`, :func:`edit_user`, :func:`set_active`;
  :func:`password_reset_available` (passwords come with team mode's sign-in).
* SIP accounts: :func:`sip_account`, :func:`set_sip_account`, :func:`remove_sip_account`.
"""

from __future__ import annotations

from agent_desk.admin.sip import SipAccountForm, remove_sip_account, set_sip_account, sip_account
from agent_desk.admin.users import (
    AdminError,
    TeamChoice,
    UserRecord,
    add_user,
    edit_user,
    password_reset_available,
    set_active,
    teams,
    user_records,
)

__all__ = [
    "AdminError",
    "SipAccountForm",
    "TeamChoice",
    "UserRecord",
    "add_user",
    "edit_user",
    "password_reset_available",
    "remove_sip_account",
    "set_active",
    "set_sip_account",
    "sip_account",
    "teams",
    "user_records",
]
