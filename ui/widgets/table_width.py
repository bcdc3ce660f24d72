"""A table as wide as its columns: each column sized to its contents (with a little air), the table no wider than
their sum, so no column stretches over the free space and the eye does not travel across a blank row."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

AIR = 16  # pixels added to each column beyond its widest cell or title


def hug_columns(table: QTableView) -> None:
    """Size ``table``'s columns to their contents and cap its width at their sum; call after filling it. Put the
    table beside a stretch in its layout so the free space lies outside it."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in range(header.count()):
        need = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        header.resizeSection(column, need + AIR)
    side = table.verticalHeader().width() if table.verticalHeader().isVisible() else 0
    scroll_bar = table.verticalScrollBar().sizeHint().width()
    table.setMaximumWidth(header.length() + side + scroll_bar + 2 * table.frameWidth())
