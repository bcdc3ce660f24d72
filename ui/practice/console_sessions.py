"""The console's Sessions tab: every practice session, newest first; the chosen one's report, recording and sheet."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.practice.catalog import load_rubric
from agent_desk.practice.store import SessionRow, recording, session_report, sessions
from agent_desk.practice.validate import library
from agent_desk.text import LANGUAGES
from ui import text
from ui.practice.launch import practice_database
from ui.practice.report_view import ReportView


class SessionsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._rows: list[SessionRow] = []
        self.filter = QComboBox()
        self.filter.addItem(self.tr("Finished sessions"), "finished")
        self.filter.addItem(self.tr("All sessions"), "all")
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("session_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("Trainee"),
                self.tr("Scenario"),
                self.tr("Kind"),
                self.tr("Score"),
                self.tr("Ended"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.report = ReportView()
        self.sheet = QLabel()
        self.sheet.setWordWrap(True)
        self.sheet.setObjectName("session_sheet")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter)
        row.addStretch(1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.sheet)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.report)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._show)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._loaded = True
        rows = sessions(practice_database(self.context))
        if self.filter.currentData() == "finished":
            rows = [row for row in rows if row.status == "finished"]
        self._rows = rows
        titles = {(s.id, lang): s.title for lang in LANGUAGES for s in library(lang)}
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            kind = {"live": self.tr("Live"), "scripted": self.tr("Scripted")}.get(row.mode, self.tr("Simulated"))
            ended = (
                text.label(f"practice.end.{row.end_state or 'unfinished'}")
                if row.status == "finished"
                else text.label(f"practice.status.{row.status}")
            )
            values = [
                text.date(row.started_at.date()),
                row.trainee,
                titles.get((row.scenario, row.language), row.scenario),
                kind + (" 🔊" if row.has_recording else ""),
                "—" if row.score is None else str(row.score),
                ended,
            ]
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        if rows and self.table.currentRow() < 0:
            self.table.selectRow(0)

    @Slot()
    def _show(self) -> None:
        index = self.table.currentRow()
        if index < 0 or index >= len(self._rows):
            return
        practice = practice_database(self.context)
        chosen = self._rows[index]
        report, sheet = session_report(practice, chosen.id)
        self.report.show_report(report, recording(practice, chosen.id))
        self.sheet.setText(sheet_text(sheet))


def sheet_text(sheet: dict[str, object]) -> str:
    """The trainer's sheet of a live session, in words (empty when there is none)."""
    ticks = sheet.get("ticks")
    if not isinstance(ticks, dict):
        return ""
    rubric = load_rubric()
    marks = []
    for item in rubric.items:
        value = ticks.get(item.code)
        mark = "—" if value is None else "✓" if value else "✗"
        marks.append(f"{mark} {html.escape(item.title(text.language()))}")
    notes = str(sheet.get("notes") or "")
    return "<br>".join(marks) + (f"<br><i>{html.escape(notes)}</i>" if notes else "")
