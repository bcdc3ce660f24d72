"""The engine's pure parts: disposition hints, registration state machine, media watchdog, reason text."""

from __future__ import annotations

import datetime as dt

import pytest

from agent_desk.softphone import CallSnapshot, CallState, EndReason, RegistrationState, disposition_hint
from agent_desk.softphone.calls import number_from_uri
from agent_desk.softphone.records import sip_reason_text
from agent_desk.softphone.registration import Action, RegistrationTracker
from agent_desk.softphone.watchdog import MediaWatchdog
from db.models import Direction


@pytest.mark.parametrize(
    ("code", "end_reason", "answered", "got_response", "hint"),
    [
        (404, EndReason.FAILED, False, True, "number_invalid"),
        (484, EndReason.FAILED, False, True, "number_invalid"),
        (604, EndReason.FAILED, False, True, "number_invalid"),
        (486, EndReason.FAILED, False, True, "busy"),
        (600, EndReason.FAILED, False, True, "busy"),
        (480, EndReason.FAILED, False, True, "no_answer"),
        (408, EndReason.FAILED, False, True, "no_answer"),
        (408, EndReason.FAILED, False, False, "network_failure"),  # our own stack gave up: nobody answered
        (487, EndReason.NO_ANSWER_TIMEOUT, False, True, "no_answer"),
        (487, EndReason.LOCAL_HANGUP, False, True, "no_answer"),
        (603, EndReason.FAILED, False, True, "call_rejected"),
        (503, EndReason.FAILED, False, True, "network_failure"),
        (502, EndReason.FAILED, False, True, "network_failure"),
        (None, EndReason.FAILED, False, False, "network_failure"),
        (None, EndReason.NO_RESPONSE_TIMEOUT, False, False, "network_failure"),
        (200, EndReason.REMOTE_HANGUP, True, True, None),
        (200, EndReason.LOCAL_HANGUP, True, True, None),
        (200, EndReason.MEDIA_TIMEOUT, True, True, "network_failure"),
    ],
)
def test_disposition_hints(code, end_reason, answered, got_response, hint):
    assert disposition_hint(code, answered=answered, end_reason=end_reason, got_response=got_response) == hint


def test_hints_are_disposition_codes():
    from agent_desk.resources import load_toml

    catalog = load_toml("dispositions.toml")
    for hint in ("number_invalid", "busy", "no_answer", "call_rejected", "network_failure"):
        assert hint in catalog


def test_registration_success_resets_attempts():
    tracker = RegistrationTracker(timeout=5, retry_delays=(1, 2), account="alice@pbx")
    tracker.start(0)
    assert tracker.status(0).state is RegistrationState.REGISTERING
    tracker.result(0.1, 200, "OK", active=True)
    status = tracker.status(0.1)
    assert (status.state, status.attempt, status.message.code) == (
        RegistrationState.REGISTERED,
        0,
        "softphone.registered",
    )
    assert tracker.tick(100) is Action.NONE


def test_registration_timeout_then_bounded_retries():
    tracker = RegistrationTracker(timeout=2, retry_delays=(1, 3))
    tracker.start(0)
    assert tracker.tick(1.9) is Action.NONE
    assert tracker.tick(2.0) is Action.CHANGED
    status = tracker.status(2.0)
    assert (status.state, status.code, status.retry_in) == (RegistrationState.RETRYING, 408, 1)
    assert status.message.kwargs["reason"].code == "softphone.registrar_timeout"
    assert tracker.tick(2.5) is Action.NONE
    assert tracker.tick(3.0) is Action.RETRY
    tracker.start(3.0)
    tracker.result(3.1, 503, "Service Unavailable", active=False)
    assert tracker.status(3.1).retry_in == pytest.approx(3)
    assert tracker.tick(6.1) is Action.RETRY
    tracker.start(6.1)
    assert tracker.tick(8.1) is Action.CHANGED
    status = tracker.status(8.1)
    assert (status.state, status.attempt, status.retry_in) == (RegistrationState.FAILED, 3, None)
    assert status.message.code == "softphone.registration_gave_up"
    assert tracker.tick(1000) is Action.NONE
    tracker.start(1000, manual=True)
    assert tracker.status(1000).attempt == 1


def test_wrong_password_stops_retrying():
    tracker = RegistrationTracker(timeout=2, retry_delays=(1,))
    tracker.start(0)
    tracker.result(0.1, 401, "Unauthorized", active=False)
    assert tracker.status(0.1).state is RegistrationState.AUTH_FAILED
    assert tracker.tick(100) is Action.NONE


def test_failed_refresh_keeps_registered_until_it_times_out():
    tracker = RegistrationTracker(timeout=2, retry_delays=(1,))
    tracker.start(0)
    tracker.result(0, 200, "OK", active=True)
    tracker.refresh_started(300)
    assert tracker.status(301).state is RegistrationState.REGISTERED
    assert tracker.tick(302) is Action.CHANGED
    assert tracker.status(302).state is RegistrationState.RETRYING


def test_watchdog_flags_silence_and_recovery():
    watchdog = MediaWatchdog(timeout=2)
    assert watchdog.sample(0, 10) is None
    assert watchdog.sample(1, 60) is None
    assert watchdog.sample(2.9, 60) is None
    assert watchdog.sample(3.0, 60) is True
    assert watchdog.silent_for(3.5) == 2.5
    assert watchdog.sample(3.5, 60) is None  # flagged once
    assert watchdog.sample(4, 70) is False
    assert watchdog.sample(4.5, 5) is None  # the stream was re-created: its counter starts again
    watchdog.pause()
    assert watchdog.sample(100, 5) is None
    assert watchdog.sample(101, 5) is None


def test_watchdog_off():
    watchdog = MediaWatchdog(timeout=0)
    watchdog.sample(0, 1)
    assert watchdog.sample(1000, 1) is None


def snapshot(**changes) -> CallSnapshot:
    values = {
        "key": 1,
        "direction": Direction.OUTBOUND,
        "state": CallState.ENDED,
        "number": "+62812",
        "remote_uri": "sip:x",
        "sip_call_id": "c",
        "sip_code": 200,
        "sip_reason": "OK",
        "started_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "answered_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "ended_at": None,
        "talk_seconds": 3.0,
        "muted": False,
        "recording_path": None,
        "end_reason": EndReason.LOCAL_HANGUP,
        "hint": None,
        "caller": None,
        "customer_id": None,
        "contact_point_id": None,
    }
    values.update(changes)
    return CallSnapshot(**values)


def test_reason_text_says_who_ended_a_conversation():
    assert sip_reason_text(snapshot()) == "OK; local_hangup"
    assert sip_reason_text(snapshot(end_reason=EndReason.REMOTE_HANGUP)) == "OK; remote_hangup"
    failed = snapshot(answered_at=None, sip_code=486, sip_reason="Busy Here", end_reason=EndReason.FAILED)
    assert sip_reason_text(failed) == "Busy Here"
    timeout = snapshot(answered_at=None, sip_code=None, sip_reason="", end_reason=EndReason.NO_RESPONSE_TIMEOUT)
    assert sip_reason_text(timeout) == "no_response_timeout"


def test_number_from_uri():
    assert number_from_uri('"Ani" <sip:+6281234567890@10.0.0.1:5060>;tag=x') == "+6281234567890"
    assert number_from_uri("sip:0215551234@pbx;user=phone") == "0215551234"
    assert number_from_uri("anonymous") == "anonymous"
