"""Inbound calls from a real sipp UAC: the caller's customer is shown, answered or rejected, ended cleanly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agent_desk.softphone import CallerMatch, CallState, EndReason
from agent_desk.softphone.lookup import caller_directory, find_caller
from agent_desk.softphone.records import InteractionLog
from db.models import Direction, Interaction
from tests.softphone.helpers import CUSTOMER_NUMBER, peer_exit, wait_idle

pytestmark = pytest.mark.sip


def incoming(engine, events, timeout: float = 5.0):
    assert engine.run_until(lambda: engine.active_call and engine.active_call.state is CallState.INCOMING, timeout)
    return engine.active_call


def test_inbound_call_shows_customer_is_answered_and_far_end_bye_ends_it(make_engine, sipp, database, customer):
    user_id, customer_id, point_id = customer
    engine, events = make_engine(caller_lookup=caller_directory(database.session))
    interactions = InteractionLog(database.session, user_id=user_id)
    engine.subscribe(interactions)
    peer = sipp.uac("uac_inbound.xml", engine.local_address, values={"caller": "+6281234567890"})

    call = incoming(engine, events)
    assert call.direction is Direction.INBOUND
    assert call.number == CUSTOMER_NUMBER
    assert call.caller == CallerMatch(customer_id=customer_id, customer_name="Siti Rahayu", contact_point_id=point_id)
    assert call.customer_id == customer_id
    assert "180 Ringing" in peer.messages()

    engine.answer(call.key)
    assert engine.run_until(lambda: engine.active_call and engine.active_call.state is CallState.CONNECTED, 3)
    wait_idle(engine, 5)  # the caller hangs up after a second
    assert peer_exit(engine, peer, 5) == 0, peer.describe()

    ended = events.ended(call.key)
    assert ended.end_reason is EndReason.REMOTE_HANGUP
    assert ended.hint is None
    assert 0.8 < ended.talk_seconds < 2.0
    assert events.states(call.key) == [CallState.INCOMING, CallState.CONNECTED, CallState.ENDED]
    assert engine.calls() == []
    assert not engine._records

    interactions.flush()
    with database.session() as session:
        row = session.scalars(select(Interaction)).one()
    assert row.direction is Direction.INBOUND
    assert (row.customer_id, row.contact_point_id, row.user_id) == (customer_id, point_id, user_id)
    assert row.dialed_number == CUSTOMER_NUMBER
    assert row.sip_code == 200
    assert row.sip_reason == "OK; remote_hangup"
    assert row.answered_at is not None
    assert row.talk_seconds == 1


def test_unknown_caller_is_shown_without_customer(make_engine, sipp, database, customer):
    engine, events = make_engine(caller_lookup=caller_directory(database.session))
    sipp.uac("uac_inbound_refused.xml", engine.local_address, values={"caller": "0215551234", "code": 603})
    call = incoming(engine, events)
    assert call.number == "0215551234"
    assert call.caller is None
    assert call.customer_id is None
    engine.hang_up(call.key)  # hanging up an incoming call declines it
    wait_idle(engine)
    assert events.ended(call.key).end_reason is EndReason.REJECTED_BY_AGENT


def test_rejected_call_answers_603_and_is_recorded(make_engine, sipp, database, customer):
    _user_id, customer_id, _point_id = customer
    engine, events = make_engine(caller_lookup=caller_directory(database.session))
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    peer = sipp.uac("uac_inbound_refused.xml", engine.local_address, values={"caller": "081234567890", "code": 603})
    call = incoming(engine, events)
    assert call.caller is not None
    assert call.caller.customer_id == customer_id
    engine.reject(call.key)
    wait_idle(engine)
    assert peer_exit(engine, peer, 5) == 0, peer.describe()
    assert "SIP/2.0 603 Decline" in peer.messages()
    ended = events.ended(call.key)
    assert (ended.sip_code, ended.end_reason) == (603, EndReason.REJECTED_BY_AGENT)
    interactions.flush()
    with database.session() as session:
        row = session.scalars(select(Interaction)).one()
    assert (row.direction, row.sip_code, row.answered_at) == (Direction.INBOUND, 603, None)
    assert row.customer_id == customer_id


def test_caller_who_gives_up_is_a_missed_call(make_engine, sipp, database):
    engine, events = make_engine()
    interactions = InteractionLog(database.session)
    engine.subscribe(interactions)
    peer = sipp.uac("uac_inbound_cancel.xml", engine.local_address, values={"caller": "+6281234567890"})
    call = incoming(engine, events)
    wait_idle(engine)  # nobody answers; the caller cancels
    assert peer_exit(engine, peer, 5) == 0, peer.describe()
    ended = events.ended(call.key)
    assert (ended.sip_code, ended.end_reason, ended.answered_at) == (487, EndReason.CALLER_CANCELLED, None)
    interactions.flush()
    with database.session() as session:
        row = session.scalars(select(Interaction)).one()
    assert (row.direction, row.sip_code, row.answered_at) == (Direction.INBOUND, 487, None)
    assert row.sip_reason == "Request Terminated; caller_cancelled"


def test_second_inbound_call_while_busy_gets_486(make_engine, sipp):
    engine, events = make_engine()
    outbound = sipp.uas("uas_full.xml", "-rtp_echo")
    key = engine.dial(outbound.uri()).key
    assert engine.run_until(lambda: engine.active_call.state is CallState.CONNECTED, 3)
    caller = sipp.uac("uac_inbound_refused.xml", engine.local_address, values={"caller": "+6281234567890", "code": 486})
    assert peer_exit(engine, caller, 5) == 0, caller.describe()
    assert engine.active_call.key == key
    assert engine.active_call.state is CallState.CONNECTED
    missed = [s for s in events.snapshots() if s.key != key]
    assert missed
    assert missed[-1].state is CallState.ENDED
    assert missed[-1].end_reason is EndReason.BUSY_LINE
    engine.hang_up(key)
    wait_idle(engine)


def test_find_caller_prefers_the_customers_own_number(database, customer):
    _user_id, customer_id, point_id = customer
    with database.session() as session:
        assert find_caller(session, "+62 812-3456-7890") == CallerMatch(customer_id, "Siti Rahayu", point_id)
        assert find_caller(session, "6281234567890") == CallerMatch(customer_id, "Siti Rahayu", point_id)
        assert find_caller(session, "+6281299999999") is None
        assert find_caller(session, "anonymous") is None
