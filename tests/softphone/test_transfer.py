"""Blind transfer (REFER) of a connected call, e.g. to a supervisor."""

from __future__ import annotations

import pytest

from agent_desk.softphone import CallState, EndReason, SoftphoneError, TransferProgress
from tests.softphone.helpers import peer_exit, wait_idle

pytestmark = pytest.mark.sip


def test_blind_transfer_refers_and_ends_our_leg(make_engine, sipp):
    peer = sipp.uas("uas_refer.xml")
    engine, events = make_engine()
    key = engine.dial(peer.uri()).key
    assert engine.run_until(lambda: engine.active_call and engine.active_call.state is CallState.CONNECTED, 3)
    engine.transfer("sip:supervisor@127.0.0.1:5999", key)
    wait_idle(engine, 5)
    assert peer_exit(engine, peer, 5) == 0, peer.describe()
    assert "REFER to sip:supervisor@127.0.0.1:5999" in " ".join(peer.log().split())
    progress = events.of(TransferProgress)
    assert progress
    assert progress[-1].final
    assert progress[-1].code == 200
    ended = events.ended(key)
    assert ended.end_reason is EndReason.TRANSFERRED
    assert ended.hint is None


def test_transfer_needs_a_call_and_a_valid_target(engine):
    engine_, _events = engine
    with pytest.raises(SoftphoneError) as raised:
        engine_.transfer("sip:supervisor@127.0.0.1")
    assert raised.value.message.code == "softphone.no_call"
    with pytest.raises(SoftphoneError) as raised:
        engine_.transfer("two thousand")
    assert raised.value.message.code == "softphone.number_invalid"
