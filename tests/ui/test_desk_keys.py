"""The desk by keyboard and as a new user meets it: keys for every step of the script and the plan, Tab through the
wrap-up, the queue filtering as one types (off the GUI thread), a dial with no SIP account recorded as nothing,
a manual call entered from its dialog, F1 per role, the language in Preferences."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary
from db.models import Interaction, Outcome
from tests.ui.conftest import open_next, record_call
from ui.background import Background
from ui.main_window import MainWindow
from ui.panes.script_pane import PLAN_TAB
from ui.settings import LANGUAGE, Settings


def _interactions(context: AppContext, customer_id: int) -> int:
    with context.database.session() as session:
        return int(
            session.scalar(select(func.count()).select_from(Interaction).where(Interaction.customer_id == customer_id))
            or 0
        )


def test_keys_confirm_the_customer_open_the_calculator_and_move_the_plan(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    open_next(qtbot, window)
    record_call(qtbot, window, confirm=False)
    script, wrapup = workspace.script, workspace.wrapup
    window.loop_actions["plan"].trigger()  # Ctrl+P before the customer is confirmed: refused, with the reason
    assert script.tabs.currentIndex() != PLAN_TAB and "Confirm the right person" in script.verified_label.text()
    window.loop_actions["right_party"].trigger()  # Ctrl+R
    assert script.right_party_confirmed
    window.loop_actions["plan"].trigger()  # Ctrl+P
    assert script.tabs.currentIndex() == PLAN_TAB
    panel = script.plan
    panel.payments.setValue(3)
    panel.quote_now()
    qtbot.waitUntil(lambda: panel.quote is not None and panel.use_button.isEnabled(), timeout=5000)
    window.loop_actions["use_plan"].trigger()  # Ctrl+U
    assert wrapup.plan is not None and wrapup.disposition_code == "promise_to_pay"
    window.loop_actions["remove_plan"].trigger()  # Ctrl+Shift+U
    assert wrapup.plan is None and not wrapup.amount.isReadOnly()


def test_someone_else_by_key_switches_script_and_keeps_plans_away(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    open_next(qtbot, window)
    window.loop_actions["someone_else"].trigger()  # Ctrl+T
    script = workspace.script
    assert script.run is not None and script.run.script.variant == "third_party"
    assert not script.right_party_confirmed and not script.tabs.isTabEnabled(PLAN_TAB)
    assert script.variant_label.toolTip()  # the long third-party title is whole in its tooltip


def test_tab_goes_through_the_wrap_up_to_notes_then_save(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    open_next(qtbot, window)
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("refused"))
    window.activateWindow()
    wrapup.disposition.setFocus()
    qtbot.waitUntil(wrapup.disposition.hasFocus, timeout=2000)
    presses = 0
    while not wrapup.notes.hasFocus() and presses < 20:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        presses += 1
    assert wrapup.notes.hasFocus(), f"Tab never reached Notes (focus on {QApplication.focusWidget()})"
    assert presses <= 3  # disposition → reason for arrears → notes
    qtbot.keyClick(wrapup.notes, Qt.Key.Key_Tab)
    assert wrapup.save_button.hasFocus()  # Tab leaves the notes instead of typing a tab into them


def test_the_queue_filters_as_one_types_off_the_gui_thread(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    queue = window.workspace.queue  # type: ignore[union-attr]
    model = queue.model
    target = model.line_at(2)
    assert target is not None and model.rowCount() > 1
    threads: list[str] = []
    fetch = model._fetch_page

    def recording(offset: int, limit: int, waiting: bool, search: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return fetch(offset, limit, waiting, search)

    model._fetch_page = recording
    before = model.rowCount()
    qtbot.keyClicks(queue.search, target.customer_number)  # typing, no Enter
    assert model.rowCount() == before and not threads  # nothing is asked while the agent is still typing
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 1, timeout=5000)
    assert model.line_at(0) == target
    assert threads and all(name != threading.main_thread().name for name in threads)
    assert queue.search_status.text() == "1 found"
    queue.search.clear()  # cleared: the whole queue again, at once
    assert model.rowCount() == before and not queue.search_status.text()


def test_opening_another_customer_says_why_not(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    opened = open_next(qtbot, window)
    queue = workspace.queue
    other = next(row for row in range(queue.model.rowCount()) if queue.model.line_at(row).customer_id != opened)  # type: ignore[union-attr]
    queue.view.doubleClicked.emit(queue.model.index(other, 0, QModelIndex()))
    name = workspace.loop.current.profile.full_name  # type: ignore[union-attr]
    assert window.statusBar().currentMessage().startswith(f"{name} is open")
    assert workspace.loop.current.profile.id == opened  # type: ignore[union-attr]


def test_a_dial_with_no_sip_account_records_nothing_and_a_manual_call_carries_the_promise(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context, users["agent"], Settings(), background, phone=True, drafts=DraftStore(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    workspace = window.workspace
    assert workspace is not None and window.phone is not None
    customer = open_next(qtbot, window)
    before = _interactions(context, customer)
    window.loop_actions["dial"].trigger()  # the demo agent has no SIP account: nothing leaves the desk
    message = window.statusBar().currentMessage()
    assert message.startswith("The call was not placed, so nothing was recorded"), message
    window.phone.interactions.flush()
    assert _interactions(context, customer) == before
    assert window.state_label.text() == "Ready" and not workspace.loop.current.called  # type: ignore[union-attr]
    assert "No SIP account" in window.phone.pane.message_label.text()

    workspace.call_bar.manual_button.click()  # the agent rang from the desk phone instead
    dialog = workspace.open_dialog
    assert dialog.isVisible() and dialog.record_button.text() == "Record the call"
    dialog.accept()  # no reason yet: the dialog says so and stays
    assert dialog.isVisible() and "Say why" in dialog.problem.text()
    dialog.reason.setText("Softphone down, rang from the desk phone")
    dialog.accept()
    qtbot.waitUntil(lambda: workspace.loop.current is not None and workspace.loop.current.called, timeout=5000)
    assert window.state_label.text() == "Wrap-up"
    window.loop_actions["right_party"].trigger()
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("promise_to_pay"))
    wrapup.amount.setText("400.000")
    window.loop_actions["save"].trigger()
    qtbot.waitUntil(
        lambda: workspace.loop.current is not None and workspace.loop.current.profile.id != customer, timeout=5000
    )
    with context.database.session() as session:
        outcome = session.scalars(select(Outcome).where(Outcome.customer_id == customer)).one()
        call = session.get(Interaction, outcome.interaction_id)
    assert outcome.right_party_confirmed and call is not None
    assert call.manual_reason == "Softphone down, rang from the desk phone" and call.answered_at is not None
    # Nothing stale on the next customer: the SIP refusal was about the last one; the save's note goes once
    # the agent calls the next.
    assert not window.phone.pane.message_label.text()
    assert wrapup.result_label.text().startswith("Saved for")
    record_call(qtbot, window, confirm=False)
    assert not wrapup.result_label.text()
    window.close()


def test_f1_lists_the_keys_of_the_window_it_is_pressed_in(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    listed = {}
    for role in ("agent", "trainer"):
        window = MainWindow(context, users[role], Settings(), background, drafts=DraftStore(tmp_path / role))
        qtbot.addWidget(window)
        window.show_shortcuts()
        listed[role] = set(window.shortcuts_dialog.keys())
        window.shortcuts_dialog.close()
    assert {"F1", "Ctrl+,"} <= listed["trainer"] and {"F1", "Ctrl+,"} <= listed["agent"]
    assert {"Ctrl+D", "Ctrl+R", "Ctrl+T", "Ctrl+P", "Ctrl+U", "Ctrl+L", "Alt+1", "Return"} <= listed["agent"]
    assert not listed["trainer"] & {"Ctrl+D", "Ctrl+R", "Ctrl+S"}  # the trainer's F1 lists the trainer's keys


def test_preferences_remember_the_language_and_reopen_the_window(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    settings.set(LANGUAGE, "en")
    window = MainWindow(context, users["trainer"], settings, background, drafts=DraftStore(tmp_path))
    qtbot.addWidget(window)
    assert window.menuBar().actions()[1].text() != "&View"  # no empty menu
    window.open_preferences()
    dialog = window.preferences_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("id"))
    with qtbot.waitSignal(window.reopen_requested, timeout=2000):
        dialog.accept()
    assert Settings().get(LANGUAGE) == "id"  # on this workstation, for the next start too
    settings.set(LANGUAGE, "en")
