"""The import wizard for supervisors and admins: choose a file and mapping, preview, dry run, import, done.

All reading and writing runs on a worker thread (``ui.background.Background``); progress comes back through a
queued signal and Cancel sets the import's cancel token, which rolls everything back. The wizard only shows what
``agent_desk.importer`` returns.

Modules: ``wizard`` (the QWizard and its worker), ``file_pages`` (choose, preview), ``run_pages`` (dry run, import),
``done_page`` (the summary) and ``parts`` (what the pages share). Class names are the Qt translation contexts.
"""

from __future__ import annotations

from ui.import_wizard.done_page import DonePage
from ui.import_wizard.file_pages import PREVIEW_ROWS, ChoosePage, PreviewPage
from ui.import_wizard.parts import IssueModel, repeated_once, save_report, summary_lines
from ui.import_wizard.run_pages import DryRunPage, ImportPage
from ui.import_wizard.wizard import ImportWizard

__all__ = [
    "PREVIEW_ROWS",
    "ChoosePage",
    "DonePage",
    "DryRunPage",
    "ImportPage",
    "ImportWizard",
    "IssueModel",
    "PreviewPage",
    "repeated_once",
    "save_report",
    "summary_lines",
]
