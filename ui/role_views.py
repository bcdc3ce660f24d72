"""Pieces shared by the views supervisors, trainers and admins see beside (or instead of) the agent workspace."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class TitledView(QWidget):
    """A view with a title and a line saying what it is for; the body goes below (given, or added to ``layout``)."""

    def __init__(self, title: str, hint: str, body: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pane_title")
        note = QLabel(hint)
        note.setWordWrap(True)
        self.body_layout = QVBoxLayout(self)
        self.body_layout.addWidget(heading)
        self.body_layout.addWidget(note)
        if body is not None:
            self.body_layout.addWidget(body, 1)
