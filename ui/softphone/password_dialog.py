"""Asking for the SIP password: kept in the OS keyring, or — when there is none — for this session only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agent_desk.credentials import CredentialStore
from agent_desk.softphone import AccountSettings, lookup_password, store_password
from agent_desk.text import Message


class SipPasswordDialog(QDialog):
    """The password prompt. When there is no keyring it says so and the password lasts this session only."""

    def __init__(
        self,
        account: AccountSettings,
        store: CredentialStore,
        *,
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("SIP password"))
        self.account = account
        self.store = store
        self.language = language
        self.result_message: Message | None = None
        found = lookup_password(store, account)
        layout = QVBoxLayout(self)
        if found.message is not None:
            notice = QLabel(found.message.render(language))
            notice.setWordWrap(True)
            if not found.keyring_available:
                notice.setStyleSheet("color: #ef6c00;")
            layout.addWidget(notice)
        form = QFormLayout()
        form.addRow(self.tr("Account"), QLabel(account.keyring_account))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password"), self.password_edit)
        layout.addLayout(form)
        self.remember_box = QCheckBox(self.tr("Remember in the OS keyring"))
        self.remember_box.setChecked(found.keyring_available)
        self.remember_box.setEnabled(found.keyring_available)
        layout.addWidget(self.remember_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def password(self) -> str:
        return self.password_edit.text()

    def accept(self) -> None:
        if not self.password:
            self.password_edit.setFocus()
            return
        self.result_message = store_password(
            self.store, self.account, self.password, session_only=not self.remember_box.isChecked()
        )
        super().accept()


def sip_password(
    account: AccountSettings, store: CredentialStore, *, language: str = "en", parent: QWidget | None = None
) -> str | None:
    """The account's password from the keyring (or this session), asking the agent when there is none."""
    found = lookup_password(store, account)
    if found.password is not None:
        return found.password
    dialog = SipPasswordDialog(account, store, language=language, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password
