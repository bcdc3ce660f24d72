"""Registration against real digest registrars (sipp, kamailio), with the password from a real keyring."""

from __future__ import annotations

import re
import time

import pytest

from agent_desk.credentials import SERVICE_SIP, CredentialStore
from agent_desk.softphone import (
    AccountSettings,
    CallState,
    DialPlan,
    RegistrationChanged,
    RegistrationState,
    lookup_password,
    store_password,
)
from db.models import SipTransport
from tests.softphone.helpers import wait_idle
from tests.support.processes import free_port

pytestmark = pytest.mark.sip


def account_at(address: str, user: str = "alice", **extra: object) -> AccountSettings:
    return AccountSettings(registrar=address, user=user, display_name="Agent Alice", **extra)  # type: ignore[arg-type]


def registrar(sipp, wrong_code: int = 401, port: int | None = None, calls: int = 1, tcp: bool = False):
    values = {"user": "alice", "password": "alicepw", "wrong_code": wrong_code}
    return sipp.uas("registrar.xml", port=port, calls=calls, values=values, tcp=tcp)


def registration_states(events) -> list[RegistrationState]:
    states: list[RegistrationState] = []
    for event in events.of(RegistrationChanged):
        if not states or states[-1] is not event.status.state:
            states.append(event.status.state)
    return states


@pytest.mark.usefixtures("secret_service")
def test_registers_with_password_from_keyring(make_engine, sipp):
    peer = registrar(sipp)
    account = account_at(peer.address)
    store = CredentialStore()
    assert store.keyring_available()
    assert store_password(store, account, "alicepw").code == "softphone.password_stored"
    assert CredentialStore().get(SERVICE_SIP, "alice@" + peer.address) == "alicepw"  # in the keyring itself
    found = lookup_password(CredentialStore(), account)
    assert found.password == "alicepw"
    assert found.keyring_available
    assert found.message is None

    engine, events = make_engine()
    started = time.monotonic()
    engine.configure(account, found.password)
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.REGISTERED, 3)
    assert time.monotonic() - started < 1.0
    status = engine.registration
    assert status.code == 200
    assert status.message.code == "softphone.registered"
    assert registration_states(events) == [RegistrationState.REGISTERING, RegistrationState.REGISTERED]
    assert "REGISTER authorised=true" in peer.log()
    engine.shutdown()  # un-REGISTERs
    assert peer.wait(5) == 0, peer.describe()
    assert "un-REGISTER" in peer.log()


@pytest.mark.parametrize("wrong_code", [401, 403])
def test_wrong_password_is_reported_as_such_and_not_retried(make_engine, sipp, wrong_code):
    peer = registrar(sipp, wrong_code)
    engine, _events = make_engine()
    engine.configure(account_at(peer.address), "not-the-password")
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.AUTH_FAILED, 3)
    status = engine.registration
    assert status.message.code == "softphone.wrong_password"
    assert status.code == wrong_code
    assert status.retry_in is None
    assert "REGISTER authorised=false" in peer.log()
    sent = peer.messages().count("REGISTER sip:")
    # Retrying a wrong password only locks accounts: nothing more is sent by itself.
    engine.run_until(lambda: False, 1.5)
    assert engine.registration.state is RegistrationState.AUTH_FAILED
    assert peer.messages().count("REGISTER sip:") == sent


def test_unreachable_registrar_reported_within_own_timeout_then_retried(make_engine, sipp):
    """UDP silence makes pjsip wait 32 s; the engine says so after its own timeout, and retries."""
    port = free_port()
    engine, events = make_engine(register_timeout=1.0, retry_delays=(0.5, 0.5, 0.5))
    started = time.monotonic()
    engine.configure(account_at(f"127.0.0.1:{port}"), "alicepw")
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.RETRYING, 3)
    reported_after = time.monotonic() - started
    assert 0.9 < reported_after < 1.6, reported_after
    status = engine.registration
    assert status.code == 408
    assert status.attempt == 1
    assert status.max_attempts == 4
    assert status.message.code == "softphone.registration_retrying"
    assert status.message.kwargs["reason"].code == "softphone.registrar_timeout"
    assert 0 < status.retry_in <= 0.5

    # The retry goes out by itself after its delay: attempt 2, visible to the agent.
    assert engine.run_until(lambda: engine.registration.attempt == 2, 1.5)
    assert engine.registration.state is RegistrationState.REGISTERING
    assert engine.registration.message.kwargs == {"attempt": 2, "max_attempts": 4}
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.RETRYING, 2)

    peer = registrar(sipp, port=port, calls=5)  # the registrar comes back
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.REGISTERED, 5)
    assert time.monotonic() - started < 8.0  # not pjsip's 32 s
    assert registration_states(events)[:4] == [
        RegistrationState.REGISTERING,
        RegistrationState.RETRYING,
        RegistrationState.REGISTERING,
        RegistrationState.RETRYING,
    ]
    assert "REGISTER authorised=true" in peer.log()


