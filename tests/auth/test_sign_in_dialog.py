"""The sign-in dialog over the real services: a wrong password, a locked account, the forced change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from agent_desk.auth.accounts import change_password, reset_password, sign_in
from agent_desk.auth.permissions import Actor
from tests.auth.conftest import PASSWORD, Staff
from ui import text
from ui.sign_in import ChangePasswordDialog, SignInDialog

pytestmark = pytest.mark.gui


def _dialog(qtbot, staff: Staff, **options) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(
        lambda login, password: sign_in(staff.database, staff.clock, login, password),
        lambda actor, current, new: change_password(staff.database, staff.clock, actor, current, new),
        where="/data/agent-desk.sqlite3",
        **options,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(dialog: SignInDialog, login: str, password: str) -> None:
    dialog.login.setText(login)
    dialog.password.setText(password)
    dialog.sign_in_button.click()


def test_a_wrong_password_says_so_and_the_dialog_stays_open(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, staff, last_login="agent.a")
    assert dialog.login.text() == "agent.a"
    _type(dialog, "agent.a", "kopi-salah")
    assert dialog.isVisible() and dialog.signed_in is None
    assert dialog.error.isVisible() and "Wrong user name or password" in dialog.error.text()
    assert dialog.password.text() == ""  # typed again, never kept
    qtbot.wait(50)
    for field in (dialog.login, dialog.password):  # the dialog grew for the message instead of squeezing the fields
        assert field.height() >= field.sizeHint().height()
    _type(dialog, "agent.a", PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in is not None and dialog.signed_in.user.login == "agent.a"


def test_empty_fields_are_asked_for_before_anything_is_checked(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, staff)
    _type(dialog, "agent.a", "")
    assert "Type your user name and your password" in dialog.error.text()


def test_a_locked_account_is_explained_in_indonesian(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    text.set_language("id")
    try:
        dialog = _dialog(qtbot, staff)
        for _ in range(5):
            _type(dialog, "agent.b", "kopi-salah")
        assert "dikunci" in dialog.error.text() and "15 menit" in dialog.error.text()
        _type(dialog, "agent.b", PASSWORD)
        assert "dikunci" in dialog.error.text() and dialog.signed_in is None
    finally:
        text.set_language("en")


def test_a_reset_password_leads_to_the_forced_change(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    reset_password(staff.database, staff.clock, Actor.system(), "agent.a", "sementara-2026")
    dialog = _dialog(qtbot, staff)
    seen: list[str] = []

    def fill_change_dialog() -> None:
        change = QApplication.activeModalWidget()
        assert isinstance(change, ChangePasswordDialog)
        assert change.current.isHidden()  # the temporary one was just typed
        change.new.setText("teh-manis-dingin")
        change.repeat.setText("teh-manis-d1ngin")
        change.try_change()
        seen.append(change.error.text())
        change.new.setText("pendek")
        change.repeat.setText("pendek")
        change.try_change()
        seen.append(change.error.text())
        change.new.setText("teh-manis-dingin")
        change.repeat.setText("teh-manis-dingin")
        change.try_change()

    QTimer.singleShot(0, fill_change_dialog)
    _type(dialog, "agent.a", "sementara-2026")
    assert "differ" in seen[0] and "at least 10 characters" in seen[1]
    assert dialog.signed_in is not None and dialog.result() == QDialog.DialogCode.Accepted
    assert not sign_in(staff.database, staff.clock, "agent.a", "teh-manis-dingin").must_change


def test_cancelling_the_forced_change_does_not_sign_in(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    reset_password(staff.database, staff.clock, Actor.system(), "agent.a", "sementara-2026")
    dialog = _dialog(qtbot, staff)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    _type(dialog, "agent.a", "sementara-2026")
    assert dialog.signed_in is None and dialog.isVisible()
    assert "new password is needed" in dialog.error.text()


def test_the_demo_password_is_shown_only_on_a_demo_database(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    assert _dialog(qtbot, staff).demo_note.isHidden()
    assert "“demo”" in _dialog(qtbot, staff, demo_password="demo").demo_note.text()


def test_sign_in_pressed_while_the_desk_loads_is_checked_once_it_has(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    """The dialog shown before the domain loads (ui.early_sign_in): a wrong password still says so, keeps the
    name, and the right one then signs in."""
    dialog = SignInDialog(None, None, last_login="agent.a")  # as ui.early_sign_in makes it: nothing to check with
    qtbot.addWidget(dialog)
    dialog.show()
    _type(dialog, "agent.a", "kopi-salah")
    assert dialog.pending and dialog.isVisible() and dialog.signed_in is None
    assert not dialog.sign_in_button.isEnabled() and not dialog.password.isEnabled()
    assert "as soon as Agent Desk has loaded" in dialog.waiting.text() and not dialog.error.isVisible()
    dialog.set_ready(  # the desk has loaded (ui.application)
        lambda login, password: sign_in(staff.database, staff.clock, login, password),
        lambda actor, current, new: change_password(staff.database, staff.clock, actor, current, new),
        where="/data/agent-desk.sqlite3",
    )
    assert not dialog.pending and dialog.isVisible() and dialog.signed_in is None
    assert "Wrong user name or password" in dialog.error.text() and not dialog.waiting.isVisible()
    assert dialog.login.text() == "agent.a" and dialog.password.text() == ""  # the name kept, the password asked
    assert dialog.password.isEnabled() and dialog.sign_in_button.isEnabled()
    assert "/data/agent-desk.sqlite3" in dialog.where.text() and dialog.where.isVisible()
    _type(dialog, "agent.a", PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in is not None and dialog.signed_in.user.login == "agent.a"


def test_the_right_password_typed_while_the_desk_loads_signs_in_when_it_is_ready(qtbot, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(dialog, "agent.a", PASSWORD)
    assert dialog.pending
    dialog.set_ready(
        lambda login, password: sign_in(staff.database, staff.clock, login, password),
        lambda actor, current, new: change_password(staff.database, staff.clock, actor, current, new),
    )
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in is not None and dialog.signed_in.user.login == "agent.a"
