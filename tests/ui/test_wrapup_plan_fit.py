"""On the agent's desk at 1366×768 a plan used in the wrap-up fits in the right-hand column without scrolling,
in English and in Indonesian: outcome, plan, how the customer pays, reason, notes and Save all in sight; and the
phone above it does not scroll either (its headset pickers fold behind a toggle)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QScrollArea

from agent_desk.drafts import DraftStore
from tests.ui.conftest import quote_a_plan, record_call
from ui.main_window import MainWindow
from ui.settings import Settings

pytestmark = [pytest.mark.gui]


def test_wrapup_with_a_plan_fits_without_scrolling(  # type: ignore[no-untyped-def]
    qtbot, qapp, context, background, users, tmp_path: Path, desk_language: str
) -> None:
    window = MainWindow(context, users["agent"], Settings(), background, drafts=DraftStore(tmp_path / "d"), phone=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: workspace.phone is not None, timeout=20_000)
    loop = workspace.loop
    loop.next_customer()
    qtbot.waitUntil(lambda: loop.current is not None, timeout=10_000)
    while loop.current.purpose != "collect":
        before = loop.current.profile.id
        loop.skip("other")
        qtbot.waitUntil(lambda b=before: loop.current is not None and loop.current.profile.id != b, timeout=10_000)
    assert workspace.phone.pane.audio_controls.isVisible()  # a customer open: the phone shows its pickers
    workspace.wrapup._select("promise_to_pay")
    workspace.save()  # no amount, no call: what is missing shows above Save
    qtbot.waitUntil(lambda: bool(workspace.wrapup.problems.text()), timeout=5_000)
    qtbot.wait(100)
    phone = workspace.findChild(QScrollArea, "softphone_scroll")
    area = workspace.findChild(QScrollArea, "wrapup_scroll")
    assert phone.verticalScrollBar().maximum() == 0, (
        f"after an error the phone scrolls by {phone.verticalScrollBar().maximum()}px"
    )
    assert area.verticalScrollBar().maximum() == 0, (
        f"after an error the wrap-up scrolls by {area.verticalScrollBar().maximum()}px"
    )
    record_call(qtbot, window)
    quote_a_plan(qtbot, workspace).use()
    workspace.wrapup.notes.setPlainText("Sanggup cicil tiga kali; gaji masuk tanggal 25")
    qtbot.wait(300)
    window.grab().save(str(tmp_path / f"wrapup-plan-{desk_language}.png"))
    assert workspace.wrapup.plan is not None and workspace.wrapup.plan_row.isVisible()
    assert area.verticalScrollBar().maximum() == 0, f"the wrap-up scrolls by {area.verticalScrollBar().maximum()}px"
    assert phone.verticalScrollBar().maximum() == 0, f"the phone scrolls by {phone.verticalScrollBar().maximum()}px"
    pane = workspace.phone.pane
    assert pane.hold_button.isVisible() and pane.state_label.isVisible()
    assert not pane.audio_controls.isVisible() and pane.headset_toggle.isVisible()  # folded behind the toggle
    pane.headset_toggle.click()
    assert pane.audio_controls.isVisible() and pane.audio_controls.input_combo.isVisible()
    window.resize(1920, 1080)  # a taller screen: the phone whole again, the spare height to the notes
    qtbot.waitUntil(lambda: pane.audio_controls.isVisible() and not pane.headset_toggle.isVisible(), timeout=5_000)
    assert phone.verticalScrollBar().maximum() == 0
    wrapup = workspace.wrapup
    summary = max(wrapup.plan_head.sizeHint().height(), wrapup.plan_label.heightForWidth(wrapup.plan_label.width()))
    assert wrapup.plan_row.height() <= summary + 2, f"the plan's row is {wrapup.plan_row.height()}px for {summary}"
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not pane.audio_controls.isVisible(), timeout=5_000)
    assert phone.verticalScrollBar().maximum() == 0
    workspace.wrapup.plan_remove.click()  # amount and date rows come back instead: still no scrolling
    qtbot.wait(100)
    assert phone.verticalScrollBar().maximum() == 0, f"the phone scrolls by {phone.verticalScrollBar().maximum()}px"
    assert area.verticalScrollBar().maximum() == 0, f"the wrap-up scrolls by {area.verticalScrollBar().maximum()}px"
    assert workspace.wrapup.save_button.isVisible()
    assert window.height() <= 768
