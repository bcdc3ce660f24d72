"""The call script (interim view; the staged script and negotiation pane replaces this module, same API)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from agent_desk.worklist import CustomerProfile


class ScriptPane(QWidget):
    plan_ready = Signal(object)
    stage_changed = Signal(str)

    def __init__(self, context: AppContext, user: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        del context, user
        self.setObjectName("script_pane")
        title = QLabel(self.tr("Script"))
        title.setObjectName("pane_title")
        self.body = QTextBrowser()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(self.body, 1)
        self.clear()

    @property
    def stage_reached(self) -> str | None:
        return None

    @property
    def objections_met(self) -> tuple[str, ...]:
        return ()

    def show_customer(self, profile: CustomerProfile, *, purpose: str | None, recording: bool) -> None:
        del purpose, recording
        self.body.setHtml(
            self.tr(
                "<h3>Greeting and verification</h3><p>“Selamat pagi, boleh saya bicara dengan "
                "Bapak/Ibu <b>{name}</b>?”</p>"
            ).format(name=profile.full_name)
        )

    def clear(self) -> None:
        self.body.setHtml(self.tr("<p>Open a customer to see the call script.</p>"))
