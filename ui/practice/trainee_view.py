"""The trainee's Practice tab: their assignments (start one here) and their past sessions with the reports."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.sandbox import practice_user
from agent_desk.practice.store import AssignmentRow, SessionRow, assignments, recording, session_report, sessions
from agent_desk.practice.validate import library
from ui import text
from ui.practice.launch import PracticeRequest, practice_database, prewarm_line
from ui.practice.report_view import ReportView

log = logging.getLogger(__name__)
ROLE = Qt.ItemDataRole.UserRole


class TraineePracticeView(QWidget):
    """Signals: ``start_requested(PracticeRequest)`` — the main window opens the practice session."""

    start_requested = Signal(object)

    def __init__(self, context: AppContext, user: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainee_practice")
        self.context = context
        self.user = user
        self._loaded = False
        self._titles: dict[tuple[str, str], str] = {}
        self._assignments: list[AssignmentRow] = []
        self._sessions: list[SessionRow] = []
        title = QLabel(self.tr("Practice"))
        title.setObjectName("pane_title")
        hint = QLabel(
            self.tr(
                "Practise collection calls in a sandbox: a simulated customer answers a practice line, and you are "
                "scored on verification, empathy, compliance and the outcome. Nothing here touches real customers."
            )
        )
        hint.setWordWrap(True)
        self.assignment_table = _table(
            [self.tr("Scenario"), self.tr("Kind"), self.tr("Due"), self.tr("From"), self.tr("Best score")]
        )
        self.assignment_table.setObjectName("trainee_assignments")
        self.start_button = QPushButton(self.tr("Start practice"))
        self.start_button.setObjectName("primary")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b45309;")
        self.session_table = _table([self.tr("When"), self.tr("Scenario"), self.tr("Score"), self.tr("Ended")])
        self.session_table.setObjectName("trainee_sessions")
        self.report = ReportView()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Your assignments")))
        left_layout.addWidget(self.assignment_table, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.message, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(QLabel(self.tr("Your sessions")))
        left_layout.addWidget(self.session_table, 3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.report)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(split, 1)
        self.start_button.clicked.connect(self.start_selected)
        self.assignment_table.itemDoubleClicked.connect(lambda _item: self.start_selected())
        self.session_table.itemSelectionChanged.connect(self._show_session)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        if not self._loaded:
            prewarm_line()  # the debtor's process boots while the trainee reads: Start answers at once
        self._loaded = True
        try:
            practice = practice_database(self.context)
            me = practice_user(practice, self.user.login)
            self._assignments = assignments(practice, trainee_id=me.id)
            self._sessions = [s for s in sessions(practice, trainee_id=me.id, limit=200) if s.status == "finished"]
        except PracticeError as error:
            self.message.setText(text.render(error.message))
            return
        for language in ("en", "id"):
            for scenario in library(language):
                self._titles[(scenario.id, language)] = scenario.title
        self.assignment_table.setRowCount(len(self._assignments))
        for row, item in enumerate(self._assignments):
            kind = self.tr("Live with your trainer") if item.mode == "live" else self.tr("Simulated customer")
            values = [
                f"{self._titles.get((item.scenario, item.language), item.scenario)} ({item.language.upper()})",
                kind,
                text.date(item.due_on) if item.due_on else "—",
                item.assigned_by or "—",
                "—" if item.best_score is None else str(item.best_score),
            ]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(ROLE, row)
                self.assignment_table.setItem(row, column, cell)
        if self._assignments:
            self.assignment_table.selectRow(0)
        self.start_button.setEnabled(bool(self._assignments))
        self.message.setText("" if self._assignments else self.tr("No assignments yet: your trainer gives them."))
        self.session_table.setRowCount(len(self._sessions))
        for row, session in enumerate(self._sessions):
            values = [
                text.local_time(session.started_at, "Asia/Jakarta", with_date=True),
                self._titles.get((session.scenario, session.language), session.scenario),
                "—" if session.score is None else str(session.score),
                _ended(session),
            ]
            for column, value in enumerate(values):
                self.session_table.setItem(row, column, QTableWidgetItem(value))

    @Slot()
    def start_selected(self) -> None:
        row = self.assignment_table.currentRow()
        if row < 0 or row >= len(self._assignments):
            return
        chosen = self._assignments[row]
        if chosen.mode == "live":
            self.refresh()
            chosen = next((a for a in self._assignments if a.id == chosen.id), chosen)
            if not chosen.live_uri:
                self.message.setText(self.tr("Your trainer is not ready for this role-play yet."))
                return
        self.message.clear()
        session_id = self._waiting_session(chosen)
        self.start_requested.emit(
            PracticeRequest(
                scenario=chosen.scenario,
                language=chosen.language,
                assignment_id=chosen.id,
                mode=chosen.mode,
                live_session_id=session_id,
                live_uri=chosen.live_uri,
            )
        )

    def _waiting_session(self, chosen: AssignmentRow) -> int | None:
        if chosen.mode != "live":
            return None
        practice = practice_database(self.context)
        found = [s for s in sessions(practice, limit=50) if s.status == "waiting" and s.trainee_id == chosen.trainee_id]
        return found[0].id if found else None

    @Slot()
    def _show_session(self) -> None:
        row = self.session_table.currentRow()
        if row < 0 or row >= len(self._sessions):
            return
        practice = practice_database(self.context)
        report, _sheet = session_report(practice, self._sessions[row].id)
        self.report.show_report(report, recording(practice, self._sessions[row].id))


def _ended(session: SessionRow) -> str:
    if session.status != "finished":
        return text.label(f"practice.status.{session.status}")
    return text.label(f"practice.end.{session.end_state or 'unfinished'}")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table
