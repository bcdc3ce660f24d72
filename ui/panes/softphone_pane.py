"""Placeholder for the softphone until the pjsua2 pane is wired in (ui/softphone)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class SoftphonePlaceholder(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softphone_pane")
        title = QLabel(self.tr("Softphone"))
        title.setObjectName("pane_title")
        self.state = QLabel(self.tr("Not registered — no SIP account configured"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("Number to dial"))
        self.dial = QPushButton(self.tr("Dial"))
        self.dial.setEnabled(False)
        self.dial.setToolTip(self.tr("Configure a SIP account to place calls"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(self.state)
        layout.addWidget(self.number)
        layout.addWidget(self.dial)
        layout.addStretch(1)
