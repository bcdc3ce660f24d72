"""The import wizard for supervisors and admins: choose a file and mapping, preview, dry run, import, done.

All reading and writing runs on a worker thread (``ui.background.Background``); progress comes back through a
queued signal and Cancel sets the import's cancel token, which rolls everything back. The wizard only shows what
``agent_desk.importer`` returns.
"""

from __future__ import annotations

import collections
import dataclasses
import html
import shutil
import tempfile
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
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from agent_desk import text as domain_text
from agent_desk.context import AppContext
from agent_desk.importer import (
    CancelToken,
    ImportCancelledError,
    ImportFailedError,
    ImportMapping,
    ImportOptions,
    ImportProgress,
    ImportSummary,
    Issue,
    MappingError,
    Phase,
    Preview,
    PreviewRow,
    load_mapping,
    preview_file,
    printable,
    run_import,
)
from agent_desk.portfolio import UserSummary
from agent_desk.text import Message
from ui import text
from ui.background import Background

ERROR_BRUSH = QBrush(QColor("#fde2e2"))
WARNING_BRUSH = QBrush(QColor("#fef3c7"))
PREVIEW_ROWS = 20


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the GUI thread."""

    progressed = Signal(object)


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


def _button(label: str) -> QPushButton:
    """A button inside a page: Enter stays with the wizard's Next/Finish."""
    button = QPushButton(label)
    button.setAutoDefault(False)
    return button


class ChoosePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Choose the file and its mapping"))
        self.setSubTitle(self.tr("A core-system export (CSV or XLSX) and the mapping that says what its columns mean."))
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(self.tr("portfolio export, e.g. bank_export_20261123.csv"))
        self.mapping_edit = QLineEdit()
        self.mapping_edit.setPlaceholderText(self.tr("mapping file, e.g. bank_nusantara.toml"))
        file_button = _button(self.tr("Browse…"))
        mapping_button = _button(self.tr("Browse…"))
        self.mapping_info = QLabel()
        self.mapping_info.setWordWrap(True)
        self.skip_box = QCheckBox(self.tr("Skip rows with errors: import the good rows and report the others"))
        self.full_box = QCheckBox(
            self.tr("This file is the whole portfolio: recall accounts that are not in it (they leave the queue)")
        )
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("File")), 0, 0)
        grid.addWidget(self.file_edit, 0, 1)
        grid.addWidget(file_button, 0, 2)
        grid.addWidget(QLabel(self.tr("Mapping")), 1, 0)
        grid.addWidget(self.mapping_edit, 1, 1)
        grid.addWidget(mapping_button, 1, 2)
        grid.addWidget(self.mapping_info, 2, 1, 1, 2)
        grid.addWidget(self.skip_box, 3, 1, 1, 2)
        grid.addWidget(self.full_box, 4, 1, 1, 2)
        grid.setRowStretch(5, 1)
        grid.setColumnStretch(1, 1)
        file_button.clicked.connect(self._browse_file)
        mapping_button.clicked.connect(self._browse_mapping)
        self.file_edit.textChanged.connect(self._changed)
        self.mapping_edit.textChanged.connect(self._changed)

    @Slot()
    def _browse_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Portfolio file"), "", self.tr("Portfolio files (*.csv *.txt *.tsv *.xlsx);;All files (*)")
        )
        if name:
            self.file_edit.setText(name)

    @Slot()
    def _browse_mapping(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Mapping"), "", self.tr("Mappings (*.toml)"))
        if name:
            self.mapping_edit.setText(name)

    @Slot()
    def _changed(self) -> None:
        self._wizard.mapping = None
        path = Path(self.mapping_edit.text().strip())
        if self.mapping_edit.text().strip() and path.is_file():
            try:
                self._wizard.mapping = load_mapping(path)
            except MappingError as error:
                self.mapping_info.setText(html.escape(text.render(error.message)))
                self.mapping_info.setStyleSheet("color: #b91c1c;")
            else:
                mapping = self._wizard.mapping
                self.mapping_info.setText(f"<b>{html.escape(mapping.name)}</b><br>{html.escape(mapping.description)}")
                self.mapping_info.setStyleSheet("")
        else:
            self.mapping_info.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._wizard.mapping is not None and Path(self.file_edit.text().strip()).is_file()

    def validatePage(self) -> bool:
        self._wizard.file = Path(self.file_edit.text().strip())
        return True


class PreviewPage(QWizardPage):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("PreviewPage", "Row")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Account")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Name")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Product")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Outstanding")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Arrears")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "DPD")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Zone")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Numbers")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "History")),
    )
    WIDEST = ((2, 180), (8, 210))  # name and numbers are cut (their tooltips hold the whole text)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._preview: Preview | None = None
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("The first rows of the file as the mapping reads them. Nothing is written yet."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(header) for header in self.HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.issues = IssueModel(self)
        self.issue_view = QTableView()
        self.issue_view.setModel(self.issues)
        self.issue_view.verticalHeader().setVisible(False)
        self.issue_view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(self.tr("Problems in these rows")))
        layout.addWidget(self.issue_view, 2)

    def initializePage(self) -> None:
        self._preview = None
        self.table.setRowCount(0)
        self.status.setText(self.tr("Reading the file…"))
        file, mapping, now = self._wizard.file, self._wizard.mapping, self._wizard.context.clock.now()
        assert file is not None
        assert mapping is not None
        self._wizard.run_task(lambda: preview_file(file, mapping, rows=PREVIEW_ROWS, now=now), self._shown)

    def _shown(self, preview: Preview) -> None:
        self._preview = preview
        lines = [html.escape(text.render(notice.message)) for notice in preview.notices]
        if preview.problem is not None:
            lines.insert(0, f"<span style='color:#b91c1c'><b>{html.escape(text.render(preview.problem))}</b></span>")
        elif preview.info is not None:
            info = preview.info
            kind = info.format.upper() + (f", {info.encoding}" if info.encoding else "")
            summary = self.tr("{file} ({kind}): {columns} columns")
            lines.insert(0, html.escape(summary.format(file=info.path.name, kind=kind, columns=len(info.header))))
        self.status.setText("<br>".join(lines))
        self.table.setRowCount(len(preview.rows))
        for index, row in enumerate(preview.rows):
            self._fill(index, row)
        self.issues.set_issues(repeated_once([issue for row in preview.rows for issue in row.issues]))
        self.issue_view.resizeColumnsToContents()
        self.table.resizeColumnsToContents()
        for column, widest in self.WIDEST:
            self.table.setColumnWidth(column, min(widest, self.table.columnWidth(column)))
        self.completeChanged.emit()

    def _fill(self, index: int, row: PreviewRow) -> None:
        numbers = ", ".join(
            number if dialable else self.tr("{number} (not dialable)").format(number=number)
            for number, dialable in zip(row.numbers, row.dialable, strict=True)
        )
        money = [
            text.money(value, row.currency) if value is not None else "" for value in (row.outstanding, row.arrears)
        ]
        zone = domain_text.zone_abbreviation(row.timezone) if row.timezone else self.tr("unknown")
        history = self.tr("{bills} bills, {payments} payments").format(bills=row.bills, payments=row.payments)
        problems = "\n".join(text.render(item.message) for item in row.issues)
        cells = (
            (str(row.row), ""),
            (row.account_number or "", ""),
            (row.full_name or "", row.customer_number or ""),
            (text.label(f"product.{row.product}") if row.product else "", ""),
            (money[0], ""),
            (money[1], ""),
            ("" if row.days_past_due is None else str(row.days_past_due), ""),
            (zone, row.timezone or self.tr("unknown time zone")),
            (numbers, numbers),
            (history, ""),
        )
        for column, (value, tip) in enumerate(cells):
            item = QTableWidgetItem(value)
            if tip or problems:
                item.setToolTip("\n".join(filter(None, (tip, problems))))
            if row.has_errors:
                item.setBackground(ERROR_BRUSH)
            elif row.issues:
                item.setBackground(WARNING_BRUSH)
            self.table.setItem(index, column, item)

    def isComplete(self) -> bool:
        return self._preview is not None and self._preview.problem is None


