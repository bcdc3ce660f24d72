"""The PRACTICE banner: across the top of the practice window the whole time, impossible to miss."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QToolButton, QWidget

BANNER_STYLE = (
    "QFrame#practice_banner { background: #7c2d12; border-bottom: 3px solid #f59e0b; }"
    "QFrame#practice_banner QLabel { color: white; }"
    "QLabel#practice_word { font-size: 18px; font-weight: 800; letter-spacing: 3px; color: #fde68a; }"
    "QFrame#practice_banner QPushButton { background: #fde68a; color: #7c2d12; font-weight: 700; padding: 4px 12px; }"
    "QFrame#practice_banner QToolButton { color: white; background: transparent; border: 1px solid #fde68a;"
    " border-radius: 4px; padding: 3px 8px; }"
)
BANNER_COLOUR = "#7c2d12"


class PracticeBanner(QFrame):
    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice_banner")
        self.setStyleSheet(BANNER_STYLE)
        self.word = QLabel(self.tr("PRACTICE"))
        self.word.setObjectName("practice_word")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.end_button = QPushButton(self.tr("End practice"))
        self.end_button.clicked.connect(self.end_requested)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("practice_menu")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.menu_button)
        layout.addWidget(self.word)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.end_button)

    def set_menu(self, menu: QMenu) -> None:
        """The window's menu, opened from the banner (the practice window has no menu bar: it would cost a row)."""
        self.menu_button.setMenu(menu)
        self.menu_button.setText(menu.title())
        self.menu_button.setVisible(True)

    def show_scenario(self, title: str, customer: str, *, live: bool) -> None:
        if live:
            text = self.tr("Live role-play: {title} · your trainer plays {customer} · sandbox, no real customer")
        else:
            text = self.tr("Scenario: {title} · simulated customer {customer} · sandbox, no real customer")
        self.detail.setText(text.format(title=title, customer=customer))
