"""The signed-in user's own account: changing their password from the File menu."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from agent_desk.auth.accounts import change_password
from agent_desk.auth.actors import load_actor
from agent_desk.context import AppContext
from agent_desk.text import Message
from ui import text
from ui.sign_in import ChangePasswordDialog


def ask_new_password(context: AppContext, user_id: int, parent: QWidget | None = None) -> bool:
    """Ask for the current and a new password and change it; True when changed."""
    database, clock = context.database, context.clock
    with database.session() as session:
        actor = load_actor(session, user_id)
    if actor is None:
        return False
    dialog = ChangePasswordDialog(
        lambda who, current, new: change_password(database, clock, who, current, new), actor, parent=parent
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    QMessageBox.information(
        parent,
        QCoreApplication.translate("Account", "Password changed"),
        text.render(Message.of("auth.password.changed", login=actor.login)),
    )
    return True
