"""Supervisor › Outcome review at 1366×768, beside the call detail: the table's columns fit its width (names and
dispositions elide, whole in their tooltips) and it never scrolls sideways, in English and in Indonesian."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from agent_desk.drafts import DraftStore
from tests.ui.fit import cut_text
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.supervisor.outcome_review import OutcomeReviewView

pytestmark = [pytest.mark.gui]


def test_the_outcome_review_table_fits_without_scrolling_sideways(  # type: ignore[no-untyped-def]
    qtbot, qapp, context, background, users, tmp_path: Path, desk_language: str
) -> None:
    window = MainWindow(context, users["supervisor"], Settings(), background, drafts=DraftStore(tmp_path / "d"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    review = window.findChild(OutcomeReviewView)
    window.tabs.setCurrentWidget(review.parentWidget() if window.tabs.indexOf(review) < 0 else review)
    qtbot.waitUntil(lambda: review.model.rowCount() > 0, timeout=10_000)
    background.wait()
    qtbot.wait(50)
    table = review.table
    assert table.isVisible()
    assert table.horizontalScrollBar().maximum() == 0, (
        f"the outcome table scrolls sideways by {table.horizontalScrollBar().maximum()}px"
    )
    assert cut_text(review) == []
    header = table.horizontalHeader()
    shown = [header.sectionSize(c) for c in range(header.count())]
    assert all(size > 0 for size in shown)
    splitter = review.findChild(QSplitter)
    splitter.setSizes([760, 584])  # the supervisor widens the call detail: the columns give way again
    qtbot.wait(50)
    assert table.horizontalScrollBar().maximum() == 0, (
        f"with a wider detail the table scrolls sideways by {table.horizontalScrollBar().maximum()}px"
    )
    assert cut_text(review) == []
    # Where a name or a disposition is cut, the view elides it and its tooltip holds it whole.
    index = review.proxy.index(0, 2)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data(Qt.ItemDataRole.DisplayRole)
    window.resize(1920, 1080)  # a wider screen gives the columns their whole width back
    qtbot.wait(50)
    assert table.horizontalScrollBar().maximum() == 0
    assert cut_text(review) == []
