"""The banner across the top of the window while the database cannot be reached."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from agent_desk.text import Message
from ui import text


class DatabaseBanner(QLabel):
    """Hidden while the database answers; says what the desk does meanwhile when it does not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("db_banner")
        self.setWordWrap(True)
        self.setVisible(False)

    @Slot(int)
    def show_lost(self, waiting: int) -> None:
        message = Message.of("outage.banner_waiting", count=waiting) if waiting else Message.of("outage.banner")
        self.setText("⚠ " + text.render(message))
        self.setVisible(True)

    @Slot(int)
    def show_back(self, _saved: int) -> None:
        self.setVisible(False)
