"""Sign-in by choosing a user from the database (passwords come with team mode)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.portfolio import UserSummary
from ui import text

USER_ROLE = Qt.ItemDataRole.UserRole + 1


class SignInDialog(QDialog):
    def __init__(self, users: list[UserSummary], last_login: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to Agent Desk"))
        self.setMinimumSize(420, 460)
        self._users = users
        heading = QLabel(self.tr("Who is working at this desk?"))
        heading.setObjectName("pane_title")
        self.list = QListWidget()
        for user in users:
            team = f" · {user.team}" if user.team else ""
            item = QListWidgetItem(f"{user.display_name}  —  {text.label(f'role.{user.role.value}')}{team}")
            item.setData(USER_ROLE, user.login)
            self.list.addItem(item)
            if user.login == last_login:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.empty = QLabel(
            self.tr(
                "There are no users yet. Create the demo portfolio with\nagent-desk demo-data --accounts 10000 --seed 1"
            )
        )
        self.empty.setVisible(not users)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(users))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(self._double_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)

    @Slot(QListWidgetItem)
    def _double_clicked(self, _item: QListWidgetItem) -> None:
        self.accept()

    def chosen(self) -> UserSummary | None:
        item = self.list.currentItem()
        if item is None:
            return None
        login = item.data(USER_ROLE)
        return next((user for user in self._users if user.login == login), None)
