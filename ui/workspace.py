"""The agent workspace: queue, customer profile, script, softphone and wrap-up side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from agent_desk.context import AppContext
from agent_desk.dispositions import load_catalog
from agent_desk.portfolio import CustomerBasics, CustomerRow, customer_basics, customer_rows
from db.models import Role
from ui.background import Background
from ui.panes.profile_pane import ProfilePane
from ui.panes.queue_pane import QueuePane
from ui.panes.script_pane import ScriptPane
from ui.panes.softphone_pane import SoftphonePlaceholder
from ui.panes.wrapup_pane import WrapUpPane


class AgentWorkspace(QWidget):
    """Composes the five panes; each pane is its own module and knows nothing of the others."""

    def __init__(self, context: AppContext, background: Background, role: Role, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agent_workspace")
        self._context = context
        with context.database.session() as session:
            catalog = load_catalog(session)
        self.queue = QueuePane(self._fetch_page)
        self.profile = ProfilePane(self._load_customer, background, context.clock)
        self.script = ScriptPane()
        self.softphone = SoftphonePlaceholder()
        self.wrapup = WrapUpPane(catalog)

        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.profile)
        middle.addWidget(self.script)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.softphone)
        right.addWidget(self.wrapup)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.queue)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.queue.customer_selected.connect(self.profile.show_customer)
        self.profile.customer_loaded.connect(self.script.show_customer)
        del role  # every role sees the same workspace until supervisor tools arrive

    def _fetch_page(self, offset: int, limit: int, search: str) -> list[CustomerRow]:
        with self._context.database.session() as session:
            return customer_rows(session, offset=offset, limit=limit, search=search)

    def _load_customer(self, customer_id: int) -> CustomerBasics | None:
        with self._context.database.session() as session:
            return customer_basics(session, customer_id)

    def refresh_queue(self, *_args: object) -> None:
        """Reload the queue (after an import, a rebuild, or a change made elsewhere)."""
        self.queue.model.set_search(self.queue.search.text())
