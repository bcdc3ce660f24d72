"""From the desk (pytest-qt, real widgets offscreen): the agent agrees a promise, presses *Send plan summary…*,
sees the preview in the customer's language on a verified channel, sends it; the gateway gets exactly that text,
the wrap-up says so, and the message is in the customer's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import update

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.worklist import load_profile
from db.models import Channel, Role, WorklistEntry
from tests.outbox.helpers import customer_of, reachable_customers
from tests.support.gateway import Gateway
from ui.background import Background

pytestmark = pytest.mark.gui


@pytest.fixture
def background(qapp) -> Iterator[Background]:  # type: ignore[no-untyped-def]
    pool = Background()
    yield pool
    assert pool.wait(10_000), "a background task was still running at the end of the test"


def _user(context: AppContext, role: Role) -> UserSummary:
    with context.database.session() as session:
        return next(user for user in list_users(session) if user.role is role)


def _first_in_queue(context: AppContext, customer_id: int, agent: UserSummary) -> None:
    """Make ``customer_id`` the agent's next customer (their own, with the best score)."""
    with context.database.transaction(write=True) as session:
        session.execute(
            update(WorklistEntry)
            .where(WorklistEntry.customer_id == customer_id)
            .values(assigned_user_id=agent.id, score=10_000, ready_at=context.clock.now() - dt.timedelta(hours=1))
        )


def test_send_plan_summary_from_the_wrap_up(
    qtbot, gateway_context: AppContext, gateway: Gateway, background: Background, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow
    from ui.settings import Settings

    context = gateway_context
    agent = _user(context, Role.AGENT)
    reach = reachable_customers(context, Channel.SMS)[0]
    customer_id = customer_of(context, reach)
    _first_in_queue(context, customer_id, agent)
    window = MainWindow(context, agent, Settings(), background, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    workspace = window.workspace
    assert workspace is not None
    workspace.loop.next_customer()
    qtbot.waitUntil(lambda: workspace.loop.current is not None, timeout=10_000)
    assert workspace.loop.current.profile.id == customer_id
    actions = workspace.messages
    assert actions.payment_button.isEnabled() and not actions.plan_button.isEnabled()  # nothing agreed yet

    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("promise_to_pay"))
    wrapup.amount.setText("750.000")
    wrapup.promise_date.setDate(QDate(2026, 11, 27))
    assert actions.plan_button.isEnabled()
    actions.plan_button.click()
    dialog = actions.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.send_button.isEnabled, timeout=10_000)
    labels = [dialog.channel.itemText(i) for i in range(dialog.channel.count())]
    assert any(label.startswith("SMS — mobile …") for label in labels)
    dialog.channel.setCurrentIndex(next(i for i, label in enumerate(labels) if label.startswith("SMS")))
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled() and dialog.preview is not None, timeout=10_000)
    preview = dialog.body.toPlainText()
    assert dialog.language.text() == "Bahasa Indonesia"
    assert "Rp 750.000 pada Jum 27 Nov 2026" in preview  # the read-back in writing, in the customer's language
    assert "Balas STOP" in preview and dialog.subject.isHidden()
    assert dialog.body.isReadOnly()

    with qtbot.waitSignal(dialog.sent, timeout=10_000):
        dialog.send_button.click()
    [received] = gateway.delivered()
    assert received.text == preview and received.to == reach.point.address
    assert wrapup.result_label.text().startswith("Sent by SMS to mobile …")
    with context.database.session() as session:
        profile = load_profile(session, customer_id)
    assert profile is not None
    message = next(item for item in profile.interactions if item.channel is Channel.SMS)
    assert message.message_template == "plan_summary" and message.user_id == agent.id
    window.close()
