"""A table as wide as its columns: each column sized to its contents, the table no wider than their sum, so no
column stretches over the free space and the eye does not travel across a blank row."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QTableWidget, QWidget


class SnugTable(QTableWidget):
    """Columns sized to their contents; the table asks for their summed width and takes no more (it may get less,
    and scrolls, in a narrow window). New rows, the style sheet or another language resize it as they come."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(self.updateGeometry)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        side = self.verticalHeader().width() if self.verticalHeader().isVisible() else 0
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        return QSize(self.horizontalHeader().length() + side + scroll_bar + 2 * self.frameWidth(), hint.height())
