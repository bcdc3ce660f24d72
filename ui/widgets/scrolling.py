"""A pane that scrolls inside itself instead of pushing the window past the screen."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolling(widget: QWidget, name: str = "") -> QScrollArea:
    """``widget`` in a frameless scroll area: as tall as the space given, scrolling when its content is taller."""
    area = QScrollArea()
    area.setObjectName(name or f"{widget.objectName()}_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area
