"""The engine's own rules: one endpoint per process, clean failure to start, masked logs, sturdy listeners."""

from __future__ import annotations

import logging
import socket

import pytest

from agent_desk.softphone import AccountSettings, CallState, RegistrationState, Softphone, SoftphoneError
from tests.softphone.helpers import fast_options, wait_idle

pytestmark = pytest.mark.sip


def test_one_engine_per_process(make_engine, tmp_path):
    make_engine()
    second = Softphone(fast_options(tmp_path))
    with pytest.raises(SoftphoneError) as raised:
        second.start()
    assert raised.value.message.code == "softphone.engine_in_use"
    assert not second.started


def test_port_in_use_fails_cleanly_and_a_new_start_works(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        engine = Softphone(fast_options(tmp_path, sip_port=port))
        with pytest.raises(SoftphoneError) as raised:
            engine.start()
    assert raised.value.message.code == "softphone.start_failed"
    assert not engine.started
    engine.poll()  # harmless when not running
    engine.shutdown()
    retry = Softphone(fast_options(tmp_path))
    retry.start()  # the failed endpoint was destroyed completely
    retry.shutdown()
    retry.shutdown()  # twice is harmless


def test_a_failing_listener_does_not_stop_the_phone(make_engine, sipp, caplog):
    peer = sipp.uas("uas_full.xml", "-rtp_echo")
    engine, events = make_engine()

    def broken(event: object) -> None:
        raise RuntimeError("listener bug")

    engine.subscribe(broken)
    key = engine.dial(peer.uri()).key
    assert engine.run_until(lambda: getattr(engine.active_call, "state", None) is CallState.CONNECTED, 3)
    engine.hang_up(key)
    wait_idle(engine)
    assert events.ended(key) is not None
    assert "listener bug" in caplog.text


def test_pjsip_log_masks_numbers_and_names(make_engine, sipp, caplog):
    """pjsip at level 4 dumps whole SIP messages; they reach our log with numbers and names masked."""
    caplog.set_level(logging.DEBUG, logger="agent_desk.softphone.pjsip")
    peer = sipp.uas("uas_full.xml", "-rtp_echo")
    registrar = sipp.uas("registrar.xml", values={"user": "6281299998888", "password": "pw", "wrong_code": 403})
    engine, _events = make_engine(pjsip_log_level=4)
    account = AccountSettings(registrar=registrar.address, user="6281299998888", display_name="Siti Rahayu")
    engine.configure(account, "pw")
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.REGISTERED, 3)
    key = engine.dial(f"sip:+6281234567890@127.0.0.1:{peer.port}").key
    assert engine.run_until(lambda: getattr(engine.active_call, "state", None) is CallState.CONNECTED, 3)
    engine.hang_up(key)
    wait_idle(engine)
    pjsip_lines = [r.getMessage() for r in caplog.records if r.name == "agent_desk.softphone.pjsip"]
    text = "\n".join(pjsip_lines)
    assert "INVITE sip:" in text  # the messages are there…
    assert "6281234567890" not in text  # …but not the number dialled,
    assert "6281299998888" not in text  # nor ours,
    assert "Siti Rahayu" not in text  # nor a display name
    assert "…890@" in text
