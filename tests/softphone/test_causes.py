"""Why a call failed, in words: every SIP status class and local cause has its own label, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from agent_desk.softphone import CallSnapshot, CallState, EndReason
from agent_desk.softphone.causes import failure_cause, local_cause
from agent_desk.text import catalog
from db.models import Direction

NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)


def ended(
    code: int | None,
    reason: str = "",
    *,
    end: EndReason = EndReason.FAILED,
    got_response: bool = True,
    direction: Direction = Direction.OUTBOUND,
    redirected_to: str | None = None,
) -> CallSnapshot:
    return CallSnapshot(
        key=1, direction=direction, state=CallState.ENDED, number="x", remote_uri="sip:x@h", sip_call_id="c",
        sip_code=code, sip_reason=reason, started_at=NOW, answered_at=None, ended_at=NOW, talk_seconds=0.0,
        muted=False, recording_path=None, end_reason=end, hint=None, caller=None, customer_id=None,
        contact_point_id=None, got_response=got_response, redirected_to=redirected_to,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("call", "credentials", "cause"),
    [
        (ended(401, "Unauthorized"), False, "credentials_needed"),
        (ended(407, "Proxy Authentication Required"), True, "credentials_refused"),
        (ended(403, "Forbidden"), True, "forbidden"),
        (ended(404, "Not Found"), False, "not_found"),
        (ended(486, "Busy Here"), False, "busy"),
        (ended(480, "Temporarily Unavailable"), False, "unavailable"),
        (ended(488, "Not Acceptable Here"), False, "no_common_codec"),
        (ended(487, "Request Terminated", end=EndReason.NO_COMMON_MEDIA), False, "no_common_codec"),
        (ended(302, "Moved Temporarily", redirected_to="<sip:b@h>"), False, "redirected"),
        (
            ended(200, "Normal call clearing", direction=Direction.INBOUND, got_response=False),
            False,
            "ended_before_setup",
        ),
        (
            ended(487, "Request Terminated", end=EndReason.CALLER_CANCELLED, direction=Direction.INBOUND),
            False,
            "caller_cancelled",
        ),
        (ended(487, "Request Terminated", end=EndReason.NO_RESPONSE_TIMEOUT, got_response=False), False, "no_response"),
        (ended(487, "Request Terminated", end=EndReason.NO_ANSWER_TIMEOUT), False, "no_answer"),
        (ended(None, "Connection refused", got_response=False), False, "local_transport"),
        (ended(None, "Unresolved host name (PJLIB_UTIL_EDNSNOANSWERREC)", got_response=False), False, "local_dns"),
        (ended(503, "SSL handshake failed", got_response=False), False, "local_tls"),
        (ended(408, "Request Timeout", got_response=False), False, "local_timeout"),
        (ended(408, "Request Timeout"), False, "far_timeout"),
        (ended(503, "Service Unavailable"), False, "server_error"),
        (ended(603, "Decline"), False, "declined"),
        (ended(415, "Unsupported Media Type"), False, "request_refused"),
    ],
)
def test_each_failure_has_its_own_words(call: CallSnapshot, credentials: bool, cause: str) -> None:
    message = failure_cause(call, credentials=credentials, no_response_seconds=10)
    assert message.code == f"softphone.cause.{cause}"
    for language in ("en", "id"):
        assert message.code in catalog(language)
        assert "Network failure" not in message.render(language)


def test_local_causes_are_read_from_pjsips_words() -> None:
    assert local_cause("gethostbyname() has returned error") == "dns"
    assert local_cause("Connection refused") == "transport"
    assert local_cause("Timeout") == "timeout"
    assert local_cause("Busy Here") is None
