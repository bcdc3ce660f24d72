"""Every way a call fails ends in a clean idle engine, the right disposition hint, and an Interaction row."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from agent_desk.softphone import CallState, EndReason, MediaStalled
from agent_desk.softphone.records import InteractionLog
from db.models import Interaction
from tests.softphone.helpers import peer_exit, wait_idle

pytestmark = pytest.mark.sip


def assert_clean_idle(engine) -> None:
    """Nothing left: no call for the agent, no pjsua2 Call held, the line free for the next dial."""
    assert engine.active_call is None
    assert engine.calls() == []
    assert not engine._records
    assert not engine._lingering


def only_interaction(database, log: InteractionLog) -> Interaction:
    log.flush()
    with database.session() as session:
        rows = session.scalars(select(Interaction)).all()
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(
    ("code", "reason", "hint"),
    [
        (486, "Busy Here", "busy"),
        (600, "Busy Everywhere", "busy"),
        (404, "Not Found", "number_invalid"),
        (484, "Address Incomplete", "number_invalid"),
        (604, "Does Not Exist Anywhere", "number_invalid"),
        (480, "Temporarily Unavailable", "no_answer"),
        (408, "Request Timeout", "no_answer"),
        (603, "Decline", "call_rejected"),
        (503, "Service Unavailable", "network_failure"),
        (500, "Server Internal Error", "network_failure"),
    ],
)
def test_final_response_gives_hint(make_engine, sipp, database, code, reason, hint):
    peer = sipp.uas("uas_reply.xml", calls=2, values={"code": code, "reason": reason})
    engine, events = make_engine()
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    key = engine.dial(peer.uri()).key
    wait_idle(engine)
    ended = events.ended(key)
    assert ended is not None
    assert (ended.sip_code, ended.hint, ended.end_reason) == (code, hint, EndReason.FAILED)
    assert CallState.RINGING in events.states(key)  # the 180 was seen before the failure
    assert_clean_idle(engine)
    row = only_interaction(database, interactions)
    assert (row.sip_code, row.sip_reason, row.answered_at, row.talk_seconds) == (code, reason, None, 0)
    assert row.ended_at is not None
    # The line is free again: the next dial goes out and fails the same way.
    second = engine.dial(peer.uri()).key
    wait_idle(engine)
    assert events.ended(second).hint == hint
    assert peer_exit(engine, peer, 5) == 0, peer.describe()  # both calls got their ACK


def test_ringing_forever_is_cancelled_as_no_answer(make_engine, sipp, database):
    peer = sipp.uas("uas_ring_forever.xml")
    engine, events = make_engine(no_answer_timeout=1.0)
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    started = time.monotonic()
    key = engine.dial(peer.uri()).key
    wait_idle(engine)
    assert 0.9 < time.monotonic() - started < 3.0
    ended = events.ended(key)
    assert (ended.sip_code, ended.end_reason, ended.hint) == (487, EndReason.NO_ANSWER_TIMEOUT, "no_answer")
    assert_clean_idle(engine)
    assert "CANCEL sip:" in peer.messages()
    row = only_interaction(database, interactions)
    assert row.sip_code == 487
    assert row.sip_reason == "Request Terminated; no_answer_timeout"


def test_far_end_never_answers_is_a_network_failure(make_engine, sipp, database):
    """No response at all (not even 100 Trying): given up after the app's timeout, not pjsip's 32 s."""
    peer = sipp.uas("uas_silent.xml")
    engine, events = make_engine(no_response_timeout=1.0)
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    started = time.monotonic()
    key = engine.dial(peer.uri()).key
    wait_idle(engine)
    assert 0.9 < time.monotonic() - started < 3.0
    ended = events.ended(key)
    assert (ended.end_reason, ended.hint) == (EndReason.NO_RESPONSE_TIMEOUT, "network_failure")
    # pjsip may still hold its transaction for a while; the agent's line is free all the same.
    assert engine.active_call is None
    assert engine.calls() == []
    assert engine.dial(sipp.uas("uas_full.xml", "-rtp_echo").uri()).placed
    assert engine.run_until(lambda: engine.active_call.state is CallState.CONNECTED, 3)
    engine.hang_up()
    wait_idle(engine)
    interactions.flush()
    with database.session() as session:
        rows = session.scalars(select(Interaction).order_by(Interaction.id)).all()
    assert rows[0].sip_reason.endswith("no_response_timeout")
    assert rows[0].answered_at is None
    assert rows[1].sip_code == 200


def test_nothing_listening_is_a_network_failure(make_engine):
    from tests.support.processes import free_port

    engine, events = make_engine(no_response_timeout=1.0)
    key = engine.dial(f"sip:nobody@127.0.0.1:{free_port()};transport=tcp").key
    wait_idle(engine)
    ended = events.ended(key)
    assert ended.hint == "network_failure"
    assert ended.answered_at is None
    assert_clean_idle(engine)


def test_far_end_hangs_up_mid_call(make_engine, sipp, database):
    peer = sipp.uas("uas_bye_midcall.xml", "-rtp_echo")
    engine, events = make_engine()
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    key = engine.dial(peer.uri()).key
    assert engine.run_until(lambda: engine.active_call and engine.active_call.state is CallState.CONNECTED, 3)
    wait_idle(engine, 5)
    ended = events.ended(key)
    assert ended.end_reason is EndReason.REMOTE_HANGUP
    assert ended.hint is None  # they answered: the agent judges what happened
    assert 0.8 < ended.talk_seconds < 2.0
    assert_clean_idle(engine)
    assert peer_exit(engine, peer, 5) == 0, peer.describe()  # our 200 OK to its BYE arrived
    row = only_interaction(database, interactions)
    assert row.sip_code == 200
    assert row.sip_reason == "OK; remote_hangup"
    assert row.talk_seconds == 1


def test_incoming_audio_stops_watchdog_ends_call(make_engine, sipp, database, tmp_path):
    burst = tmp_path / "burst.ulaw"
    burst.write_bytes(b"\xff" * 8000)  # one second of PCMU, then the far end's media goes dead
    peer = sipp.uas("uas_audio_stops.xml", values={"audio": burst})
    engine, events = make_engine(media_timeout=1.0)
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    key = engine.dial(peer.uri()).key
    assert engine.run_until(lambda: engine.active_call and engine.active_call.state is CallState.CONNECTED, 3)
    wait_idle(engine, 6)
    stalls = events.of(MediaStalled)
    assert [(s.key, s.stalled) for s in stalls] == [(key, True)]
    assert stalls[0].silent_seconds >= 1.0
    ended = events.ended(key)
    assert (ended.end_reason, ended.hint) == (EndReason.MEDIA_TIMEOUT, "network_failure")
    # It talked for the burst (1 s) plus the watchdog's second, not less: the audio did flow at first.
    assert 1.8 < ended.talk_seconds < 3.5
    assert_clean_idle(engine)
    assert peer_exit(engine, peer, 5) == 0, peer.describe()
    assert only_interaction(database, interactions).sip_reason == "OK; media_timeout"


def test_watchdog_can_only_flag(make_engine, sipp, tmp_path):
    burst = tmp_path / "burst.ulaw"
    burst.write_bytes(b"\xff" * 4000)
    peer = sipp.uas("uas_audio_stops.xml", values={"audio": burst})
    engine, events = make_engine(media_timeout=0.8, media_timeout_hangup=False)
    key = engine.dial(peer.uri()).key
    assert engine.run_until(lambda: any(e.stalled for e in events.of(MediaStalled)), 5)
    assert engine.active_call.state is CallState.CONNECTED
    assert engine.active_call.media_stalled
    engine.hang_up()
    wait_idle(engine)
    assert events.ended(key).end_reason is EndReason.LOCAL_HANGUP


def test_call_that_cannot_go_out_is_no_attempt(make_engine, database):
    """No TLS transport here: pjsua refuses at once, nothing leaves the desk. The call ends (the agent is told why)
    but it is no contact attempt: its row is withdrawn, an audit line says what happened."""
    from db.models import AuditEvent

    engine, events = make_engine()
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    result = engine.dial("sip:customer@127.0.0.1:5061;transport=tls")
    assert result.placed
    ended = events.ended(result.key)
    assert (ended.sip_code, ended.end_reason, ended.hint) == (None, EndReason.FAILED, "network_failure")
    assert ended.sip_reason and not ended.left_desk
    assert_clean_idle(engine)
    interactions.flush()
    with database.session() as session:
        assert session.scalars(select(Interaction)).all() == []
        [audit] = session.scalars(select(AuditEvent).where(AuditEvent.action == "dial.not_placed")).all()
    assert audit.after is not None and audit.after["why"]
