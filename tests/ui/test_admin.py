"""Admin in the app: a user added, changed, disabled; their line and their own limits set; a role's limits and the
promise policy changed — each through its dialog, each audited."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.negotiation import authority_for, promise_policy, role_defaults
from agent_desk.portfolio import UserSummary, list_users
from db.models import AuditEvent, Role, User
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings


def _actions(context: AppContext) -> list[str]:
    with context.database.session() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_an_admin_manages_a_user_their_line_and_their_limits(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context, users["admin"], Settings(), background, drafts=DraftStore(tmp_path))
    qtbot.addWidget(window)
    window.show()
    view = window.tabs.widget(0)
    assert view.objectName() == "admin_users" and view.table.rowCount() >= 10
    assert "next sign-in" in view.password_button.toolTip()

    view.add_button.click()
    dialog = view.dialog
    dialog.login.setText("Dewi Baru")  # not a login: the dialog says so and stays open
    dialog.name.setText("Dewi Baru")
    dialog.accept()
    assert dialog.isVisible() and "cannot be a login" in dialog.problem.text()
    dialog.login.setText("dewi.baru")
    dialog.team.setCurrentIndex(1)
    dialog.accept()
    assert not dialog.isVisible() and view.status.text() == "Added Dewi Baru (dewi.baru)."
    added = view.selected()
    assert added is not None and added.login == "dewi.baru" and added.role is Role.AGENT and added.team

    view.edit_button.click()
    view.dialog.role.setCurrentIndex(view.dialog.role.findData("supervisor"))
    view.dialog.accept()
    assert view.selected().role is Role.SUPERVISOR  # type: ignore[union-attr]

    view.sip_button.click()
    view.dialog.registrar.setText("sip.example.co.id:5060")
    view.dialog.sip_user.setText("2042")
    view.dialog.accept()
    assert view.selected().sip_account == "2042@sip.example.co.id:5060"  # type: ignore[union-attr]

    view.limits_button.click()
    view.dialog.use_role.setChecked(False)
    view.dialog.settlement.setValue(40)
    view.dialog.accept()
    with context.database.session() as session:
        assert authority_for(session, added.id).max_settlement_discount == Decimal("0.4")
    assert view.selected().own_limits  # type: ignore[union-attr]

    view.active_button.click()
    assert view.status.text() == "Dewi Baru can no longer sign in."
    with context.database.session() as session:
        assert added.id not in {user.id for user in list_users(session)}
        assert session.get(User, added.id).active is False  # type: ignore[union-attr]
    assert _actions(context)[-5:] == [
        "user.added",
        "user.changed",
        "sip_account.changed",
        "authority.user_changed",
        "user.disabled",
    ]
    view.select_user(users["admin"].id)
    assert not view.active_button.isEnabled()  # an admin cannot disable themselves


def test_an_admin_changes_a_roles_limits_and_the_promise_policy(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context, users["admin"], Settings(), background, drafts=DraftStore(tmp_path))
    qtbot.addWidget(window)
    view = window.tabs.widget(1)
    assert view.objectName() == "admin_limits"
    view.roles.selectRow(list(Role).index(Role.AGENT))
    view.ask_role_limits()
    view.dialog.settlement.setValue(12.5)
    view.dialog.installments.setValue(8)
    view.dialog.accept()
    with context.database.session() as session:
        agent = role_defaults(session, Role.AGENT)
    assert (agent.max_settlement_discount, agent.max_installments) == (Decimal("0.125"), 8)
    assert view.roles.item(list(Role).index(Role.AGENT), 1).text() == "12.5 %"
    view.max_days.setValue(14)
    view.minimum.setText("75.000")
    assert view.save_policy()
    with context.database.session() as session:
        policy = promise_policy(session)
    assert policy.max_days_ahead == 14 and policy.min_amount["IDR"] == Decimal(75000)
    assert _actions(context)[-2:] == ["authority.role_changed", "negotiation.policy_changed"]


def test_an_admin_resets_a_password_from_the_users_room_and_the_user_must_change_it(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from agent_desk.auth.accounts import SignInError, sign_in

    database, clock = context.database, context.clock
    agent = users["agent"]
    for _ in range(5):  # the agent forgot their password and locked the account
        with pytest.raises(SignInError):
            sign_in(database, clock, agent.login, "not-the-password")
    with pytest.raises(SignInError, match="locked"):
        sign_in(database, clock, agent.login, "demo")
    window = MainWindow(context, users["admin"], Settings(), background, drafts=DraftStore(tmp_path))
    qtbot.addWidget(window)
    window.show()
    view = window.tabs.widget(0)
    assert view.select_user(agent.id) and view.password_button.isEnabled()

    view.password_button.click()
    dialog = view.dialog
    assert dialog.objectName() == "reset_password_dialog" and agent.display_name in dialog.windowTitle()
    dialog.password.setText("kopi-tubruk-42")
    dialog.repeated.setText("kopi-tubruk-24")
    dialog.accept()  # the two differ: the dialog says so and stays open
    assert dialog.isVisible() and "two passwords differ" in dialog.problem.text()
    dialog.password.setText("short")
    dialog.repeated.setText("short")
    dialog.accept()
    assert dialog.isVisible() and "at least 10 characters" in dialog.problem.text()
    dialog.password.setText("kopi-tubruk-42")
    dialog.repeated.setText("kopi-tubruk-42")
    dialog.accept()
    assert not dialog.isVisible() and "chooses their own at the next sign-in" in view.status.text()

    signed = sign_in(database, clock, agent.login, "kopi-tubruk-42")  # unlocked, and the change is forced
    assert signed.must_change and signed.user.id == agent.id
    with pytest.raises(SignInError):
        sign_in(database, clock, agent.login, "demo")
    with database.session() as session:
        reset = session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(("password.reset", "password.set")))
        ).one()
    assert reset.user_id == users["admin"].id and reset.entity_id == str(agent.id)
    assert "kopi" not in str(reset.after) and reset.after == {"must_change": True}


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize(("view", "attribute"), [("admin_users", "table"), ("admin_limits", "roles")])
def test_the_admin_tables_columns_fit_their_contents_and_none_takes_the_rest(
    qtbot,
    context: AppContext,
    background: Background,
    users: dict[str, UserSummary],
    tmp_path: Path,
    size,
    view,
    attribute,
) -> None:  # type: ignore[no-untyped-def]
    """Users and Limits alike: every column as wide as its contents, the last one not stretched over the rest."""
    window = MainWindow(context, users["admin"], Settings(), background, drafts=DraftStore(tmp_path))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    tab = next(window.tabs.widget(i) for i in range(window.tabs.count()) if window.tabs.widget(i).objectName() == view)
    window.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    table = getattr(tab, attribute)
    header = table.horizontalHeader()
    widths = [header.sectionSize(column) for column in range(header.count())]
    needs = [max(header.sectionSizeHint(column), table.sizeHintForColumn(column)) for column in range(header.count())]
    assert all(width >= need for width, need in zip(widths, needs, strict=True)), (widths, needs)  # nothing cut
    assert all(width <= need + 24 for width, need in zip(widths, needs, strict=True)), (widths, needs)  # no sprawl
    blank = table.viewport().width() - header.length()
    assert blank <= table.verticalScrollBar().sizeHint().width()  # no blank stretch of table beside the columns
