"""Outcome review as the supervisor sees it: the sort arrow matches the order of the rows shown."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from agent_desk.resources import resource_path
from ui.supervisor.outcome_review import OutcomeReviewView

pytestmark = pytest.mark.gui


def _arrow_points_down(header) -> bool:  # type: ignore[no-untyped-def]
    """Find the sort arrow in the first section's picture: the rightmost run of columns with ink (pixels unlike
    their row's background). A ▼ is wider at its top than at its bottom, a ▲ the other way."""
    image = header.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    width = header.sectionSize(0) - 3  # leave out the section's border
    ink: list[tuple[int, int]] = []
    for y in range(image.height()):
        row = [image.pixel(x, y) for x in range(width)]
        background = Counter(row).most_common(1)[0][0]
        ink += [(x, y) for x, pixel in enumerate(row) if pixel != background]
    columns = {x for x, _ in ink}
    assert columns, "nothing drawn in the header"
    start = max(columns)
    while start - 1 in columns:
        start -= 1
    rows = Counter(y for x, y in ink if x >= start)
    assert len(rows) >= 3, "no sort arrow drawn"
    return rows[min(rows)] > rows[max(rows)]


@pytest.mark.parametrize("styled", [False, True])
def test_the_sort_arrow_points_the_way_the_rows_are_ordered(qtbot, context, background, users, styled) -> None:
    view = OutcomeReviewView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    if styled:  # as the desk runs, under its style sheet
        view.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    view.resize(1366, 700)
    view.show()
    qtbot.waitUntil(lambda: view.proxy.rowCount() > 2, timeout=15_000)
    header = view.table.horizontalHeader()

    def times() -> list[float]:
        return [view.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 1) for row in range(view.proxy.rowCount())]

    assert times() == sorted(times(), reverse=True)  # newest first, as the view opens
    assert _arrow_points_down(header)
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # what a click on the column does
    assert times() == sorted(times())
    assert not _arrow_points_down(header)
