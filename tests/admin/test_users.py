"""An admin adds, edits, disables and enables users, and sets their SIP account — every change audited; anyone
else is refused, and an admin cannot lock themselves out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agent_desk.admin import (
    AdminError,
    SipAccountForm,
    add_user,
    edit_user,
    remove_sip_account,
    set_active,
    set_sip_account,
    sip_account,
    teams,
    user_records,
)
from agent_desk.portfolio import list_users
from agent_desk.softphone.settings import load_account_settings
from db.engine import Database
from db.models import AuditEvent, Role, SipAccountSettings, SipTransport
from tests.negotiation.helpers import staff
from tests.worklist import factories as f


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session, "Jakarta A")
        f.team(session, "Makassar")
        return {
            "admin": staff(session, Role.ADMIN, "admin", None).id,
            "supervisor": staff(session, Role.SUPERVISOR, "rina.spv", team.id).id,
            "agent": f.agent(session, "agent01", team).id,
        }


def _audits(database: Database, action: str) -> list[AuditEvent]:
    with database.session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_an_admin_adds_edits_disables_and_enables_a_user(database: Database, people: dict[str, int]) -> None:
    clock = f.prepare(database)
    with database.session() as session:
        makassar = next(t.id for t in teams(session) if t.name == "Makassar")
    added = add_user(
        database, clock, actor_id=people["admin"], login=" Dewi.L ", display_name="Dewi  Lestari", role=Role.AGENT
    )
    assert (added.login, added.display_name, added.role, added.active) == ("dewi.l", "Dewi Lestari", Role.AGENT, True)
    changed = edit_user(
        database,
        clock,
        actor_id=people["admin"],
        user_id=added.id,
        display_name="Dewi Lestari",
        role=Role.SUPERVISOR,
        team_id=makassar,
        language="en",
    )
    assert (changed.role, changed.team, changed.language) == (Role.SUPERVISOR, "Makassar", "en")
    set_active(database, clock, actor_id=people["admin"], user_id=added.id, active=False)
    with database.session() as session:
        assert added.id not in {u.id for u in list_users(session)}  # a disabled user cannot sign in
        assert not next(r for r in user_records(session) if r.id == added.id).active
    set_active(database, clock, actor_id=people["admin"], user_id=added.id, active=True)
    [add] = _audits(database, "user.added")
    [change] = _audits(database, "user.changed")
    assert add.user_id == people["admin"] and add.entity_id == str(added.id)
    assert change.before is not None and change.after is not None
    assert (change.before["role"], change.after["role"]) == ("agent", "supervisor")
    assert len(_audits(database, "user.disabled")) == len(_audits(database, "user.enabled")) == 1


@pytest.mark.parametrize(
    ("actor", "change", "code"),
    [
        ("supervisor", {"login": "x.y"}, "admin.error.admins_only"),
        ("admin", {"login": "agent01"}, "admin.error.login_taken"),
        ("admin", {"login": "a b"}, "admin.error.login"),
        ("admin", {"display_name": "  "}, "admin.error.name_needed"),
        ("admin", {"team_id": 999}, "admin.error.unknown_team"),
        ("admin", {"language": "fr"}, "admin.error.language"),
    ],
)
def test_a_bad_new_user_is_refused_and_nothing_is_written(
    database: Database, people: dict[str, int], actor: str, change: dict[str, object], code: str
) -> None:
    clock = f.prepare(database)
    values: dict[str, object] = {"login": "new.one", "display_name": "New One", "role": Role.AGENT}
    values.update(change)
    with pytest.raises(AdminError) as refused:
        add_user(database, clock, actor_id=people[actor], **values)  # type: ignore[arg-type]
    assert refused.value.message.code == code
    assert _audits(database, "user.added") == []


def test_an_admin_cannot_lock_themselves_out(database: Database, people: dict[str, int]) -> None:
    clock = f.prepare(database)
    with pytest.raises(AdminError, match="own account"):
        set_active(database, clock, actor_id=people["admin"], user_id=people["admin"], active=False)
    with pytest.raises(AdminError, match="own admin role"):
        edit_user(
            database,
            clock,
            actor_id=people["admin"],
            user_id=people["admin"],
            display_name="Admin",
            role=Role.SUPERVISOR,
            team_id=None,
            language="id",
        )


def test_a_sip_account_is_set_changed_and_removed_without_any_secret(
    database: Database, people: dict[str, int]
) -> None:
    clock = f.prepare(database)
    form = SipAccountForm(registrar="sip.example.co.id:5060", sip_user="2001", transport=SipTransport.TCP)
    assert set_sip_account(database, clock, actor_id=people["admin"], user_id=people["agent"], form=form) is None
    with database.session() as session:
        stored = sip_account(session, people["agent"])
        account = load_account_settings(session, user_id=people["agent"])
    assert stored == form and account is not None and account.keyring_account == "2001@sip.example.co.id:5060"
    with pytest.raises(AdminError, match="not a registrar"):
        set_sip_account(
            database,
            clock,
            actor_id=people["admin"],
            user_id=people["agent"],
            form=SipAccountForm(registrar="sip example", sip_user="2001"),
        )
    assert remove_sip_account(database, clock, actor_id=people["admin"], user_id=people["agent"])
    with database.session() as session:
        assert session.get(SipAccountSettings, people["agent"]) is None
    [changed] = _audits(database, "sip_account.changed")
    assert changed.after is not None and "password" not in str(changed.after).replace("password_stored_here", "")
    assert len(_audits(database, "sip_account.removed")) == 1
