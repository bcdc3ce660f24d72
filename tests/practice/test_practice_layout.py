"""The practice desk at 1366×768 as a trainee sees it, in English and in Bahasa Indonesia: the banner costs no
column its room (the phone and the wrap-up show whole), and the queue's reason for the practice customer reads
whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QScrollArea, QStyleOptionViewItem

from ui.panes.queue_pane import WHY_ROLE
from ui.practice.launch import PracticeRequest, begin

pytestmark = [pytest.mark.gui]


# What the queue's reason starts with: the expected recovery, in the interface language.
RECOVERY = {"en": "Expected recovery", "id": "Perkiraan tertagih"}


@pytest.fixture
def practice_window(qtbot, desk_language, gui_context, background, people):  # type: ignore[no-untyped-def]
    # A live role-play needs no simulated debtor's line: the window is the same.
    request = PracticeRequest("lost_job", "en", mode="live", live_uri="sip:trainer@127.0.0.1:5999")
    window = begin(gui_context, people["agent01"], background, request, audio=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.workspace.loop.current is not None, timeout=10_000)
    qtbot.wait(300)
    yield window
    window.close()


def test_the_phone_and_the_wrap_up_do_not_scroll_at_1366x768(practice_window) -> None:  # type: ignore[no-untyped-def]
    scrolled = {}
    for name in ("softphone_scroll", "wrapup_scroll"):
        area = practice_window.findChild(QScrollArea, name)
        assert area is not None and area.isVisible(), name
        if area.verticalScrollBar().maximum() > 0 or area.horizontalScrollBar().maximum() > 0:
            scrolled[name] = (area.widget().height(), area.viewport().height())
    assert scrolled == {}, "these scroll (needed px, shown px)"


def test_the_queue_shows_the_whole_reason_for_the_practice_customer(qtbot, practice_window, desk_language) -> None:  # type: ignore[no-untyped-def]
    queue = practice_window.workspace.queue
    index = queue.model.index(0, 0)
    why = index.data(WHY_ROLE)
    assert why.startswith(RECOVERY[desk_language]) and len(why) > 60  # longer than the column is wide
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert all(part in tip for part in why.split("; ")), (why, tip)
    practice_window.resize(1280, 768)  # a narrower window: the reason wraps anew
    queue.refresh()  # and the queue reloads (as it does every minute and after each call)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1 and not queue.model.loading, timeout=5000)
    QApplication.processEvents()
    option = QStyleOptionViewItem()
    option.initFrom(queue.view)
    needed = queue.why_delegate.why_height(option, index, queue.view.columnWidth(0))
    assert needed > QFontMetrics(option.font).height()  # it takes more than one line at this width
    assert queue.view.rowHeight(0) >= needed + QFontMetrics(option.font).height(), "the reason is cut short"
    shown = queue.view.viewport().rect()
    assert shown.contains(queue.view.visualRect(index)), (
        f"the row shows {shown.height()} px of its {queue.view.rowHeight(0)}"
    )
