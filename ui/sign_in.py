"""Signing in with a user name and a password, and choosing a new password (forced after an admin's reset).

The dialogs only collect what is typed: checking it, counting failures, locking and auditing are the services'
(``agent_desk.auth.accounts``), passed in as callables so the dialogs stay plain widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui import text

if TYPE_CHECKING:  # the dialog paints before the domain has loaded (ui.early_sign_in): the services load later
    from agent_desk.auth.accounts import SignedIn
    from agent_desk.auth.permissions import Actor

Authenticate = Callable[[str, str], "SignedIn"]
ChangePassword = Callable[["Actor", str, str], None]


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def _fit_height(dialog: QDialog) -> None:
    """Grow the dialog when a message appears: a shown window keeps its height, and would squeeze the fields."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
    if dialog.height() < needed:
        dialog.resize(dialog.width(), needed)


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(256)
    return field


class SignInDialog(QDialog):
    """User name and password. On success ``signed_in`` holds who signed in (after a forced change, if one was
    due); a refusal is shown in the dialog, which stays open with the password cleared."""

    became_ready = Signal()  # set_ready: passwords can be checked from now on

    def __init__(
        self,
        authenticate: Authenticate | None,
        change_password: ChangePassword | None,
        *,
        last_login: str = "",
        where: str = "",
        demo_password: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to Agent Desk"))
        self.setMinimumWidth(440)
        self._authenticate = authenticate  # None while the desk loads (ui.early_sign_in): see set_ready
        self._change_password = change_password
        self.pending = False  # Sign in pressed before the desk could check the password
        self.signed_in: SignedIn | None = None
        heading = QLabel(self.tr("Sign in to Agent Desk"))
        heading.setObjectName("pane_title")
        self.where = QLabel(self.tr("Database: {where}").format(where=where) if where else "")
        self.where.setObjectName("profile_hint")
        self.where.setWordWrap(True)
        self.where.setVisible(bool(where))
        self.login = QLineEdit(last_login)
        self.login.setMaxLength(64)
        self.password = _password_field()
        form = QFormLayout()
        form.addRow(self.tr("&User name"), self.login)
        form.addRow(self.tr("&Password"), self.password)
        self.error = _message_label("sign_in_error")
        self.demo_note = _message_label("sign_in_note")
        self.waiting = _message_label("sign_in_note")  # a Sign in waiting for the desk to load: a note, no error
        self._show_demo_note(demo_password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign in"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        # Enter never lands on Cancel: not while a Sign in waits for the desk (the focus moves there when the fields
        # are disabled), and an agent pressing Enter twice must not end the program.
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.waiting)
        layout.addWidget(self.demo_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        (self.password if last_login else self.login).setFocus()

    def _demo_text(self, password: str) -> str:
        return self.tr(
            "This is a demo database: every demo user (admin, rina.spv, budi.trainer, agent01…) has the "
            "password “{password}”."
        ).format(password=password)

    def _show_demo_note(self, demo_password: str | None) -> None:
        self.demo_password = demo_password
        if demo_password is not None:
            self.demo_note.setText(self._demo_text(demo_password))
            self.demo_note.setVisible(True)
            _fit_height(self)

    def reserve_room(self, where: str) -> None:
        """Shown before the desk has loaded (ui.early_sign_in): the database line (``where``: what --db names)
        shows at once and the demo note, which :meth:`set_ready` fills in, has its room from the start, so the
        dialog does not grow or move its fields while the agent types. Without a demo password the note's room
        stays empty above the buttons."""
        for label in (self.where, self.demo_note):
            policy = label.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            label.setSizePolicy(policy)
        if not self.where.text() and where:  # what --db names, shown at once (set_ready puts the desk's spelling)
            self.where.setText(self.tr("Database: {where}").format(where=where))
            self.where.setVisible(True)
        if self.demo_password is None:
            self.demo_note.setText(self._demo_text("•" * 12))

    def set_ready(
        self,
        authenticate: Authenticate,
        change_password: ChangePassword,
        *,
        where: str = "",
        demo_password: str | None = None,
    ) -> None:
        """The desk has loaded: passwords can be checked now. A Sign in pressed meanwhile is carried out now."""
        self._authenticate, self._change_password = authenticate, change_password
        if where:
            self.where.setText(self.tr("Database: {where}").format(where=where))
            self.where.setVisible(True)
        self._show_demo_note(demo_password)
        self.became_ready.emit()
        if self.pending:
            self.pending = False
            self._set_waiting(False)
            self.try_sign_in()

    def _set_waiting(self, waiting: bool) -> None:
        for widget in (self.login, self.password, self.sign_in_button):
            widget.setEnabled(not waiting)
        if waiting:
            self.setFocus()  # not on Cancel, the next in the chain
        self.show_error("")
        self.waiting.setText(self.tr("Checking your password as soon as Agent Desk has loaded…") if waiting else "")
        self.waiting.setVisible(waiting)
        _fit_height(self)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        _fit_height(self)

    @Slot()
    def try_sign_in(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        if not login or not password:
            self.show_error(self.tr("Type your user name and your password."))
            (self.login if not login else self.password).setFocus()
            return
        if self._authenticate is None:  # the desk is still loading: checked the moment it is ready
            self.pending = True
            self._set_waiting(True)
            return
        from agent_desk.errors import DeskError

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            signed_in = self._authenticate(login, password)
        except DeskError as error:
            self.password.clear()
            self.show_error(text.render(error.message))
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if signed_in.must_change:
            assert self._change_password is not None
            change = ChangePasswordDialog(self._change_password, signed_in.actor, current=password, parent=self)
            if change.exec() != QDialog.DialogCode.Accepted:
                self.password.clear()
                self.show_error(self.tr("You are not signed in: a new password is needed first."))
                return
        self.signed_in = signed_in
        self.password.clear()
        self.accept()


class ChangePasswordDialog(QDialog):
    """A new password, typed twice. With ``current`` given (the forced change right after signing in with a
    temporary password) the current password is not asked again."""

    def __init__(
        self,
        change_password: ChangePassword,
        actor: Actor,
        *,
        current: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose a new password"))
        self.setMinimumWidth(440)
        self._change_password = change_password
        self._actor = actor
        self._current = current
        heading = QLabel(self.tr("Choose a new password"))
        heading.setObjectName("pane_title")
        if current is not None:
            reason = self.tr(
                "An administrator gave you a temporary password. Choose your own now; nobody else will know it."
            )
        else:
            reason = self.tr("Type your current password, then the new one twice.")
        from agent_desk.auth.passwords import policy  # loaded with the desk; this dialog opens after it

        self.reason = QLabel(reason + " " + self.tr("At least {length} characters.").format(length=policy().min_length))
        self.reason.setWordWrap(True)
        self.current = _password_field()
        self.new = _password_field()
        self.repeat = _password_field()
        form = QFormLayout()
        if current is None:
            form.addRow(self.tr("&Current password"), self.current)
        form.addRow(self.tr("&New password"), self.new)
        form.addRow(self.tr("&Repeat it"), self.repeat)
        self.error = _message_label("sign_in_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Change password"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.try_change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        (self.current if current is None else self.new).setFocus()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        _fit_height(self)

    @Slot()
    def try_change(self) -> None:
        from agent_desk.auth.accounts import PasswordError, SignInError
        from agent_desk.errors import DeskError
        from agent_desk.text import Message

        current = self._current if self._current is not None else self.current.text()
        if self.new.text() != self.repeat.text():
            self.repeat.clear()
            self.show_error(text.render(Message.of("auth.password.mismatch")))
            self.repeat.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._change_password(self._actor, current, self.new.text())
        except (PasswordError, SignInError, DeskError) as error:
            self.show_error(text.render(error.message))
            (self.current if isinstance(error, SignInError) and self._current is None else self.new).setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
