"""The wizard's last page: what the import did, in the agents' terms, and the row report."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from agent_desk.importer import ImportSummary
from ui.import_wizard.parts import page_button, save_report, summary_lines

if TYPE_CHECKING:
    from ui.import_wizard.wizard import ImportWizard


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Done"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        save = page_button(self.tr("Save the row report…"))
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
                "The portfolio is in. Of {new} new customers, {queued} went into the queue with their reasons and "
                '{unreachable} will stay out of it, with no number to call (flagged "no contact point") until one is '
                "added."
            ).format(new=new, queued=new - unreachable, unreachable=unreachable)
        return self.tr("The portfolio is in. New customers ({new}) appear in the queue with their reasons.").format(
            new=new
        )
