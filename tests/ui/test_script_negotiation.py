"""The script pane in the call loop: the right-person gate, an objection's reply, a plan built and read back,
saved through the wrap-up as Promise and PaymentPlan; a plan beyond the agent's authority approved by a supervisor
and seen by the agent."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.worklist import contact_status, load_profile
from db.models import Outcome, PaymentPlan, PlanStatus, Promise, Role
from tests.ui.conftest import open_next, record_call
from ui.background import Background
from ui.main_window import MainWindow
from ui.panes.profile_pane import ProfilePane
from ui.panes.profile_timeline import LINES_ROLE, Lines
from ui.settings import Settings

DEBT_WORDS = ("tagihan", "tunggakan", "utang", "hutang", "cicilan", "pinjaman", "debt", "arrears", "loan", "bill")


def _save_and_wait(qtbot, window: MainWindow, customer_id: int) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    window.loop_actions["save"].trigger()
    loop = workspace.loop
    try:
        qtbot.waitUntil(lambda: loop.current is None or loop.current.profile.id != customer_id, timeout=5000)
    except Exception:
        problems, notice = workspace.wrapup.problems.text(), window.statusBar().currentMessage()
        raise AssertionError(f"not saved: {problems!r} {notice!r}") from None


def _quoted(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    """Wait for the quote of what the form says now."""
    panel.quote_now()
    asked = panel.asked
    qtbot.waitUntil(lambda: panel.answered == asked, timeout=5000)


def _timeline_plan_lines(context: AppContext, customer_id: int, names: dict[int, str]) -> list[Lines]:
    with context.database.session() as session:
        profile = load_profile(session, customer_id)
    assert profile is not None
    pane = ProfilePane(context.clock)
    pane.show_profile(profile, contact_status(context.database, context.clock, customer_id), agent_names=names)
    model = pane.timeline.model
    lines = []
    for row, entry in enumerate(model.entries()):
        if entry.item in profile.plans:
            found = model.index(row).data(LINES_ROLE)
            assert isinstance(found, Lines)
            lines.append(found)
    pane.deleteLater()
    return lines


def test_an_objection_a_plan_and_its_read_back_are_saved_as_promise_and_plan(
    qtbot, window: MainWindow, context: AppContext, users: dict[str, UserSummary]
) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    customer_id = open_next(qtbot, window)
    record_call(qtbot, window, confirm=False)
    script = workspace.script
    run = script.run
    assert run is not None and run.current.before_verification
    # Before the right person is confirmed the script says nothing about the debt, and Next does not move on.
    shown = script.stage_text.toPlainText().lower()
    assert not any(word in shown for word in DEBT_WORDS), shown
    window.loop_actions["script_next"].trigger()
    assert run.current.before_verification
    assert not script.tabs.isTabEnabled(2)  # no plan before the right person is confirmed
    assert not script.next_button.isEnabled()
    script.verify_button.click()
    assert run.verified and not run.current.before_verification
    assert script.tabs.isTabEnabled(2)
    assert script.stage_reached == run.current.code

    stage_before_switch = script.stage_reached
    # The customer cannot pay it all now: one key shows the reply and notes the objection.
    objection = next(o for o in script._objections if o.code == "cannot_afford")
    assert objection.shortcut
    script.choose_objection_by_shortcut(objection.shortcut)
    assert script.tabs.currentIndex() == 1
    assert objection.acknowledgement[:30] in script.objection_text.toPlainText()
    assert objection.question[:30] in script.objection_text.toPlainText()
    assert script.objections_met == ("cannot_afford",)

    # The hidden calculator asks the database nothing; opening it quotes the default plan.
    panel = script.plan
    qtbot.wait(300)
    assert panel.quote is None and panel.answered == 0
    script.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: panel.quote is not None, timeout=5000)
    # A plan of three monthly payments on everything owed, with the customer's stated means.
    panel.kind.setCurrentIndex(panel.kind.findData("installments"))
    panel.payments.setValue(3)
    panel.income.setText("6.000.000")
    panel.expenses.setText("4.000.000")
    _quoted(qtbot, panel)
    quote = panel.quote
    assert quote is not None and quote.can_save and not quote.needs_approval, quote
    assert len(quote.schedule) == 3
    assert sum(p.amount for p in quote.schedule) == quote.total
    assert panel.schedule.rowCount() == 3
    read_back = panel.read_back.toPlainText()
    profile = workspace.loop.current.profile  # type: ignore[union-attr]
    assert profile.full_name in read_back
    first = quote.schedule[0]
    from agent_desk.text import format_money

    assert format_money(first.amount, quote.draft.currency) in read_back
    assert "Within your authority" in panel.authority.text()
    # The read-back follows the language the script is read in.
    script.language_box.setCurrentIndex(script.language_box.findData("en"))
    assert "let me read back" in panel.read_back.toPlainText()
    script.language_box.setCurrentIndex(script.language_box.findData("id"))
    assert "membacakan kembali" in panel.read_back.toPlainText()
    assert run.verified and script.stage_reached == stage_before_switch

    # Into the wrap-up: the promise is the first payment, the plan goes with it.
    panel.use_button.click()
    wrapup = workspace.wrapup
    assert wrapup.disposition_code == "promise_to_pay"
    assert wrapup.plan is not None and wrapup.plan_row.isVisibleTo(wrapup)
    assert wrapup.amount.isReadOnly()
    wrapup.notes.setPlainText("Sanggup cicil tiga kali, gaji masuk tanggal 25")
    stage = script.stage_reached
    _save_and_wait(qtbot, window, customer_id)

    with context.database.session() as session:
        plan = session.scalars(select(PaymentPlan).where(PaymentPlan.customer_id == customer_id)).one()
        promises = session.scalars(
            select(Promise).where(Promise.payment_plan_id == plan.id).order_by(Promise.due_date)
        ).all()
        outcome = session.scalars(select(Outcome).where(Outcome.id == plan.outcome_id)).one()
    assert plan.status is PlanStatus.ACTIVE
    assert plan.total == quote.total and plan.stated_income == Decimal("6000000")
    assert [(p.due_date, p.amount) for p in promises] == [(p.due_date, p.amount) for p in quote.schedule]
    assert outcome.disposition_code == "promise_to_pay"
    assert outcome.objections == ["cannot_afford"]
    assert outcome.script_stage == stage

    names = {u.id: u.display_name for u in users.values()}
    lines = _timeline_plan_lines(context, customer_id, names)
    assert len(lines) == 1
    assert "3" in lines[0].head and format_money(quote.total, quote.draft.currency) in lines[0].head
    assert lines[0].chip == "Active"


def test_someone_else_answered_switches_to_the_third_party_script(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    open_next(qtbot, window)
    script = workspace.script
    script.someone_else_button.click()
    run = script.run
    assert run is not None and run.script.variant == "third_party"
    assert "someone_else" in script.objections_met
    for stage in run.script.stages:
        assert not any(word in stage.text.lower() for word in DEBT_WORDS), stage.text
    assert not script.verify_button.isVisibleTo(script)
    assert not script.tabs.isTabEnabled(2)  # nothing to negotiate with someone else


def test_a_plan_beyond_authority_is_approved_by_a_supervisor_and_the_agent_sees_it(
    qtbot,
    window: MainWindow,
    context: AppContext,
    background: Background,
    users: dict[str, UserSummary],
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    customer_id = open_next(qtbot, window)
    record_call(qtbot, window, confirm=False)
    script = workspace.script
    script.verify_button.click()
    panel = script.plan
    panel.kind.setCurrentIndex(panel.kind.findData("settlement"))
    panel.payments.setValue(1)
    panel.discount.setValue(25)  # an agent may give 10 %; a supervisor 30 %
    _quoted(qtbot, panel)
    quote = panel.quote
    assert quote is not None and quote.needs_approval and quote.can_save
    assert "approval" in panel.authority.text()
    assert "approval" in panel.use_button.text()
    panel.use_button.click()
    _save_and_wait(qtbot, window, customer_id)
    with context.database.session() as session:
        plan = session.scalars(select(PaymentPlan).where(PaymentPlan.customer_id == customer_id)).one()
        assert plan.status is PlanStatus.PENDING_APPROVAL
        assert session.scalars(select(Promise).where(Promise.payment_plan_id == plan.id)).all() == []
        supervisors = [
            u for u in list_users(session) if u.role is Role.SUPERVISOR and u.team == users["agent"].team
        ] or [u for u in list_users(session) if u.role is Role.SUPERVISOR]
    supervisor = supervisors[0]

    boss = MainWindow(context, supervisor, Settings(), background, drafts=DraftStore(tmp_path / "boss"), phone=False)
    qtbot.addWidget(boss)
    boss.show()
    approvals = boss.approvals
    assert approvals is not None
    assert boss.tabs.indexOf(approvals) >= 0
    assert approvals.select_plan(plan.id)
    row = approvals.table.currentRow()
    assert users["agent"].display_name == approvals.table.item(row, 1).text()
    assert "25" in approvals.table.item(row, 7).text()  # why: the discount above the agent's limit
    assert approvals.decide_selected(approve=True, reason="Long-standing customer, lost job in October")
    assert not approvals.select_plan(plan.id)  # no longer waiting
    boss.close()

    with context.database.session() as session:
        decided = session.get(PaymentPlan, plan.id)
        assert decided is not None and decided.status is PlanStatus.ACTIVE
        assert decided.decided_by_user_id == supervisor.id
        promises = session.scalars(select(Promise).where(Promise.payment_plan_id == plan.id)).all()
    assert [p.amount for p in promises] == [quote.total]

    names = {supervisor.id: supervisor.display_name, **{u.id: u.display_name for u in users.values()}}
    lines = _timeline_plan_lines(context, customer_id, names)
    assert lines[0].chip == "Active"
    assert supervisor.display_name in lines[0].detail and "lost job" in lines[0].detail


def test_the_wrap_up_warns_about_threatening_words_before_saving(
    qtbot,
    window: MainWindow,
    context: AppContext,
    background: Background,
    users: dict[str, UserSummary],
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    customer_id = open_next(qtbot, window)
    record_call(qtbot, window, confirm=False)
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("refused"))
    wrapup.notes.setPlainText("Bilang ke nasabah kalau tidak bayar kami laporkan ke polisi")
    window.loop_actions["save"].trigger()
    assert "threatening" in wrapup.problems.text()
    assert workspace.loop.current is not None and workspace.loop.current.profile.id == customer_id
    _save_and_wait(qtbot, window, customer_id)  # the agent keeps the words: saved, and kept for a supervisor
    from db.models import LanguageFlag

    with context.database.session() as session:
        flags = session.scalars(select(LanguageFlag).where(LanguageFlag.customer_id == customer_id)).all()
    assert sorted(flag.category for flag in flags) == ["coercion", "threat"]  # "kalau tidak bayar kami …", "polisi"

    # A supervisor sees it with the agent's name and the words, and marks it reviewed.
    boss = MainWindow(
        context, users["supervisor"], Settings(), background, drafts=DraftStore(tmp_path / "boss"), phone=False
    )
    qtbot.addWidget(boss)
    view = boss.flagged
    assert view.table.rowCount() == 2
    assert {view.table.item(row, 1).text() for row in range(2)} == {users["agent"].display_name}
    row = next(row for row in range(2) if "polisi" in view.table.item(row, 4).text())
    view.table.selectRow(row)
    assert view.mark_selected()
    assert view.table.rowCount() == 1
    with context.database.session() as session:
        reviewed = next(flag for flag in (session.get(LanguageFlag, f.id) for f in flags) if flag and flag.reviewed_at)
        assert reviewed is not None and reviewed.reviewed_by_user_id == users["supervisor"].id
    boss.close()


def test_objection_keys_work_from_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    open_next(qtbot, window)
    script = workspace.script
    objection = next(o for o in script._objections if o.code == "already_paid")
    window.activateWindow()
    qtbot.keyClick(window, objection.shortcut, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "already_paid" in script.objections_met, timeout=2000)


def test_a_plan_in_a_restored_draft_comes_back_attached(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from agent_desk.dispositions import load_catalog
    from agent_desk.negotiation import PlanDraft
    from db.models import PlanKind
    from ui.panes.wrapup_pane import WrapUpPane

    with context.database.session() as session:
        catalog = load_catalog(session)
    pane = WrapUpPane(catalog, context.clock.now)
    qtbot.addWidget(pane)
    plan = PlanDraft(
        kind=PlanKind.INSTALLMENTS,
        customer_id=7,
        account_id=None,
        currency="IDR",
        base_amount=Decimal("3000000"),
        installments=3,
        first_date=dt.date(2026, 11, 27),
    ).to_dict()
    fields = {
        "promise_amount": "Rp 1.000.000",
        "promise_date": "2026-11-27",
        "plan": plan,
        "plan_summary": "3 × monthly",
        "notes": "",
    }
    pane.start("Siti", "Asia/Jakarta", ["VA BCA"], fields, "promise_to_pay")
    pane.show()
    assert pane.plan == plan and pane.plan_label.text() == "3 × monthly"
    assert pane.plan_row.isVisibleTo(pane) and pane.amount.isReadOnly()
    assert not pane.amount.isVisibleTo(pane) and not pane.promise_date.isVisibleTo(pane)  # the summary names them
    assert pane.fields()["plan"] == plan
    pane.remove_plan()
    assert pane.plan is None and "plan" not in pane.fields() and not pane.amount.isReadOnly()
    assert pane.amount.isVisibleTo(pane) and pane.promise_date.isVisibleTo(pane)
