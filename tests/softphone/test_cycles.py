"""The engine's life cycle, fifty times over, with a real call in each life."""

from __future__ import annotations

import logging

import pytest

from agent_desk.softphone import CallChanged, CallSnapshot, CallState, EndReason, Softphone, SoftphoneEvent
from tests.softphone.helpers import fast_options, wait_idle

pytestmark = [pytest.mark.sip, pytest.mark.slow]

CYCLES = 50


def connected(engine: Softphone) -> bool:
    return getattr(engine.active_call, "state", None) is CallState.CONNECTED


def test_fifty_start_stop_cycles_with_a_call_each(sipp, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="agent_desk.softphone")
    peer = sipp.uas("uas_full.xml", "-rtp_echo", calls=CYCLES)
    ended: list[CallSnapshot] = []

    def collect(event: SoftphoneEvent) -> None:
        if isinstance(event, CallChanged) and event.call.state is CallState.ENDED:
            ended.append(event.call)

    for cycle in range(CYCLES):
        engine = Softphone(fast_options(tmp_path))
        engine.subscribe(collect)
        engine.start()
        try:
            result = engine.dial(peer.uri())
            assert result.placed, (cycle, result.refusals)
            assert engine.run_until(lambda phone=engine: connected(phone), 3), cycle
            engine.hang_up()
            wait_idle(engine)
        finally:
            engine.shutdown()
        assert not engine.started
    assert peer.wait(10) == 0, peer.describe()  # sipp saw all fifty calls through and exited by itself
    assert sipp.stop_all() == []  # nothing left running
    assert len(ended) == CYCLES
    assert {(call.sip_code, call.end_reason) for call in ended} == {(200, EndReason.LOCAL_HANGUP)}
    assert "ETOOMANY" not in caplog.text
    assert "Too many" not in caplog.text
