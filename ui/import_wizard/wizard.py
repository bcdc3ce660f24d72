"""The import wizard itself: its five pages in order, the worker thread they share, and closing mid-import."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget, QWizard

from agent_desk.context import AppContext
from agent_desk.importer import ImportMapping, ImportProgress
from agent_desk.portfolio import UserSummary
from ui.background import Background
from ui.import_wizard.done_page import DonePage
from ui.import_wizard.file_pages import ChoosePage, PreviewPage
from ui.import_wizard.run_pages import DryRunPage, ImportPage, _RunPage


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the GUI thread."""

    progressed = Signal(object)


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
