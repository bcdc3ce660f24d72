"""Outbound calls to a real sipp UAS: confirmed, DTMF, hold/resume, hang up, the Interaction row."""

from __future__ import annotations

import datetime as dt
import re
import wave
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.softphone import CallState, DtmfReceived, EndReason
from agent_desk.softphone.records import InteractionLog
from agent_desk.text import Message
from db.models import Direction, Interaction
from tests.softphone.helpers import peer_exit, wait_idle

pytestmark = pytest.mark.sip


def test_call_dtmf_hold_resume_hangup_and_interaction_row(make_engine, sipp, database, customer):
    user_id, customer_id, point_id = customer
    peer = sipp.uas("uas_full.xml", "-rtp_echo")
    engine, events = make_engine(record_calls=True)
    interactions = InteractionLog(database.session, user_id=user_id)
    engine.subscribe(interactions)

    result = engine.dial(peer.uri("service"), customer_id=customer_id, contact_point_id=point_id)
    assert result.placed, result.refusals
    key = result.key
    assert engine.run_until(lambda: engine.active_call.state is CallState.CONNECTED, 3), events.states(key)
    connected = engine.active_call
    assert connected.answered_at is not None
    assert connected.sip_code == 200
    assert connected.recording_path is not None

    assert engine.send_dtmf("1", key) == "rfc2833"
    assert engine.send_dtmf("5", key, method="info") == "info"
    assert engine.send_dtmf("#", key, method="info") == "info"
    engine.run_until(lambda: "digit #" in peer.log(), 3)

    engine.hold(key)
    assert engine.run_until(lambda: engine.active_call.state is CallState.ON_HOLD, 3), events.states(key)
    engine.resume(key)
    assert engine.run_until(lambda: engine.active_call.state is CallState.CONNECTED, 3), events.states(key)
    engine.run_until(lambda: False, 0.3)  # a little talk time after resuming

    engine.hang_up(key)
    wait_idle(engine)
    assert peer_exit(engine, peer, 10) == 0, peer.describe()

    # The peer saw what we sent: INFO digits, a sendonly re-INVITE (hold), then sendrecv (resume), our BYE.
    scenario_log = peer.log()
    assert re.findall(r"INFO Signal=(.) digit", scenario_log) == ["5", "#"], peer.describe()
    directions = re.findall(r"reINVITE a=\w+ dir=(\w+)", scenario_log)
    assert directions == ["sendonly", "sendrecv"], peer.describe()
    assert "BYE sip:" in peer.messages()

    assert events.states(key) == [
        CallState.DIALING,
        CallState.RINGING,
        CallState.CONNECTED,
        CallState.ON_HOLD,
        CallState.CONNECTED,
        CallState.ENDED,
    ]
    ended = events.ended(key)
    assert ended.end_reason is EndReason.LOCAL_HANGUP
    assert ended.hint is None  # a conversation: the agent decides the disposition
    assert ended.talk_seconds > 0.3

    interactions.flush()
    interactions.close()
    with database.session() as session:
        rows = session.scalars(select(Interaction)).all()
    assert len(rows) == 1
    row = rows[0]
    assert row.id == interactions.interaction_id(key)
    assert row.direction is Direction.OUTBOUND
    assert row.user_id == user_id
    assert row.customer_id == customer_id
    assert row.contact_point_id == point_id
    assert row.dialed_number == peer.uri("service")
    assert row.sip_call_id
    assert row.sip_call_id in peer.messages()
    assert row.sip_code == 200
    assert row.sip_reason == "OK; local_hangup"
    assert row.started_at <= row.answered_at < row.ended_at
    assert row.ended_at - row.started_at < dt.timedelta(seconds=30)
    assert row.talk_seconds == round(ended.talk_seconds)
    assert row.recording_path == connected.recording_path

    # The recording is a complete 16 kHz WAV as long as the call (the recorder was closed after the call).
    engine.run_until(lambda: False, 0.3)
    with wave.open(str(Path(row.recording_path)), "rb") as recording:
        assert recording.getframerate() == 16000
        seconds = recording.getnframes() / recording.getframerate()
    assert abs(seconds - ended.talk_seconds) < 0.5, (seconds, ended.talk_seconds)


def test_dial_refusals_place_no_call(engine, sipp):
    engine_, events = engine
    peer = sipp.uas("uas_full.xml", "-rtp_echo")

    blocked = engine_.dial(peer.uri(), pre_dial_check=lambda number: [Message.of("compliance.outside_hours")])
    assert not blocked.placed
    assert blocked.refusals == (Message.of("compliance.outside_hours"),)

    assert engine_.dial("not a number").refusals[0].code == "softphone.number_invalid"
    assert engine_.dial("0812 3456 7890").refusals[0].code == "softphone.no_account"  # no domain to dial at

    checked: list[str] = []
    allowed = engine_.dial(peer.uri(), pre_dial_check=lambda number: checked.append(number) or [])
    assert allowed.placed
    assert checked == [peer.uri()]
    assert engine_.run_until(lambda: engine_.active_call.state is CallState.CONNECTED, 3)
    second = engine_.dial(peer.uri())
    assert second.refusals[0].code == "softphone.line_busy"
    engine_.hang_up()
    wait_idle(engine_)
    assert not events.of(DtmfReceived)


def test_dtmf_falls_back_to_sip_info_when_the_far_end_takes_no_events(make_engine, sipp):
    peer = sipp.uas("uas_info_only.xml")
    engine, _events = make_engine()
    key = engine.dial(peer.uri()).key
    assert engine.run_until(lambda: getattr(engine.active_call, "state", None) is CallState.CONNECTED, 3)
    assert engine.send_dtmf("7", key) == "info"  # "auto": RFC 2833 was refused, INFO went out
    assert engine.send_dtmf("*", key) == "info"
    assert engine.run_until(lambda: "digit *" in peer.log(), 3), peer.describe()
    engine.hang_up(key)
    wait_idle(engine)
    assert peer_exit(engine, peer, 5) == 0, peer.describe()
    assert re.findall(r"INFO digit (.)", peer.log()) == ["7", "*"]
