"""The SIP password lives in the OS keyring; without one, the agent is told and it lives in memory only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_desk.credentials import SERVICE_SIP, CredentialStore
from agent_desk.softphone import AccountSettings, lookup_password, store_password

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = AccountSettings(registrar="pbx.example:5060", user="2001", auth_user="agent2001")


@pytest.mark.usefixtures("secret_service")
def test_password_in_a_real_keyring():
    store = CredentialStore()
    assert store.keyring_available()
    assert ACCOUNT.keyring_account == "agent2001@pbx.example:5060"
    missing = lookup_password(store, ACCOUNT)
    assert missing.password is None
    assert missing.message.code == "softphone.password_missing"
    assert store_password(store, ACCOUNT, "s3cret").code == "softphone.password_stored"
    fresh = CredentialStore()  # a new store (a new run of the app) finds it in the keyring, not in memory
    assert lookup_password(fresh, ACCOUNT).password == "s3cret"
    import keyring

    assert keyring.get_password(SERVICE_SIP, "agent2001@pbx.example:5060") == "s3cret"
    fresh.delete(SERVICE_SIP, ACCOUNT.keyring_account)
    assert lookup_password(CredentialStore(), ACCOUNT).password is None


def test_without_a_keyring_the_password_is_kept_for_the_session_only(tmp_path):
    """A process with no Secret Service at all: keyring itself picks its "fail" backend."""
    script = """
import json
from agent_desk.credentials import CredentialStore
from agent_desk.softphone import AccountSettings, lookup_password, store_password
account = AccountSettings(registrar="pbx.example:5060", user="2001", auth_user="agent2001")
store = CredentialStore()
before = lookup_password(store, account)
stored = store_password(store, account, "s3cret")
after = lookup_password(store, account)
print(json.dumps({"available": before.keyring_available, "before": before.message.render("en"),
                  "stored": stored.code, "after": after.password,
                  "next_run": lookup_password(CredentialStore(), account).password}))
"""
    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/no-bus",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
    }
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["available"] is False
    assert result["before"].startswith("There is no OS keyring on this computer to keep the SIP password")
    assert result["stored"] == "softphone.password_session_only"
    assert result["after"] == "s3cret"
    assert result["next_run"] is None  # not written anywhere
    assert not any("s3cret" in path.read_text(errors="ignore") for path in tmp_path.rglob("*") if path.is_file())


@pytest.mark.gui
@pytest.mark.usefixtures("secret_service")
def test_password_dialog_stores_in_the_keyring(qtbot):
    from ui.softphone.password_dialog import SipPasswordDialog

    account = AccountSettings(registrar="pbx.example", user="3003")
    store = CredentialStore()
    dialog = SipPasswordDialog(account, store)
    qtbot.addWidget(dialog)
    assert dialog.remember_box.isChecked()
    assert dialog.remember_box.isEnabled()
    dialog.accept()  # an empty password is not taken
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.password_edit.setText("pw-3003")
    dialog.accept()
    assert dialog.result_message.code == "softphone.password_stored"
    assert lookup_password(CredentialStore(), account).password == "pw-3003"
    store.delete(SERVICE_SIP, account.keyring_account)


@pytest.mark.gui
@pytest.mark.usefixtures("secret_service")
def test_password_dialog_can_keep_it_for_the_session(qtbot):
    from ui.softphone.password_dialog import SipPasswordDialog

    account = AccountSettings(registrar="pbx.example", user="3004")
    store = CredentialStore()
    dialog = SipPasswordDialog(account, store)
    qtbot.addWidget(dialog)
    dialog.remember_box.setChecked(False)
    dialog.password_edit.setText("pw-3004")
    dialog.accept()
    assert dialog.result_message.code == "softphone.password_session_only"
    assert lookup_password(store, account).password == "pw-3004"
    assert lookup_password(CredentialStore(), account).password is None  # not in the keyring


@pytest.mark.usefixtures("secret_service")
def test_an_admin_setting_up_this_desk_stores_the_password_in_its_keyring_not_the_database(database) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from agent_desk.admin import SipAccountForm, set_sip_account
    from agent_desk.clock import FrozenClock
    from db.models import AuditEvent, Role, SipAccountSettings, User
    from tests.worklist.factories import NOW

    clock = FrozenClock(NOW)
    with database.transaction(write=True) as session:
        admin = User(login="admin9", display_name="Admin", role=Role.ADMIN, created_at=NOW)
        agent = User(login="agent9", display_name="Agent", role=Role.AGENT, created_at=NOW)
        session.add_all([admin, agent])
        session.flush()
        ids = (admin.id, agent.id)
    store = CredentialStore()
    said = set_sip_account(
        database,
        clock,
        actor_id=ids[0],
        user_id=ids[1],
        form=SipAccountForm(registrar="pbx.example:5060", sip_user="2009"),
        credentials=store,
        password="n0t-in-the-db",
    )
    assert said is not None and said.code == "softphone.password_stored"
    account = AccountSettings(registrar="pbx.example:5060", user="2009")
    assert lookup_password(CredentialStore(), account).password == "n0t-in-the-db"  # the next run finds it
    with database.session() as session:
        row = session.get(SipAccountSettings, ids[1])
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "sip_account.changed")).one()
    assert row is not None and "n0t-in-the-db" not in repr(vars(row)) and "n0t-in-the-db" not in str(audit.after)
    store.delete(SERVICE_SIP, account.keyring_account)
