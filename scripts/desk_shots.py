"""The desk's screenshots for issue 14 (run through scripts/screenshots.py --only desk): the agent's workspace with
its phone at 1366×768 and 1920×1080 (a plan in the wrap-up, the state that used to push the window past the
screen), the supervisor's approvals with a request to escalate, the admin room, and the desk's dialogs — in English
and in Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.negotiation import PlanDraft
from agent_desk.portfolio import UserSummary
from agent_desk.scheduling.attempts import record_manual_call
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.worklist import load_profile, next_for
from db.models import PlanKind
from ui import text
from ui.background import Background
from ui.examples import Scene, build
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.translations import install_translations

SIZES = ((1366, 768), (1920, 1080))


def desk_shots(
    app: QApplication,
    context: AppContext,
    background: Background,
    users: dict[str, UserSummary],
    scratch: Path,
    language: str,
    settle: Callable[..., None],
    save: Callable[..., None],
) -> None:
    text.set_language(language)
    install_translations(app, language)
    try:
        agent = _workspace(app, context, background, users, scratch, language, settle, save)
        _escalation(app, context, background, users, scratch, language, settle, save)
        _admin(app, context, background, users, scratch, language, settle, save)
        _dialogs(app, context, background, users, agent, language, settle, save)
        agent.close()
    finally:
        text.set_language("en")
        install_translations(app, "en")


def _workspace(
    app: Any, context: Any, background: Any, users: Any, scratch: Path, language: str, settle: Any, save: Any
) -> MainWindow:
    window = MainWindow(
        context, users["agent"], Settings(), background, drafts=DraftStore(scratch / f"desk-{language}"), phone=True
    )
    window.resize(*SIZES[0])
    window.show()
    window.start()
    settle(app, background)
    workspace = window.workspace
    assert workspace is not None
    workspace.loop.next_customer()
    settle(app, background, 600)
    while workspace.loop.current is not None and workspace.loop.current.purpose != "collect":
        workspace.loop.skip("other")  # a locate-only call has no plan to show: the next debtor
        settle(app, background, 600)
    current = workspace.loop.current
    number = current.number_id or next(p.id for p in current.profile.contact_points if p.dialable)
    workspace.loop.record_manual_call(number, context.clock.now(), "softphone down", connected=True)
    settle(app, background, 600)
    workspace.script.confirm_right_party()
    workspace.script.show_plan()
    panel = workspace.script.plan
    panel.payments.setValue(3)
    panel.income.setText("6.000.000")
    panel.expenses.setText("4.000.000")
    panel.quote_now()
    settle(app, background, 600)
    panel.use()
    workspace.wrapup.notes.setPlainText("Sanggup cicil tiga kali; gaji masuk tanggal 25")
    for width, height in SIZES:
        window.resize(width, height)
        settle(app, background)
        save(window.grab(), f"desk-plan-{language}-{width}x{height}.png")
    window.resize(*SIZES[0])
    settle(app, background)
    return window


def _escalation(
    app: Any, context: Any, background: Any, users: Any, scratch: Path, language: str, settle: Any, save: Any
) -> None:
    from agent_desk.negotiation import set_user_authority

    agent = users["agent"]
    lease = next_for(context.database, context.clock, agent.id)
    assert lease is not None
    with context.database.session() as session:
        profile = load_profile(session, lease.customer_id)
    assert profile is not None
    account = max(profile.accounts, key=lambda a: a.outstanding)
    call = record_manual_call(
        context.database,
        context.clock,
        user_id=agent.id,
        customer_id=profile.id,
        contact_point_id=lease.number_id or profile.contact_points[0].id,
        at=context.clock.now(),
        reason="softphone down",
    )
    plan = PlanDraft(
        kind=PlanKind.SETTLEMENT,
        customer_id=profile.id,
        account_id=account.id,
        currency=account.currency,
        base_amount=account.outstanding,
        discount_rate=Decimal("0.45"),
        installments=2,
        first_date=context.clock.now().date() + dt.timedelta(days=3),
        frequency="monthly",
    )
    save_outcome(
        context.database,
        context.clock,
        OutcomeDraft(
            str(uuid.uuid4()), profile.id, agent.id, "promise_to_pay", interaction_id=call.interaction_id, plan=plan,
            right_party_confirmed=True, notes="Kena PHK; sanggup bayar separuh dalam dua bulan",
        ),
    )  # fmt: skip
    admin = users["admin"]
    with context.database.session() as session:
        from agent_desk.portfolio import list_users

        other = next(u for u in list_users(session) if u.role.value == "supervisor" and u.team != agent.team)
    set_user_authority(context.database, context.clock, actor_id=admin.id, user_id=other.id, settlement=Decimal("0.5"))
    boss_user = next(u for u in _all_users(context) if u.role.value == "supervisor" and u.team == agent.team)
    boss = MainWindow(context, boss_user, Settings(), background, drafts=DraftStore(scratch / f"boss-{language}"))
    boss.show()
    boss.start()
    assert boss.approvals is not None
    boss.tabs.setCurrentWidget(boss.approvals)
    boss.approvals.refresh()
    boss.approvals.table.selectRow(boss.approvals.table.rowCount() - 1)
    for width, height in SIZES:
        boss.resize(width, height)
        settle(app, background)
        save(boss.grab(), f"approvals-escalate-{language}-{width}x{height}.png")
    boss.approvals.ask_escalation()
    settle(app, background)
    save(boss.approvals.escalation_dialog.grab(), f"dialog-escalate-{language}.png")
    boss.approvals.escalation_dialog.reject()
    boss.close()


def _all_users(context: AppContext) -> list[UserSummary]:
    from agent_desk.portfolio import list_users

    with context.database.session() as session:
        return list_users(session)


def _admin(
    app: Any, context: Any, background: Any, users: Any, scratch: Path, language: str, settle: Any, save: Any
) -> None:
    window = MainWindow(
        context, users["admin"], Settings(), background, drafts=DraftStore(scratch / f"admin-{language}")
    )
    window.show()
    for index, name in ((0, "users"), (1, "limits")):
        window.tabs.setCurrentIndex(index)
        for width, height in SIZES:
            window.resize(width, height)
            settle(app, background)
            save(window.grab(), f"admin-{name}-{language}-{width}x{height}.png")
    window.close()


def _dialogs(
    app: Any, context: Any, background: Any, users: Any, agent: MainWindow, language: str, settle: Any, save: Any
) -> None:
    from ui.admin.dialogs import SipAccountDialog, UserDialog
    from ui.panes.manual_call_dialog import ManualCallDialog
    from ui.preferences import PreferencesDialog
    from ui.shortcuts import ShortcutsDialog
    from ui.softphone.phone_test_dialog import PhoneTestDialog

    scene = Scene(context, users, background, Settings(), agent)
    for cls, name in (
        (ManualCallDialog, "manual-call"),
        (PreferencesDialog, "preferences"),
        (ShortcutsDialog, "shortcuts"),
        (PhoneTestDialog, "phone-test"),
        (UserDialog, "user"),
        (SipAccountDialog, "sip-account"),
    ):
        dialog = build(cls, scene)
        assert dialog is not None
        if isinstance(dialog, PhoneTestDialog):
            dialog.show()
            dialog.run()
            for _ in range(40):
                settle(app, background, 50)
                if dialog.test is not None and dialog.test.done:
                    break
        dialog.show()
        settle(app, background)
        save(dialog.grab(), f"dialog-{name}-{language}.png")
        dialog.close()
        dialog.deleteLater()
