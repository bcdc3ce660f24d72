"""The plan calculator's read-back is what the agent reads aloud: at 1366×768 it is whole on screen, no scrolling."""

from __future__ import annotations

import pytest

from tests.ui.conftest import open_next, record_call
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("language", "payments"), [("id", 3), ("en", 6)])
def test_the_read_back_needs_no_scrolling_at_1366x768(qtbot, window: MainWindow, language, payments) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    open_next(qtbot, window)
    while workspace.loop.current is not None and workspace.loop.current.purpose != "collect":
        open_next(qtbot, window)  # a locate-only call has no plan to read back
    record_call(qtbot, window)
    script = workspace.script
    script.language_box.setCurrentIndex(script.language_box.findData(language))
    script.show_plan()
    panel = script.plan
    panel.payments.setValue(payments)
    panel.income.setText("6.000.000")
    panel.expenses.setText("4.000.000")
    panel.quote_now()
    qtbot.waitUntil(lambda: panel.quote is not None and len(panel.quote.schedule) == payments, timeout=5000)
    qtbot.wait(50)
    read_back = panel.read_back
    assert read_back.isVisible() and read_back.visibleRegion().boundingRect().height() == read_back.height()
    assert read_back.verticalScrollBar().maximum() == 0, (
        f"the read-back needs {read_back.document().size().height():.0f} px, shows {read_back.viewport().height()}"
    )
    assert panel.use_button.isVisible()