class _RunPage(QWizardPage):
    """A page that runs the importer with a progress bar and a Cancel button."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.summary: ImportSummary | None = None
        self.token: CancelToken | None = None
        self.phase = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.cancel_button = _button(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.phase)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.result)

    def start(self, dry_run: bool) -> None:
        wizard = self._wizard
        assert wizard.file is not None
        assert wizard.mapping is not None
        self.summary = None
        self.token = CancelToken()
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.result.clear()
        user = wizard.user
        options = ImportOptions(
            dry_run=dry_run,
            skip_bad_rows=wizard.choose.skip_box.isChecked(),
            full_portfolio=wizard.choose.full_box.isChecked(),
            user_id=user.id if user else None,
            run_by=user.login if user else None,
            report_path=wizard.report_path,
            language=text.language(),
        )
        context, file, mapping, token = wizard.context, wizard.file, wizard.mapping, self.token
        actor = user.id if user else None
        relay = wizard.relay
        self.completeChanged.emit()
        wizard.run_task(
            lambda: run_import(
                context.database,
                context.clock,
                file,
                mapping,
                options,
                progress=relay.progressed.emit,
                cancel=token,
                actor=actor,
            ),
            self._finished,
            self._failed,
        )

    @Slot()
    def cancel(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText(self.tr("Cancelling…"))

    def progressed(self, update: ImportProgress) -> None:
        self.phase.setText(text.render(update.message))
        self.bar.setValue(int(update.fraction * 1000))
        if update.phase is Phase.WORKLIST:  # the import is committed: nothing left to cancel
            self.cancel_button.setEnabled(False)

    def _finished(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.token = None
        self.cancel_button.setEnabled(False)
        self.bar.setValue(1000)
        self.result.setText("<br>".join(summary_lines(summary)))
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self.token = None
        self.cancel_button.setEnabled(False)
        if isinstance(error, ImportCancelledError):
            message = self.tr("Cancelled. Nothing was written.")
        elif isinstance(error, ImportFailedError):
            message = "\n".join(text.render(item) for item in error.messages)
        else:
            message = self.tr("The import failed and nothing was written: {error}").format(error=error)
        shown = html.escape(message).replace("\n", "<br>")
        self.phase.setText(f"<span style='color:#b91c1c'><b>{shown}</b></span>")
        self.completeChanged.emit()

    @property
    def running(self) -> bool:
        return self.token is not None


class DryRunPage(_RunPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Dry run"))
        self.setSubTitle(self.tr("The whole file is checked and compared with the database. Nothing is written."))
        self.issues = IssueModel(self)
        self.view = QTableView()
        self.view.setModel(self.issues)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.save_button = _button(self.tr("Save the row report…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save_report)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Import"))

    def initializePage(self) -> None:
        self.issues.set_issues([])
        self.save_button.setEnabled(False)
        self.start(dry_run=True)

    def _finished(self, summary: ImportSummary) -> None:
        super()._finished(summary)
        self.issues.set_issues(repeated_once([*summary.notices, *summary.issues]))
        self.view.resizeColumnsToContents()
        self.save_button.setEnabled(True)
        if summary.rows_with_errors and not self._wizard.choose.skip_box.isChecked():
            self.result.setText(
                self.result.text()
                + "<br><b>"
                + self.tr("Fix the file, or go back and tick “Skip rows with errors” to import the others.")
                + "</b>"
            )

    @Slot()
    def _save_report(self) -> None:
        save_report(self, self._wizard.report_path)

    def isComplete(self) -> bool:
        summary = self.summary
        if summary is None:
            return False
        return summary.rows_with_errors == 0 or self._wizard.choose.skip_box.isChecked()


class ImportPage(_RunPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import"))
        self.setSubTitle(
            self.tr(
                "All of the file goes in, or none of it if anything fails or you cancel. Agents can keep saving "
                "their calls meanwhile."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continue"))
        self.layout_.addStretch(1)

    def initializePage(self) -> None:
        self.start(dry_run=False)

    def _finished(self, summary: ImportSummary) -> None:
        super()._finished(summary)
        self._wizard.import_finished.emit(summary)
        if summary.imported:
            self._wizard.next()  # on to the summary

    def isComplete(self) -> bool:
        return self.summary is not None and self.summary.imported


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Done"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        save = _button(self.tr("Save the row report…"))
        save.clicked.connect(lambda: save_report(self, self._wizard.report_path))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignRight)

    def initializePage(self) -> None:
        summary = self._wizard.imported.summary
        assert summary is not None
        lines = summary_lines(summary)
        if summary.recalled:
            shown = ", ".join(summary.recalled[:30]) + (" …" if len(summary.recalled) > 30 else "")
            lines.append(html.escape(self.tr("Recalled: {accounts}").format(accounts=shown)))
        self.setSubTitle(self._what_happened(summary))
        self.summary.setText("<br>".join(lines))

    def _what_happened(self, summary: ImportSummary) -> str:
        """What the import did to the queue, as it happened: new customers without a number to call are flagged
        and stay out of the queue until one is added."""
        new = summary.counts.get("customers_new", 0)
        unreachable = min(summary.counts.get("customers_new_without_number", 0), new)
        if new == 0:
            return self.tr("The portfolio is in. It brought no new customers; the changes show in the queue.")
        if unreachable == new:
            return self.tr(
                "The portfolio is in, but none of its new customers ({new}) has a number to call: they are flagged "
                '"no contact point" and stay out of the queue until a number is added.'
            ).format(new=new)
        if unreachable:
            return self.tr(
                "The portfolio is in. Of {new} new customers, {queued} go into the queue with their reasons and "
                '{unreachable} stay out of it, with no number to call (flagged "no contact point") until one is added.'
            ).format(new=new, queued=new - unreachable, unreachable=unreachable)
        return self.tr("The portfolio is in. New customers ({new}) appear in the queue with their reasons.").format(
            new=new
        )


class ImportWizard(QWizard):
    """Bring a core-system file into the portfolio (supervisors and admins; the menu decides who sees it)."""

    import_finished = Signal(object)  # the ImportSummary of a completed import: refresh the queue

    def __init__(
        self,
        context: AppContext,
        user: UserSummary | None = None,
        parent: QWidget | None = None,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        # Qt ships no Indonesian for its own wizard buttons: name them ourselves so they follow the interface.
        for button, label in (
            (QWizard.WizardButton.BackButton, self.tr("< Back")),
            (QWizard.WizardButton.NextButton, self.tr("Next >")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
            (QWizard.WizardButton.FinishButton, self.tr("Finish")),
        ):
            self.setButtonText(button, label)
        self.context = context
        self.user = user
        self.background = background or Background(self)
        self.file: Path | None = None
        self.mapping: ImportMapping | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="agent-desk-wizard-")
        self.report_path = Path(self._folder.name) / "import-report.csv"
        self.relay = _ProgressRelay(self)
        self.relay.progressed.connect(self._progressed)
        self._closing = False
        self.setWindowTitle(self.tr("Import a portfolio file"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(980, 640)
        self.choose = ChoosePage(self)
        self.preview = PreviewPage(self)
        self.dry_run = DryRunPage(self)
        self.imported = ImportPage(self)
        self.done_page = DonePage(self)
        for page in (self.choose, self.preview, self.dry_run, self.imported, self.done_page):
            self.addPage(page)

    def run_task(self, fn: Any, on_result: Any, on_error: Any = None) -> None:
        def delivered(result: Any) -> None:
            if not self._closing:
                on_result(result)

        def failed(error: BaseException) -> None:
            if not self._closing:
                (on_error or self._show_error)(error)

        self.background.run(fn, delivered, failed)

    def _show_error(self, error: BaseException) -> None:
        page = self.currentPage()
        if isinstance(page, PreviewPage):
            page.status.setText(f"<span style='color:#b91c1c'>{html.escape(str(error))}</span>")

    @Slot(object)
    def _progressed(self, update: ImportProgress) -> None:
        page = self.currentPage()
        if isinstance(page, _RunPage) and page.running:
            page.progressed(update)

    def done(self, result: int) -> None:
        """Closing while an import runs cancels it (it rolls back) and waits for the worker to stop."""
        for page in (self.dry_run, self.imported):
            page.cancel()
        self._closing = True
        self.background.wait(60_000)
        self._folder.cleanup()
        super().done(result)
