"""Wrap-up: the disposition and notes of the call just made."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.dispositions import DispositionSpec
from ui import text


class WrapUpPane(QWidget):
    def __init__(self, catalog: list[DispositionSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapup_pane")
        title = QLabel(self.tr("Wrap-up"))
        title.setObjectName("pane_title")
        self.disposition = QComboBox()
        for spec in catalog:
            self.disposition.addItem(text.render(spec.label), spec.code)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Notes about the call"))
        self.notes.setMaximumHeight(90)
        self.save = QPushButton(self.tr("Save outcome"))
        self.save.setEnabled(False)
        self.save.setToolTip(self.tr("Available once a call has been made"))
        form = QFormLayout()
        form.addRow(self.tr("Disposition"), self.disposition)
        form.addRow(self.tr("Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addStretch(1)
