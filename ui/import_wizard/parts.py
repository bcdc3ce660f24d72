"""What the import wizard's pages share: the table of issues, the summary lines and the row report's Save button."""

from __future__ import annotations

import collections
import dataclasses
import html
import shutil
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from agent_desk.importer import ImportSummary, Issue, printable
from agent_desk.text import Message
from ui import text

ERROR_BRUSH = QBrush(QColor("#fde2e2"))
WARNING_BRUSH = QBrush(QColor("#fef3c7"))


class IssueModel(QAbstractTableModel):
    """Issues found in a file: row, severity, column, value, problem."""

    HEADERS = (
        str(QT_TRANSLATE_NOOP("IssueModel", "Row")),
        str(QT_TRANSLATE_NOOP("IssueModel", "Severity")),
        str(QT_TRANSLATE_NOOP("IssueModel", "Column")),
        str(QT_TRANSLATE_NOOP("IssueModel", "Value")),
        str(QT_TRANSLATE_NOOP("IssueModel", "Problem")),
    )
    SEVERITIES: ClassVar[dict[str, str]] = {
        "error": str(QT_TRANSLATE_NOOP("IssueModel", "error")),
        "warning": str(QT_TRANSLATE_NOOP("IssueModel", "warning")),
        "notice": str(QT_TRANSLATE_NOOP("IssueModel", "notice")),
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._issues: list[Issue] = []

    def set_issues(self, issues: list[Issue]) -> None:
        self.beginResetModel()
        self._issues = issues
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._issues)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._issues[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            severity = self.tr(self.SEVERITIES.get(item.severity.value, item.severity.value))
            values = (
                "" if item.row is None else str(item.row),
                severity,
                printable(item.column),
                printable(item.value),
            )
            return values[index.column()] if index.column() < 4 else text.render(item.message)
        if role == Qt.ItemDataRole.BackgroundRole:
            return ERROR_BRUSH if item.is_error else WARNING_BRUSH if item.severity.value == "warning" else None
        return None


def repeated_once(issues: list[Issue]) -> list[Issue]:
    """Errors one by one; a warning or notice that repeats shown once, on its first row, saying how often."""
    counts = collections.Counter(item.message.code for item in issues if not item.is_error)
    shown: list[Issue] = []
    seen: set[str] = set()
    for item in issues:
        code = item.message.code
        if item.is_error or counts[code] == 1:
            shown.append(item)
        elif code not in seen:
            seen.add(code)
            again = Message.of("import.preview.repeated", problem=item.message, more=counts[code] - 1)
            shown.append(dataclasses.replace(item, message=again))
    return shown


def summary_lines(summary: ImportSummary) -> list[str]:
    """The summary as the wizard shows it (the report lives in a temporary folder: it is saved with a button)."""
    lines = summary.lines(warnings=True)
    return [html.escape(text.render(line)) for line in lines if line.code != "import.summary.report"]


def save_report(parent: QWidget, report: Path) -> None:
    title = QCoreApplication.translate("ImportWizard", "Save the row report")
    name, _ = QFileDialog.getSaveFileName(parent, title, "import-report.csv", "CSV (*.csv)")
    if name:
        shutil.copyfile(report, name)


def page_button(label: str) -> QPushButton:
    """A button inside a page: Enter stays with the wizard's Next/Finish."""
    button = QPushButton(label)
    button.setAutoDefault(False)
    return button
