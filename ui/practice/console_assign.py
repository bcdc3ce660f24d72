"""The console's Assignments tab: give a trainee a scenario (simulated or live, with a due date); the open ones."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.sandbox import practice_user
from agent_desk.practice.store import AssignmentRow, assign, assignments, cancel_assignment
from agent_desk.practice.validate import library
from agent_desk.text import LANGUAGES
from db.models import Role
from ui import text
from ui.practice.launch import practice_database
from ui.widgets.date_fields import show_local_dates


def trainees(context: AppContext) -> list[UserSummary]:
    """The agents of the practice database (copied from production), by name."""
    practice = practice_database(context)
    with practice.session() as session:
        found = [user for user in list_users(session) if user.role is Role.AGENT]
    return sorted(found, key=lambda user: user.display_name)


class AssignmentsTab(QWidget):
    def __init__(self, context: AppContext, user: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.user = user
        self._rows: list[AssignmentRow] = []
        self.trainee = QComboBox()
        self.trainee.setObjectName("assign_trainee")
        self.scenario = QComboBox()
        self.scenario.setObjectName("assign_scenario")
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(code.upper(), code)
        self.language.setCurrentIndex(max(self.language.findData("id"), 0))
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Simulated customer"), "simulated")
        self.mode.addItem(self.tr("Live role-play (you play the customer)"), "live")
        self.due = QDateEdit()
        show_local_dates(self.due, weekday=True)
        self.assign_button = QPushButton(self.tr("Assign"))
        self.assign_button.setObjectName("primary")
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Trainee"), self.trainee)
        scenario_row = QHBoxLayout()
        scenario_row.addWidget(self.scenario, 1)
        scenario_row.addWidget(self.language)
        form.addRow(self.tr("Scenario"), scenario_row)
        form.addRow(self.tr("Kind"), self.mode)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        due_row.addWidget(self.assign_button)
        form.addRow(self.tr("Due"), due_row)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("assignment_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Trainee"),
                self.tr("Scenario"),
                self.tr("Kind"),
                self.tr("Due"),
                self.tr("Sessions"),
                self.tr("Best score"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.cancel_button = QPushButton(self.tr("Cancel the assignment"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.language.currentIndexChanged.connect(self._fill_scenarios)
        self.assign_button.clicked.connect(self.assign_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._loaded = True
        try:
            people = trainees(self.context)
            self._rows = assignments(practice_database(self.context))
        except PracticeError as error:
            self.message.setText(text.render(error.message))
            return
        chosen = self.trainee.currentData()
        self.trainee.clear()
        for person in people:
            self.trainee.addItem(f"{person.display_name} ({person.login})", person.login)
        if chosen is not None:
            self.trainee.setCurrentIndex(max(self.trainee.findData(chosen), 0))
        self._fill_scenarios()
        today = self.context.clock.now().date() + dt.timedelta(days=7)
        if self.due.date() < QDate(2000, 1, 2):
            self.due.setDate(QDate(today.year, today.month, today.day))
        self.table.setRowCount(len(self._rows))
        titles = {(s.id, lang): s.title for lang in LANGUAGES for s in library(lang)}
        for row, item in enumerate(self._rows):
            kind = self.tr("Live") if item.mode == "live" else self.tr("Simulated")
            values = [
                item.trainee,
                f"{titles.get((item.scenario, item.language), item.scenario)} ({item.language.upper()})",
                kind,
                text.date(item.due_on) if item.due_on else "—",
                str(item.sessions),
                "—" if item.best_score is None else str(item.best_score),
            ]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                self.table.setItem(row, column, cell)

    @Slot()
    def _fill_scenarios(self) -> None:
        chosen = self.scenario.currentData()
        self.scenario.clear()
        for scenario in library(str(self.language.currentData())):
            self.scenario.addItem(scenario.title, scenario.id)
        if chosen is not None:
            self.scenario.setCurrentIndex(max(self.scenario.findData(chosen), 0))

    @Slot()
    def assign_selected(self) -> None:
        login, scenario = self.trainee.currentData(), self.scenario.currentData()
        if not login or not scenario:
            self.message.setText(self.tr("Choose a trainee and a scenario."))
            return
        practice = practice_database(self.context)
        day = self.due.date()
        try:
            assign(
                practice,
                scenario=str(scenario),
                language=str(self.language.currentData()),
                trainee_id=practice_user(practice, str(login)).id,
                assigned_by_id=practice_user(practice, self.user.login).id,
                now=self.context.clock.now(),
                due_on=dt.date(day.year(), day.month(), day.day()),
                mode=str(self.mode.currentData()),
            )
        except PracticeError as error:
            self.message.setText(text.render(error.message))
            return
        self.message.setText(
            self.tr("Assigned “{scenario}” to {trainee}.").format(
                scenario=self.scenario.currentText(), trainee=self.trainee.currentText()
            )
        )
        self.refresh()

    @Slot()
    def cancel_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._rows):
            cancel_assignment(practice_database(self.context), self._rows[row].id, self.context.clock.now())
            self.refresh()
