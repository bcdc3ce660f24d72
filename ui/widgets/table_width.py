"""A table as wide as its columns: each column sized to its contents, the table no wider than their sum, so no
column stretches over the free space and the eye does not travel across a blank row; and columns kept within a
table's width where it is given less than they want."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QTableView, QTableWidget, QWidget


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


class ColumnsToWidth(QObject):
    """Keeps a table's columns within its width: each sized to its contents, and where together they are wider
    than the table, the ``flexible`` ones (names, labels) give up their width, down to their header's, and elide
    (the model gives their whole text as a tooltip). The table never scrolls sideways while that is enough."""

    def __init__(self, table: QTableView, flexible: Sequence[int]) -> None:
        super().__init__(table.viewport())  # goes with the viewport it watches
        self.table = table
        self._viewport = table.viewport()
        self.flexible = tuple(flexible)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        self._viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self._refit.start()  # once the header too has its new width
        return False

    def fit(self) -> None:
        """Size the columns to their contents, then take the excess from the flexible columns, widest first (after
        new rows, and whenever the table's width changes)."""
        table, header = self.table, self.table.horizontalHeader()
        wants = {c: max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(header.count())}
        room = table.viewport().width()
        excess = sum(wants.values()) - room
        if excess > 0 and room > 0:
            flexible = {column: wants[column] for column in self.flexible if column in wants}
            floors = {column: min(size, header.sectionSizeHint(column)) for column, size in flexible.items()}

            def given_up(cap: int) -> int:  # the width the flexible columns give up when none is wider than cap
                return sum(size - max(floors[column], min(size, cap)) for column, size in flexible.items())

            low, high = 0, max(flexible.values(), default=0)  # the widest cap giving up enough: a binary search
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if given_up(middle) >= excess else (low, middle - 1)
            wants.update({column: max(floors[column], min(size, low)) for column, size in flexible.items()})
        for column, size in wants.items():
            header.resizeSection(column, size)
