"""The "no microphone or speaker" warning is where the agent looks: in sight, just under the dial controls."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from agent_desk.drafts import DraftStore
from ui.main_window import MainWindow
from ui.settings import Settings

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_the_missing_headset_warning_shows_near_the_dial_button(
    qtbot, context, background, users, tmp_path: Path, size
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context, users["agent"], Settings(), background, phone=True, drafts=DraftStore(tmp_path))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.phone is not None, timeout=10_000)
    pane = window.phone.pane  # type: ignore[union-attr]
    qtbot.wait(300)  # the phone has listed the devices there are
    pane.audio_controls._on_devices("", "")  # what the device watcher reports with no headset plugged in
    QApplication.processEvents()
    warning = pane.audio_controls.audio_message
    assert warning.text().startswith("No microphone or speaker found")
    assert warning.isVisible()
    shown = warning.visibleRegion().boundingRect()
    assert shown.height() == warning.height(), "the warning is scrolled or cut off"
    dial = window.workspace.call_bar.dial_button  # type: ignore[union-attr]
    below_dial = warning.mapTo(window, QPoint(0, 0)).y() - dial.mapTo(window, QPoint(0, dial.height())).y()
    assert 0 <= below_dial <= 80, f"the warning is {below_dial} px below the Dial button"
