"""The trainer's console: scenarios (preview and check), assignments, sessions to review, progress, live role-play.

Everything it reads and writes is in the practice database; the trainees are the production users copied in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from agent_desk.practice.scenario import Scenario
from agent_desk.practice.validate import library, validate
from agent_desk.text import LANGUAGES, Message
from ui import text
from ui.practice.console_assign import AssignmentsTab
from ui.practice.console_progress import ProgressTab
from ui.practice.console_sessions import SessionsTab
from ui.practice.live_sheet import LiveRolePlayTab
from ui.practice.scenario_card import scenario_html

ROLE = Qt.ItemDataRole.UserRole


class TrainerConsole(QWidget):
    def __init__(self, context: AppContext, user: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainer_console")
        self.context = context
        self.user = user
        title = QLabel(self.tr("Practice"))
        title.setObjectName("pane_title")
        hint = QLabel(
            self.tr(
                "Role-play for collectors: assign scenarios, review sessions with their recordings, follow progress, "
                "or play the customer yourself. Practice runs in its own database; no real customer is involved."
            )
        )
        hint.setWordWrap(True)
        self.scenarios = ScenariosTab()
        self.assignments = AssignmentsTab(context, user)
        self.sessions = SessionsTab(context)
        self.progress = ProgressTab(context)
        self.live = LiveRolePlayTab(context, user)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trainer_tabs")
        self.tabs.addTab(self.scenarios, self.tr("Scenarios"))
        self.tabs.addTab(self.assignments, self.tr("Assignments"))
        self.tabs.addTab(self.sessions, self.tr("Sessions"))
        self.tabs.addTab(self.progress, self.tr("Progress"))
        self.tabs.addTab(self.live, self.tr("Live role-play"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()

    def stop(self) -> None:
        """The window closes: the live role-play's phone goes."""
        self.live.stop()


class ScenariosTab(QWidget):
    """The library: each scenario's persona, debt and dialogue, in either language; *Check all* validates them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(code.upper(), code)
        self.language.setCurrentIndex(max(self.language.findData(text.language()), 0))
        self.check_button = QPushButton(self.tr("Check all scenarios"))
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("scenario_list")
        self.preview = QTextBrowser()
        self.preview.setObjectName("scenario_preview")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Language")))
        top.addWidget(self.language)
        top.addStretch(1)
        top.addWidget(self.check_button)
        self.list.setMinimumWidth(300)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 2)
        split.setSizes([340, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.check_result)
        layout.addWidget(split, 1)
        self._scenarios: list[Scenario] = []
        self.language.currentIndexChanged.connect(self.refresh)
        self.list.currentRowChanged.connect(self._show)
        self.check_button.clicked.connect(self.check)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._scenarios = library(str(self.language.currentData()))
        self.list.blockSignals(True)
        self.list.clear()
        for scenario in self._scenarios:
            stars = "★" * scenario.difficulty
            item = QListWidgetItem(f"{scenario.title}  {stars}")
            item.setData(ROLE, scenario.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self._scenarios:
            self.list.setCurrentRow(0)
            self._show(0)

    @Slot()
    def check(self) -> None:
        result = validate()
        if result.ok:
            self.check_result.setStyleSheet("color: #15803d;")
            self.check_result.setText(text.render(Message.of("practice.validate.ok", count=len(result.files))))
            return
        self.check_result.setStyleSheet("color: #b91c1c;")
        shown = [problem.render(text.language()) for problem in result.problems[:8]]
        more = len(result.problems) - len(shown)
        self.check_result.setText("\n".join(shown) + (f"\n… +{more}" if more > 0 else ""))

    @Slot(int)
    def _show(self, row: int) -> None:
        if row < 0 or row >= len(self._scenarios):
            self.preview.clear()
            return
        self.preview.setHtml(scenario_html(self._scenarios[row]))
