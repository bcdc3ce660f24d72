"""The sign-in dialog shown before the domain loaded is the one the desk signs in with (issue 19): a Sign in
pressed meanwhile is checked once the desk is ready, and a wrong password leaves the dialog open to type again."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from agent_desk.auth.passwords import policy
from agent_desk.context import AppContext
from ui.application import _choose_user
from ui.settings import Settings
from ui.sign_in import SignInDialog

pytestmark = pytest.mark.gui


def _args() -> argparse.Namespace:
    return argparse.Namespace(user=None, smoke=False)


def test_a_sign_in_pressed_while_loading_signs_in_with_the_shown_dialog(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(None, None)  # as ui.early_sign_in shows it
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setText("agent01")
    dialog.password.setText(policy().demo_password)
    dialog.sign_in_button.click()
    assert dialog.pending
    user = _choose_user(_args(), context, Settings(), dialog)  # the desk has loaded: checked now, no second dialog
    assert user is not None and user.login == "agent01"
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert context.database.location in dialog.where.text() and not dialog.demo_note.isHidden()


def test_a_wrong_password_typed_while_loading_keeps_the_dialog_open_then_cancel_signs_nobody_in(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext
) -> None:
    dialog = SignInDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setText("agent01")
    dialog.password.setText("not-the-password")
    dialog.sign_in_button.click()
    seen: list[str] = []

    def look_then_cancel() -> None:  # the dialog is open again, saying why
        seen.append(dialog.error.text())
        seen.append(dialog.login.text())
        dialog.reject()

    QTimer.singleShot(100, look_then_cancel)
    assert _choose_user(_args(), context, Settings(), dialog) is None
    assert "Wrong user name or password" in seen[0] and seen[1] == "agent01"
