"""Practice and the agent-state machine: the practice desk signs the trainee in and out of the practice
database's states only, and never asks for a move the machine refuses; production's states stay untouched."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from agent_desk.agent_states import current_state
from agent_desk.softphone.events import CallSnapshot, CallState
from agent_desk.softphone.hints import EndReason
from db.models import AgentState, AgentStateEvent, Direction
from ui.practice.launch import PracticeRequest, begin

pytestmark = [pytest.mark.gui]


def _ended_call(key: int) -> CallSnapshot:
    at = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)
    return CallSnapshot(
        key=key, direction=Direction.OUTBOUND, state=CallState.ENDED, number="+628100000000",
        remote_uri="sip:debtor@127.0.0.1", sip_call_id="practice-1", sip_code=200, sip_reason="OK", started_at=at,
        answered_at=at, ended_at=at, talk_seconds=20.0, muted=False, recording_path=None,
        end_reason=EndReason.LOCAL_HANGUP, hint=None, caller=None, customer_id=None, contact_point_id=None,
    )  # fmt: skip


def _events(database) -> int:  # type: ignore[no-untyped-def]
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(AgentStateEvent)) or 0)


def test_practice_records_states_it_can_and_leaves_production_alone(
    qtbot, gui_context, background, people, caplog
) -> None:  # type: ignore[no-untyped-def]
    production_before = _events(gui_context.database)
    request = PracticeRequest("lost_job", "en", mode="live", live_uri="sip:trainer@127.0.0.1:5999")
    caplog.set_level(logging.WARNING)
    window = begin(gui_context, people["agent01"], background, request, audio=False)
    qtbot.addWidget(window)
    loop = window.workspace.loop
    qtbot.waitUntil(lambda: loop.current is not None, timeout=10_000)
    background.wait()
    practice = window.setup.practice
    with practice.session() as session:
        assert current_state(session, window.setup.user.id).state is AgentState.READY
    # The trainee closes the window while the debtor is on the line: the phone ends the call as it stops, after
    # the desk has signed out.
    loop.current.in_call, loop.current.call_key = True, 7  # type: ignore[union-attr]
    window.close()
    loop._call_ended(_ended_call(7))  # what the closing phone reports
    background.wait()
    with practice.session() as session:
        assert current_state(session, window.setup.user.id).state is AgentState.SIGNED_OUT
    refused = [r.getMessage() for r in caplog.records if "not recorded" in r.getMessage()]
    assert refused == []
    assert _events(gui_context.database) == production_before
