"""The whole agent loop on a real line: Next → Dial (through kamailio to a sipp UAS on 127.0.0.1) → hang up →
promise to pay → Save → Next, with the clock frozen on a weekday morning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.credentials import SERVICE_SIP
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary
from agent_desk.softphone.events import CallState, RegistrationState
from agent_desk.worklist import contact_status, load_profile, queue_lines
from db.models import Interaction, Outcome, Promise, SipAccountSettings
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings

pytestmark = [pytest.mark.sip, pytest.mark.gui]


def test_next_dial_hang_up_promise_save_next(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], kamailio, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    port, uas = kamailio
    agent = users["agent"]
    with context.database.transaction() as session:
        session.add(
            SipAccountSettings(
                user_id=agent.id,
                registrar=f"127.0.0.1:{port}",
                sip_user="alice",
                display_name=agent.display_name,
                dial_plan={"region": "ID"},
            )
        )
    context.credentials.set_for_session(SERVICE_SIP, f"alice@127.0.0.1:{port}", "alicepw")
    window = MainWindow(context, agent, Settings(), background, phone=True, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    phone = window.phone
    workspace = window.workspace
    assert phone is not None
    assert workspace is not None
    loop = workspace.loop
    qtbot.waitUntil(lambda: phone.engine.registration.state is RegistrationState.REGISTERED, timeout=10_000)

    window.loop_actions["next"].trigger()
    qtbot.waitUntil(lambda: loop.current is not None, timeout=5000)
    current = loop.current
    assert current is not None
    customer = current.profile.id
    assert workspace.call_bar.dial_button.isEnabled()

    window.loop_actions["dial"].trigger()
    qtbot.waitUntil(
        lambda: phone.adapter.active_call is not None and phone.adapter.active_call.state is CallState.CONNECTED,
        timeout=10_000,
    )
    assert window.state_label.text() == "On a call"
    assert not workspace.call_bar.dial_button.isEnabled()
    window.loop_actions["right_party"].trigger()  # the customer themself answered (Ctrl+R)
    assert workspace.script.right_party_confirmed
    qtbot.wait(1200)  # a little conversation
    window.loop_actions["hang_up"].trigger()
    qtbot.waitUntil(lambda: window.state_label.text() == "Wrap-up", timeout=10_000)

    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("promise_to_pay"))
    wrapup.amount.setText("750.000")
    promised = context.clock.now().date() + dt.timedelta(days=3)
    wrapup.notes.setPlainText("Janji bayar via VA")
    window.loop_actions["save"].trigger()
    qtbot.waitUntil(lambda: loop.current is not None and loop.current.profile.id != customer, timeout=10_000)
    assert "Promise check" in wrapup.result_label.text()
    phone.interactions.close()  # let the call's Interaction row be completed

    with context.database.session() as session:
        calls = session.scalars(
            select(Interaction)
            .where(
                Interaction.customer_id == customer,
                Interaction.sip_call_id.is_not(None),
                Interaction.user_id == agent.id,
            )
            .order_by(Interaction.id)
        ).all()
        outcome = session.scalars(
            select(Outcome).where(Outcome.customer_id == customer).order_by(Outcome.id.desc())
        ).first()
        promise = session.scalars(
            select(Promise).where(Promise.customer_id == customer).order_by(Promise.id.desc())
        ).first()
        profile = load_profile(session, customer)
    live = [
        call
        for call in calls
        if call.answered_at is not None
        and call.sip_code == 200
        and call.started_at >= context.clock.now() - dt.timedelta(minutes=1)
    ]
    assert len(live) == 1, "one call, one Interaction row (the dial check's attempt, completed by the softphone)"
    call = live[0]
    assert call.talk_seconds is not None and call.talk_seconds >= 1
    assert call.dialed_number is not None and call.dialed_number.startswith("+62")
    assert outcome is not None and outcome.interaction_id == call.id
    assert promise is not None and promise.amount == 750000 and promise.due_date == promised
    assert profile is not None
    assert any(p.id == promise.id for p in profile.promises)  # in the customer's timeline
    assert any(i.id == call.id and i.disposition_code == "promise_to_pay" for i in profile.interactions)
    status = contact_status(context.database, context.clock, customer)
    assert status is not None and not status.allowed
    assert status.ready_at is not None and status.ready_at.date() > promised  # not before the check date
    ready = {line.customer_id for line in queue_lines(context.database, context.clock, agent.id, limit=2000)}
    assert customer not in ready
    assert "INVITE" in uas.messages() and "BYE" in uas.messages()
    window.close()


def _desk_on_line(
    qtbot, context: AppContext, background: Background, agent: UserSummary, port: int, tmp_path: Path
) -> MainWindow:  # type: ignore[no-untyped-def]

    with context.database.transaction() as session:
        session.add(
            SipAccountSettings(
                user_id=agent.id,
                registrar=f"127.0.0.1:{port}",
                sip_user="alice",
                display_name=agent.display_name,
                dial_plan={"region": "ID"},
            )
        )
    context.credentials.set_for_session(SERVICE_SIP, f"alice@127.0.0.1:{port}", "alicepw")
    window = MainWindow(context, agent, Settings(), background, phone=True, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.phone is not None
    qtbot.waitUntil(
        lambda: window.phone.engine.registration.state is RegistrationState.REGISTERED,  # type: ignore[union-attr]
        timeout=10_000,
    )
    return window


def test_a_busy_line_suggests_busy_in_the_wrap_up(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], kamailio_with, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    port, _busy = kamailio_with("uas_reply.xml", values={"code": 486, "reason": "Busy Here"})
    window = _desk_on_line(qtbot, context, background, users["agent"], port, tmp_path)
    workspace = window.workspace
    assert workspace is not None
    window.loop_actions["next"].trigger()
    qtbot.waitUntil(lambda: workspace.loop.current is not None, timeout=5000)
    window.loop_actions["dial"].trigger()
    qtbot.waitUntil(lambda: window.state_label.text() == "Wrap-up", timeout=10_000)
    assert workspace.wrapup.disposition_code == "busy"  # the SIP result, offered for the agent to confirm
    assert workspace.wrapup.hint_label.isVisibleTo(workspace.wrapup)
    assert "486" in workspace.wrapup.hint_label.text()
    window.close()


def test_an_inbound_call_opens_the_callers_profile(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], kamailio, sipp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from db.models import ContactOwner, ContactPoint, Customer, User

    port, _uas = kamailio
    window = _desk_on_line(qtbot, context, background, users["agent"], port, tmp_path)
    workspace = window.workspace
    assert workspace is not None
    with context.database.session() as session:
        team = session.scalar(select(User.team_id).where(User.id == users["agent"].id))
        caller = session.scalars(  # a customer of the agent's team: the desk opens only those (team mode)
            select(ContactPoint)
            .join(Customer, Customer.id == ContactPoint.customer_id)
            .where(
                ContactPoint.owner == ContactOwner.SELF,
                ContactPoint.dialable.is_(True),
                Customer.assigned_team_id == team,
            )
            .order_by(ContactPoint.id.desc())
        ).first()
    assert caller is not None and caller.e164 is not None
    sipp.uac("uac_inbound.xml", window.phone.engine.local_address, values={"caller": caller.e164})  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: workspace.loop.current is not None, timeout=10_000)
    assert workspace.loop.current.profile.id == caller.customer_id  # type: ignore[union-attr]
    assert workspace.profile.name.text() == workspace.loop.current.profile.full_name  # type: ignore[union-attr]
    window.close()


def test_a_dial_an_unfinished_import_refuses_is_a_notice_and_nothing_is_dialed(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], kamailio, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An import still applying to the open customer (it gave them a new account) refuses the dial check: the agent
    is told why in the status line — no error box, no attempt recorded, no INVITE on the line."""
    from agent_desk.text import Message
    from db.models import Account, ImportRun
    from ui import text

    port, uas = kamailio
    window = _desk_on_line(qtbot, context, background, users["agent"], port, tmp_path)
    workspace = window.workspace
    assert workspace is not None
    notices: list[str] = []
    workspace.loop.notice.connect(notices.append)
    window.loop_actions["next"].trigger()
    qtbot.waitUntil(lambda: workspace.loop.current is not None, timeout=5000)
    customer_id = workspace.loop.current.profile.id  # type: ignore[union-attr]
    with context.database.transaction(write=True) as session:
        newest = session.scalar(
            select(Account.id).where(Account.customer_id == customer_id).order_by(Account.id.desc())
        )
        attempts = len(session.scalars(select(Interaction.id)).all())
        session.add(
            ImportRun(
                kind="import", status="applying", started_at=NOW_UTC, finished_at=NOW_UTC, file_name="book.csv",
                file_fingerprint="0", file_size=0, mapping_fingerprint="", skip_bad_rows=False, full_portfolio=False,
                rows_read=0, rows_imported=0, rows_rejected=0, warnings=0,
                counts={"customers_from": 10**9, "accounts_from": newest},  # their newest account is the import's
            )
        )  # fmt: skip
    window.loop_actions["dial"].trigger()
    importing = text.render(Message.of("import.desk.customer_importing"))
    qtbot.waitUntil(lambda: importing in notices, timeout=5000)
    assert workspace.loop.current is not None and not workspace.loop.current.in_call
    with context.database.session() as session:
        assert len(session.scalars(select(Interaction.id)).all()) == attempts
    assert "INVITE" not in uas.messages()
    with context.database.transaction(write=True) as session:  # done: signing out gives the lease back
        session.execute(ImportRun.__table__.delete())
    window.close()


NOW_UTC = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)
