"""A supervisor escalates a plan beyond their own authority from the Approvals tab; the person it goes to sees it
and approves it."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.negotiation import PlanDraft, set_user_authority
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.scheduling.attempts import record_manual_call
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.worklist import load_profile, next_for
from db.models import PlanKind, Role
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings


def _half_off_plan(context: AppContext, agent: UserSummary) -> int:
    """The agent agrees a settlement at 50 % off: beyond the agent and beyond any supervisor's default limit."""
    lease = next_for(context.database, context.clock, agent.id)
    assert lease is not None
    with context.database.session() as session:
        profile = load_profile(session, lease.customer_id)
    assert profile is not None
    account = max(profile.accounts, key=lambda a: a.outstanding)
    number = lease.number_id or profile.contact_points[0].id
    call = record_manual_call(
        context.database,
        context.clock,
        user_id=agent.id,
        customer_id=profile.id,
        contact_point_id=number,
        at=context.clock.now(),
        reason="test",
    )
    draft = PlanDraft(
        kind=PlanKind.SETTLEMENT,
        customer_id=profile.id,
        account_id=account.id,
        currency=account.currency,
        base_amount=account.outstanding,
        discount_rate=Decimal("0.5"),
        installments=1,
        first_date=context.clock.now().date() + dt.timedelta(days=3),
    )
    saved = save_outcome(
        context.database,
        context.clock,
        OutcomeDraft(
            str(uuid.uuid4()),
            profile.id,
            agent.id,
            "promise_to_pay",
            interaction_id=call.interaction_id,
            plan=draft,
            right_party_confirmed=True,
        ),
    )
    assert saved.plan_status == "pending_approval" and saved.plan_id is not None
    return saved.plan_id


def test_a_plan_beyond_the_supervisor_is_escalated_and_approved_by_whom_it_went_to(
    qtbot, context: AppContext, background: Background, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with context.database.session() as session:
        people = {user.login: user for user in list_users(session)}
    agent, supervisor, other, admin = people["agent01"], people["rina.spv"], people["yohanes.spv"], people["admin"]
    assert agent.team == supervisor.team != other.team and admin.role is Role.ADMIN
    plan_id = _half_off_plan(context, agent)
    set_user_authority(context.database, context.clock, actor_id=admin.id, user_id=other.id, settlement=Decimal("0.6"))

    boss = MainWindow(context, supervisor, Settings(), background, drafts=DraftStore(tmp_path / "boss"))
    qtbot.addWidget(boss)
    view = boss.approvals
    assert view is not None and view.select_plan(plan_id)
    why = view.table.item(view.table.currentRow(), 7).text()
    assert f"above the limit of {agent.display_name} (10%)" in why  # whose limit
    assert f"above the limit of {supervisor.display_name} (30%)" in why  # beyond the reader's own too
    assert view.escalate_button.isEnabled()
    assert not view.decide_selected(approve=True)
    assert "Escalate it to someone whose authority covers it" in view.status.text()
    view.reason.setText("Lost his job; recommend")
    view.escalate_button.click()
    dialog = view.escalation_dialog
    assert [dialog.list.item(i).text().split(" · ")[0] for i in range(dialog.list.count())] == [other.display_name]
    dialog.accept()
    assert view.status.text().endswith(f"to {other.display_name}.")
    assert view.select_plan(plan_id)
    assert (
        f"Escalated to {other.display_name} by {supervisor.display_name}"
        in view.table.item(view.table.currentRow(), 7).text()
    )
    boss.close()

    decider = MainWindow(context, other, Settings(), background, drafts=DraftStore(tmp_path / "other"))
    qtbot.addWidget(decider)
    mine = decider.approvals
    assert mine is not None and mine.select_plan(plan_id)  # another team's request, escalated to them
    assert not mine.escalate_button.isEnabled()  # within their (raised) authority
    assert mine.decide_selected(approve=True)
    assert not mine.select_plan(plan_id)
    decider.close()


def test_the_approvals_rows_are_as_tall_as_their_text_at_the_widths_shown(
    qtbot, context: AppContext, background: Background, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Rows measured while the table was narrow (before it showed) kept that height: two lines in a row of eight."""
    with context.database.session() as session:
        people = {user.login: user for user in list_users(session)}
    _half_off_plan(context, people["agent01"])
    boss = MainWindow(context, people["rina.spv"], Settings(), background, drafts=DraftStore(tmp_path / "boss"))
    qtbot.addWidget(boss)
    boss.resize(1366, 768)
    boss.show()
    view = boss.approvals
    assert view is not None
    boss.tabs.setCurrentWidget(view.parentWidget() if boss.tabs.indexOf(view) < 0 else view)
    qtbot.waitExposed(view.table)
    qtbot.wait(50)
    table = view.table
    assert table.rowCount() >= 1
    for row in range(table.rowCount()):
        needed = max(table.sizeHintForIndex(table.model().index(row, c)).height() for c in range(table.columnCount()))
        assert table.rowHeight(row) <= needed + 2, f"row {row} is {table.rowHeight(row)}px for {needed}px of text"
    boss.close()
