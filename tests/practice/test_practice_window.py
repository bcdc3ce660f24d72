"""A whole practice session in the real windows: the trainer assigns, the trainee starts it from their Practice
tab, dials the simulated debtor on the practice line, talks through the workspace and the reply box, the debtor
hangs up, the wrap-up is saved and the feedback report shows — and the production database is untouched, no
production customer ever on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from agent_desk.drafts import DraftStore
from agent_desk.practice.store import recording, session_report, sessions
from agent_desk.softphone import CallSnapshot, EndReason
from db.models import Customer
from tests.practice.helpers import table_contents
from ui.main_window import MainWindow
from ui.practice.launch import begin, practice_database
from ui.practice.report_view import export_pdf
from ui.settings import Settings

pytestmark = [pytest.mark.gui, pytest.mark.sip, pytest.mark.slow]


def _stage(workspace, code: str) -> None:  # type: ignore[no-untyped-def]
    run = workspace.script.run
    row = [stage.code for stage in run.script.stages].index(code)
    workspace.script.stages.setCurrentRow(row)


def test_a_whole_session_from_the_assignment_to_the_report(
    qtbot, gui_context, background, people, espeak, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with gui_context.database.session() as session:
        production_names = {name for (name,) in session.query(Customer.full_name)}

    # The trainer assigns "Forgot the due date" (English) to Dewi in the console.
    trainer = MainWindow(gui_context, people["budi.trainer"], Settings(), background, drafts=DraftStore(tmp_path / "t"))
    qtbot.addWidget(trainer)
    trainer.show()
    console = trainer.practice_console
    console.tabs.setCurrentWidget(console.assignments)
    tab = console.assignments
    qtbot.waitUntil(lambda: tab.trainee.count() > 0)
    tab.trainee.setCurrentIndex(tab.trainee.findData("agent01"))
    tab.language.setCurrentIndex(tab.language.findData("en"))
    tab.scenario.setCurrentIndex(tab.scenario.findData("forgot_due_date"))
    qtbot.mouseClick(tab.assign_button, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 1 and "Forgot the due date" in tab.table.item(0, 1).text()
    trainer.close()

    # The trainee sees it in their Practice tab and starts it: the desk closes, the practice window opens.
    desk = MainWindow(gui_context, people["agent01"], Settings(), background, drafts=DraftStore(tmp_path / "a"))
    qtbot.addWidget(desk)
    desk.show()
    desk.start()
    desk.tabs.setCurrentWidget(desk.practice_tab)
    view = desk.practice_view
    qtbot.waitUntil(lambda: view.assignment_table.rowCount() == 1)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert desk.practice_request is not None and not desk.isVisible()
    background.wait()
    production_before = table_contents(gui_context.database)  # from here on it is practice only
    window = begin(gui_context, people["agent01"], background, desk.practice_request, audio=False)
    qtbot.addWidget(window)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.loop.current is not None)

    # PRACTICE everywhere; only the scenario's customer, never one of production's.
    assert window.windowTitle().startswith("PRACTICE") and window.banner.isVisible()
    assert window.status_word.text() == "PRACTICE" and "practice" in window.db_label.text()
    profile = workspace.loop.current.profile
    assert profile.full_name == "Budi Hartono" and profile.customer_number.startswith("PRACTICE-")
    assert workspace.queue.model.rowCount() == 1
    assert profile.full_name not in production_names

    ended: list[CallSnapshot] = []
    window.phone.pane.call_ended.connect(ended.append)
    qtbot.mouseClick(workspace.call_bar.dial_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller.session.connected, timeout=15_000)
    assert window.phone.adapter.active_call.remote_uri.startswith("sip:debtor@127.0.0.1")
    assert window.subtitles.current == "Hello?"

    def say(intent: str, expect: str) -> None:
        qtbot.waitUntil(lambda: intent in window.reply.intents())
        window.reply.choose(intent)
        qtbot.waitUntil(lambda: expect in window.subtitles.current)

    say("ask_for_customer", "this is Budi speaking")
    say("ask_identity", "fourteenth of April")
    qtbot.mouseClick(workspace.script.verify_button, Qt.MouseButton.LeftButton)  # and the purpose stage it opens
    qtbot.waitUntil(lambda: "never got the statement" in window.subtitles.current)
    workspace.script.choose_objection("bill_not_received")
    qtbot.waitUntil(lambda: "how can I pay it" in window.subtitles.current)
    window.reply.field.setText("May I ask what got in the way of the payment?")
    qtbot.keyClick(window.reply.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "moved house" in window.subtitles.current)
    window.reply.choose("acknowledge")
    qtbot.waitUntil(lambda: "how can I pay it" in window.subtitles.current)
    _stage(workspace, "educate")
    qtbot.waitUntil(lambda: "on Friday" in window.subtitles.current)
    _stage(workspace, "read_back")
    qtbot.waitUntil(lambda: "Thank you for reminding me" in window.subtitles.current)
    # The debtor hangs up by itself (a BYE), as a customer would.
    qtbot.waitUntil(lambda: bool(ended), timeout=20_000)
    assert ended[0].end_reason is EndReason.REMOTE_HANGUP and ended[0].answered

    wrapup = workspace.wrapup
    qtbot.waitUntil(lambda: wrapup.isEnabled() and wrapup.disposition.isEnabled())
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("promise_to_pay"))
    wrapup.amount.setText("1.250.000")
    window.keys["save"].trigger()  # Ctrl+S, as on the desk
    qtbot.waitUntil(lambda: window.controller.report is not None, timeout=10_000)
    assert window.pages.currentWidget() is window.report_view

    report = window.controller.report
    assert report.end_state == "promise" and not report.failed
    kinds = [entry.kind for entry in report.entries]
    assert kinds[:3] == ["connected", "hello", "intent:ask_for_customer"]
    assert "verify+stage:purpose_disclosure" in kinds and "objection:bill_not_received" in kinds
    assert kinds[-1] == "wrap_up" and report.entries[-1].detail == "promise_to_pay"
    points = {item.code: (item.earned, item.possible) for item in report.items if item.applies}
    assert points["verification"] == (20, 20) and points["objections"] == (15, 15)
    assert points["reason"] == (10, 10) and points["payment_info"] == (10, 10) and points["read_back"] == (10, 10)
    assert "plan" not in points
    shown = window.report_view.browser.toPlainText()
    assert f"{report.score} / 100" in shown and "Transcript" in shown and "fourteenth of April" in shown
    pdf = tmp_path / "report.pdf"
    export_pdf(report, pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000

    background.wait()
    practice = practice_database(gui_context)
    (row,) = [s for s in sessions(practice) if s.status == "finished"]
    assert (row.score, row.end_state, row.mode) == (report.score, "promise", "simulated")
    assert row.scenario == "forgot_due_date"
    stored, _sheet = session_report(practice, row.id)
    assert stored == report
    wav = recording(practice, row.id)
    assert wav is not None and wav.startswith(b"RIFF") and len(wav) > 32_000 * 5  # both voices, several seconds
    with practice.session() as session:
        numbers = {number for (number,) in session.query(Customer.customer_number)}
    assert numbers and all(number.startswith("PRACTICE-") for number in numbers)
    window.close()

    # Nothing of it reached the production database.
    assert table_contents(gui_context.database) == production_before
