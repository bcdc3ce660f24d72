"""The pages that run the importer on the worker thread: the dry run (nothing written) and the import itself."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from agent_desk.importer import (
    CancelToken,
    ImportCancelledError,
    ImportFailedError,
    ImportOptions,
    ImportProgress,
    ImportSummary,
    Phase,
    run_import,
)
from ui import text
from ui.import_wizard.parts import IssueModel, page_button, repeated_once, save_report, summary_lines

if TYPE_CHECKING:
    from ui.import_wizard.wizard import ImportWizard


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
        self.cancel_button = page_button(self.tr("Cancel"))
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
        self.save_button = page_button(self.tr("Save the row report…"))
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
