"""The call loop without a phone line: Next, wrap-up, save, skip, break, drafts, and the dial guard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary
from agent_desk.worklist import contact_status, queue_lines
from db.models import AgentStateEvent, Outcome, Promise
from tests.ui.conftest import open_next, record_call
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings


def test_a_promise_is_saved_then_the_next_customer_opens_and_the_first_waits_for_its_check(
    qtbot, window: MainWindow, context: AppContext, users: dict[str, UserSummary]
) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    first = open_next(qtbot, window)
    record_call(qtbot, window)
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("promise_to_pay"))
    assert wrapup.amount.isVisibleTo(wrapup) and not wrapup.callback.isVisibleTo(wrapup)
    wrapup.amount.setText("500.000")
    wrapup.notes.setPlainText("Janji bayar lewat VA BCA")
    window.loop_actions["save"].trigger()
    qtbot.waitUntil(
        lambda: workspace.loop.current is not None and workspace.loop.current.profile.id != first, timeout=5000
    )
    assert "Promise check" in wrapup.result_label.text()
    with context.database.session() as session:
        promise = session.scalars(select(Promise).where(Promise.customer_id == first)).all()[-1]
        outcome = session.scalars(
            select(Outcome).where(Outcome.customer_id == first).order_by(Outcome.id.desc())
        ).first()
    assert promise.amount == 500000
    assert outcome is not None
    assert outcome.disposition_code == "promise_to_pay"
    assert outcome.notes == "Janji bayar lewat VA BCA"
    status = contact_status(context.database, context.clock, first)
    assert status is not None
    assert not status.allowed
    assert status.ready_at is not None
    assert status.ready_at.date() > promise.due_date  # checked after the promised day (plus grace)
    ready_ids = {
        line.customer_id for line in queue_lines(context.database, context.clock, users["agent"].id, limit=1000)
    }
    assert first not in ready_ids


def test_the_form_asks_for_what_the_disposition_needs(qtbot, window: MainWindow, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    customer = open_next(qtbot, window)
    with context.database.session() as session:
        before = session.scalar(select(func.count()).select_from(Outcome).where(Outcome.customer_id == customer))
    wrapup = workspace.wrapup
    window.loop_actions["save"].trigger()
    assert "Choose what happened" in wrapup.problems.text()
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("promise_to_pay"))
    wrapup.amount.setText("lima ratus")
    window.loop_actions["save"].trigger()
    assert "is not an amount" in wrapup.problems.text()
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("callback_requested"))
    assert wrapup.callback.isVisibleTo(wrapup) and not wrapup.amount.isVisibleTo(wrapup)
    assert "WIB" in wrapup.callback_zone.text() or "WIT" in wrapup.callback_zone.text()
    window.workspace.loop.background.wait()  # type: ignore[union-attr]
    with context.database.session() as session:
        after = session.scalar(select(func.count()).select_from(Outcome).where(Outcome.customer_id == customer))
    assert after == before  # nothing was written for an incomplete form
    assert workspace.loop.current is not None
    assert workspace.loop.current.profile.id == customer  # nothing saved, still on the same customer


def test_the_draft_survives_a_restart_and_saves_once(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    drafts = DraftStore(tmp_path / "drafts")
    first = MainWindow(context, users["agent"], Settings(), background, drafts=drafts)
    qtbot.addWidget(first)
    first.start()
    customer = open_next(qtbot, first)
    record_call(qtbot, first, confirm=False)
    wrapup = first.workspace.wrapup  # type: ignore[union-attr]
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("refused"))
    wrapup.notes.setPlainText("Nasabah menolak, marah")
    qtbot.waitUntil(
        lambda: any(d.fields.get("notes") == "Nasabah menolak, marah" for d in drafts.pending()), timeout=3000
    )
    (saved_draft,) = drafts.pending("agent01") if users["agent"].login == "agent01" else drafts.pending()
    assert saved_draft.interaction_id is not None  # the call the outcome belongs to survives the crash too
    first.deleteLater()  # gone without saving, as after a crash (the draft file stays)

    second = MainWindow(context, users["agent"], Settings(), background, drafts=drafts)
    qtbot.addWidget(second)
    second.start()
    loop = second.workspace.loop  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: loop.current is not None, timeout=5000)
    assert loop.current.profile.id == customer  # type: ignore[union-attr]
    restored = second.workspace.wrapup  # type: ignore[union-attr]
    assert restored.disposition_code == "refused"
    assert restored.notes.toPlainText() == "Nasabah menolak, marah"
    second.workspace.save()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not drafts.pending() or drafts.pending()[0].customer_id != customer, timeout=5000)
    with context.database.session() as session:
        count = session.scalar(
            select(func.count()).select_from(Outcome).where(Outcome.draft_key == saved_draft.draft_key)
        )
    assert count == 1


def test_skip_asks_for_a_reason_and_moves_on(qtbot, window: MainWindow, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    loop = window.workspace.loop  # type: ignore[union-attr]
    skipped = open_next(qtbot, window)
    loop.skip("language")
    qtbot.waitUntil(lambda: loop.current is not None and loop.current.profile.id != skipped, timeout=5000)
    status = contact_status(context.database, context.clock, skipped)
    assert status is not None
    lines = queue_lines(context.database, context.clock, window.user.id, limit=1000)
    assert skipped not in {line.customer_id for line in lines}


def test_a_break_is_shown_and_recorded_then_next_ends_it(qtbot, window: MainWindow, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    loop = window.workspace.loop  # type: ignore[union-attr]
    open_next(qtbot, window)
    loop.take_break("prayer")
    assert window.state_label.text() == "Break: Prayer"
    assert loop.current is None  # the customer went back to the queue
    open_next(qtbot, window)
    assert window.state_label.text() == "Ready"
    window.workspace.loop.background.wait()  # type: ignore[union-attr]
    with context.database.session() as session:
        states = [
            (row.state.value, row.reason)
            for row in session.scalars(
                select(AgentStateEvent).where(AgentStateEvent.user_id == window.user.id).order_by(AgentStateEvent.id)
            )
        ]
    assert ("break", "prayer") in states
    assert states[-1] == ("ready", None)


def test_dial_is_off_with_the_reason_when_the_window_closes(qtbot, window: MainWindow, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    open_next(qtbot, window)
    assert workspace.call_bar.dial_button.isEnabled()
    context.clock.set(dt.datetime(2026, 11, 24, 14, 30, tzinfo=dt.UTC))  # 21:30 WIB, 22:30 WITA
    workspace.loop.refresh_status()
    qtbot.waitUntil(lambda: not workspace.call_bar.dial_button.isEnabled(), timeout=5000)
    assert "outside" in workspace.call_bar.blocked.text().lower() or "20:00" in workspace.call_bar.blocked.text()
    context.clock.set(dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC))