def test_retries_are_bounded_then_manual(make_engine, sipp):
    """Over TCP a dead registrar fails each attempt at once: after the last retry, the engine stops."""
    port = free_port()
    account = account_at(f"127.0.0.1:{port}", transport=SipTransport.TCP)
    engine, events = make_engine(register_timeout=2.0, retry_delays=(0.3,))
    engine.configure(account, "alicepw")
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.FAILED, 3)
    status = engine.registration
    assert status.attempt == 2
    assert status.retry_in is None
    assert status.message.code == "softphone.registration_gave_up"
    assert status.message.kwargs["attempts"] == 2
    peer = registrar(sipp, port=port, tcp=True)
    engine.run_until(lambda: False, 1.0)
    assert engine.registration.state is RegistrationState.FAILED  # no retry by itself any more
    assert "REGISTER" not in peer.messages()
    engine.retry_registration()  # the agent's "retry" button
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.REGISTERED, 3)
    assert registration_states(events) == [
        RegistrationState.REGISTERING,
        RegistrationState.RETRYING,
        RegistrationState.REGISTERING,
        RegistrationState.FAILED,
        RegistrationState.REGISTERING,
        RegistrationState.REGISTERED,
    ]


def test_dead_tcp_registrar_fails_at_once(make_engine):
    engine, _events = make_engine(register_timeout=5.0, retry_delays=(5.0,))
    started = time.monotonic()
    engine.configure(account_at(f"127.0.0.1:{free_port()}", transport=SipTransport.TCP), "alicepw")
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.RETRYING, 3)
    assert time.monotonic() - started < 1.0
    assert engine.registration.message.kwargs["reason"].code == "softphone.registration_error"


@pytest.mark.usefixtures("secret_service")
@pytest.mark.parametrize("route", ["udp", "tcp", "outbound_proxy"])
def test_kamailio_register_and_call_through_proxy_auth(make_engine, kamailio, route):
    """The whole account path: keyring password, REGISTER digest, INVITE proxy-auth, dial plan, codec order,
    over UDP, over TCP, and through an outbound proxy with the registrar named by a domain."""
    port, uas = kamailio
    settings = {
        "udp": {"registrar": f"127.0.0.1:{port}"},
        "tcp": {"registrar": f"127.0.0.1:{port}", "transport": SipTransport.TCP},
        # The domain does not resolve: only the outbound proxy makes the requests go anywhere.
        "outbound_proxy": {"registrar": "agent-desk.invalid", "outbound_proxy": f"127.0.0.1:{port}"},
    }[route]
    account = AccountSettings(
        user="alice",
        codec_order=("PCMA", "PCMU"),
        dial_plan=DialPlan(region="ID", domestic="national"),
        **settings,  # type: ignore[arg-type]
    )
    store_password(CredentialStore(), account, "alicepw")
    engine, events = make_engine()
    engine.configure(account, lookup_password(CredentialStore(), account).password)
    assert engine.run_until(lambda: engine.registration.state is RegistrationState.REGISTERED, 3), engine.registration
    key = engine.dial("+62 812-3456-7890").key
    assert engine.run_until(lambda: getattr(engine.active_call, "state", None) is CallState.CONNECTED, 3)
    engine.hang_up(key)
    wait_idle(engine)
    messages = uas.messages()
    assert re.search(r"INVITE sip:081234567890@[\w.:;=-]+ SIP/2.0", messages)  # the dial plan's national form
    # It came through kamailio, which relays alice's INVITEs only after a proxy-auth challenge is answered
    # (and strips the credentials before relaying).
    assert "Record-Route: <sip:127.0.0.1:" in messages
    assert re.search(r"m=audio \d+ RTP/AVP 8 0 ", messages)  # PCMA offered first, then PCMU
    assert events.ended(key).number == "+6281234567890"
