"""What supervisors, trainers and admins see beside (or instead of) the agent workspace."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from agent_desk.context import AppContext
from agent_desk.portfolio import list_users
from ui import text


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class TitledView(QWidget):
    """A view with a title and a line saying what it is for; the body goes below (given, or added to ``layout``)."""

    def __init__(self, title: str, hint: str, body: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pane_title")
        note = QLabel(hint)
        note.setWordWrap(True)
        self.body_layout = QVBoxLayout(self)
        self.body_layout.addWidget(heading)
        self.body_layout.addWidget(note)
        if body is not None:
            self.body_layout.addWidget(body, 1)


class UsersView(TitledView):
    """Admin: who can sign in, with which role and team."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        with context.database.session() as session:
            users = list_users(session, active_only=False)
        rows = [(u.login, u.display_name, text.label(f"role.{u.role.value}"), u.team or "—") for u in users]
        table = _table((self.tr("Login"), self.tr("Name"), self.tr("Role"), self.tr("Team")), rows)
        super().__init__(
            self.tr("Users"),
            self.tr("Database: {where}").format(where=context.database.describe()),
            table,
            parent,
        )
        self.table = table
