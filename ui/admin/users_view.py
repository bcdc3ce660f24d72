"""Admin › Users: who can sign in, with which role and team, whether they have a line and limits of their own.

Add, change, disable or enable a user, set their SIP account and their own authority limits; every change goes
through :mod:`agent_desk.admin` (or :mod:`agent_desk.negotiation` for limits), which audits it. *Reset password…*
gives a temporary password that the user must change at their next sign-in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from agent_desk.admin import (
    AdminError,
    UserRecord,
    add_user,
    edit_user,
    password_reset_available,
    reset_user_password,
    set_active,
    set_sip_account,
    sip_account,
    teams,
    user_records,
)
from agent_desk.auth.passwords import policy as password_policy
from agent_desk.context import AppContext
from agent_desk.negotiation import NegotiationError, authority_for, set_user_authority
from agent_desk.portfolio import UserSummary
from ui import text
from ui.admin.dialogs import FormDialog, LimitsDialog, ResetPasswordDialog, SipAccountDialog, UserDialog
from ui.role_views import TitledView
from ui.widgets.table_width import SnugTable

USER_ID = Qt.ItemDataRole.UserRole + 1


class UsersAdminView(TitledView):
    """The users of this desk's database, and what an admin can change about them."""

    def __init__(self, context: AppContext, admin: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Users"),
            self.tr("Everyone who can sign in here. Changes are recorded in the audit trail with your name."),
            parent=parent,
        )
        self.setObjectName("admin_users")
        self.context = context
        self.admin = admin
        self._records: list[UserRecord] = []
        self.table = SnugTable(0, 6)
        self.table.setObjectName("admin_users_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Login"), self.tr("Name"), self.tr("Role"), self.tr("Team"), self.tr("Line"), self.tr("Limits")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Change…"))
        self.active_button = QPushButton(self.tr("Disable"))
        self.sip_button = QPushButton(self.tr("SIP account…"))
        self.limits_button = QPushButton(self.tr("Limits…"))
        self.password_button = QPushButton(self.tr("Reset password…"))
        self.password_button.setEnabled(password_reset_available(context.database))
        self.password_button.setToolTip(
            self.tr("A temporary password, to be changed at the next sign-in (also unlocks a locked account)")
        )
        self.status = QLabel()
        self.status.setObjectName("admin_status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.active_button,
            self.sip_button,
            self.limits_button,
            self.password_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body_layout.addWidget(self.table, 1, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addLayout(buttons)
        self.body_layout.addWidget(self.status)
        self.add_button.clicked.connect(self.ask_add)
        self.edit_button.clicked.connect(self.ask_edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.sip_button.clicked.connect(self.ask_sip_account)
        self.limits_button.clicked.connect(self.ask_limits)
        self.password_button.clicked.connect(self.ask_password_reset)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.ask_edit())
        self.dialog: FormDialog | None = None
        self.refresh()

    # --- the list ---

    def refresh(self, select: int | None = None) -> None:
        with self.context.database.session() as session:
            self._records = user_records(session)
        self.table.setRowCount(len(self._records))
        for row, user in enumerate(self._records):
            cells = (
                user.login,
                user.display_name if user.active else self.tr("{name} (disabled)").format(name=user.display_name),
                text.label(f"role.{user.role.value}"),
                user.team or "—",
                user.sip_account or "—",
                self.tr("own") if user.own_limits else self.tr("role's"),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(USER_ID, user.id)
                if not user.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        if select is not None:
            self.select_user(select)
        elif self._records and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._selection_changed()

    def select_user(self, user_id: int) -> bool:
        row = next((i for i, user in enumerate(self._records) if user.id == user_id), None)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def selected(self) -> UserRecord | None:
        row = self.table.currentRow()
        return self._records[row] if 0 <= row < len(self._records) else None

    @Slot()
    def _selection_changed(self) -> None:
        user = self.selected()
        for button in (self.edit_button, self.active_button, self.sip_button, self.limits_button):
            button.setEnabled(user is not None)
        self.password_button.setEnabled(user is not None and password_reset_available(self.context.database))
        self.active_button.setText(self.tr("Enable") if user is not None and not user.active else self.tr("Disable"))
        self.active_button.setEnabled(user is not None and user.id != self.admin.id)

    # --- changes ---

    def _open(self, dialog: FormDialog, save: Callable[[], str]) -> None:
        """Open ``dialog``; its Save runs ``save()`` (a refusal stays in the dialog) and the result shows here."""
        previous = self.dialog
        if previous is not None and not previous.isVisible():
            previous.deleteLater()
        self.dialog = dialog
        dialog.on_save = save
        dialog.accepted.connect(lambda: self.status.setText(dialog.saved))
        dialog.open()

    @Slot()
    def ask_add(self) -> None:
        with self.context.database.session() as session:
            choices = teams(session)
        dialog = UserDialog(choices, parent=self)

        def save() -> str:
            added = add_user(
                self.context.database,
                self.context.clock,
                actor_id=self.admin.id,
                login=dialog.login.text(),
                display_name=dialog.name.text(),
                role=dialog.chosen_role,
                team_id=dialog.chosen_team,
                language=str(dialog.language.currentData()),
            )
            self.refresh(select=added.id)
            return self.tr("Added {name} ({login}).").format(name=added.display_name, login=added.login)

        self._open(dialog, save)

    @Slot()
    def ask_edit(self) -> None:
        user = self.selected()
        if user is None:
            return
        with self.context.database.session() as session:
            choices = teams(session)
        dialog = UserDialog(choices, user, parent=self)

        def save() -> str:
            changed = edit_user(
                self.context.database,
                self.context.clock,
                actor_id=self.admin.id,
                user_id=user.id,
                display_name=dialog.name.text(),
                role=dialog.chosen_role,
                team_id=dialog.chosen_team,
                language=str(dialog.language.currentData()),
            )
            self.refresh(select=changed.id)
            return self.tr("Saved {name}.").format(name=changed.display_name)

        self._open(dialog, save)

    @Slot()
    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        try:
            changed = set_active(
                self.context.database,
                self.context.clock,
                actor_id=self.admin.id,
                user_id=user.id,
                active=not user.active,
            )
        except AdminError as error:
            self.status.setText(text.render(error.message))
            return
        self.refresh(select=changed.id)
        said = self.tr("{name} can sign in again.") if changed.active else self.tr("{name} can no longer sign in.")
        self.status.setText(said.format(name=changed.display_name))

    @Slot()
    def ask_sip_account(self) -> None:
        user = self.selected()
        if user is None:
            return
        with self.context.database.session() as session:
            current = sip_account(session, user.id)
        credentials = self.context.credentials
        dialog = SipAccountDialog(user, current, credentials.keyring_available(), parent=self)

        def save() -> str:
            kept = set_sip_account(
                self.context.database,
                self.context.clock,
                actor_id=self.admin.id,
                user_id=user.id,
                form=dialog.account(),
                credentials=credentials,
                password=dialog.password.text(),
            )
            self.refresh(select=user.id)
            said = self.tr("Saved the SIP account of {name}.").format(name=user.display_name)
            return f"{said} {text.render(kept)}" if kept is not None else said

        self._open(dialog, save)

    @Slot()
    def ask_password_reset(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = ResetPasswordDialog(user, password_policy().min_length, parent=self)

        def save() -> str:
            reset_user_password(
                self.context.database,
                self.context.clock,
                actor_id=self.admin.id,
                user_id=user.id,
                password=dialog.password.text(),
                repeated=dialog.repeated.text(),
            )
            return self.tr("{name} has a temporary password and chooses their own at the next sign-in.").format(
                name=user.display_name
            )

        self._open(dialog, save)

    @Slot()
    def ask_limits(self) -> None:
        user = self.selected()
        if user is None:
            return
        with self.context.database.session() as session:
            try:
                authority = authority_for(session, user.id)
            except NegotiationError as error:
                self.status.setText(text.render(error.message))
                return
        dialog = LimitsDialog(
            self.tr("Authority limits of {name}").format(name=user.display_name), authority, for_user=True, parent=self
        )

        def save() -> str:
            settlement, early, installments = dialog.rates()
            role_only = dialog.use_role.isChecked()
            set_user_authority(
                self.context.database,
                self.context.clock,
                actor_id=self.admin.id,
                user_id=user.id,
                settlement=None if role_only else settlement,
                early_payment=None if role_only else early,
                installments=None if role_only else installments,
                clear=True,
            )
            self.refresh(select=user.id)
            return self.tr("Saved the limits of {name}.").format(name=user.display_name)

        self._open(dialog, save)
