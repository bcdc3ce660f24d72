"""Why a call failed, in words: from the SIP status the far end sent and, when nothing came back, the local
cause pjsip met (a timeout, the transport, DNS, TLS).

This is what ``agent-desk sip-test`` and "Test my phone" print after "The call failed: …". It is not the
disposition hint (:mod:`agent_desk.softphone.hints`), which only pre-fills the wrap-up: a 401 and a dead network
may both pre-fill "network failure", but the person testing the phone needs to know which one it was.
"""

from __future__ import annotations

from agent_desk.logs import mask_phone
from agent_desk.softphone.events import CallSnapshot
from agent_desk.softphone.hints import EndReason
from agent_desk.text import Message
from db.models import Direction

# pjsip's own words for what went wrong locally (its status texts and the system's errno strings).
_LOCAL_CAUSES = (
    ("dns", ("unresolved", "resolve", "gethostbyname", "dns", "name or service not known", "no address")),
    ("tls", ("ssl", "tls", "certificate", "handshake")),
    ("timeout", ("timeout", "timed out")),
    (
        "transport",
        ("refused", "transport", "unreachable", "connection reset", "broken pipe", "no route", "network is down"),
    ),
)
_BY_STATUS = {
    403: "forbidden",
    404: "not_found",
    410: "not_found",
    484: "not_found",
    604: "not_found",
    486: "busy",
    600: "busy",
    480: "unavailable",
    488: "no_common_codec",
    606: "no_common_codec",
    603: "declined",
}


def local_cause(reason: str) -> str | None:
    """``dns``, ``tls``, ``timeout`` or ``transport`` when pjsip's reason names one, else None."""
    text = reason.lower()
    for cause, needles in _LOCAL_CAUSES:
        if any(needle in text for needle in needles):
            return cause
    return None


_BY_END_REASON = {
    EndReason.NO_ANSWER_TIMEOUT: "no_answer",
    EndReason.CALLER_CANCELLED: "caller_cancelled",
    EndReason.NO_COMMON_MEDIA: "no_common_codec",
}


def failure_cause(call: CallSnapshot, *, credentials: bool, no_response_seconds: float = 0) -> Message:
    """What went wrong with a call that ended without being answered (``softphone.cause.*``).

    Args:
        credentials: whether the phone had a user name and password to answer a digest challenge with.
        no_response_seconds: how long the engine waits for a first answer (said when it gave up).
    """
    if call.end_reason is EndReason.NO_RESPONSE_TIMEOUT:
        return Message.of("softphone.cause.no_response", seconds=round(no_response_seconds))
    if call.end_reason in _BY_END_REASON:
        return Message.of(f"softphone.cause.{_BY_END_REASON[call.end_reason]}")
    if call.end_reason is EndReason.LOCAL_HANGUP and not call.answered:
        return Message.of("softphone.cause.cancelled")
    code = call.sip_code or 0
    if 300 <= code < 400 or call.redirected_to:
        return Message.of("softphone.cause.redirected", target=mask_phone(call.redirected_to or "?"))
    if call.direction is Direction.OUTBOUND and not call.got_response:  # nothing came back: pjsip's own status
        cause = local_cause(call.sip_reason or "") or ("timeout" if code == 408 else "other")
        return Message.of(f"softphone.cause.local_{cause}")
    return Message.of(f"softphone.cause.{_status_cause(code, credentials)}")


def _status_cause(code: int, credentials: bool) -> str:
    """The cause named by a final SIP status from the far end."""
    if code in (401, 407):
        return "credentials_refused" if credentials else "credentials_needed"
    if code in _BY_STATUS:
        return _BY_STATUS[code]
    ranges = (
        (200, "ended_before_setup"),  # a 2xx, then a BYE before the ACK
        (300, "redirected"),
        (400, "request_refused"),
        (500, "server_error"),
        (600, "declined"),
    )
    if code == 487:
        return "cancelled"
    if code == 408:
        return "far_timeout"
    return next((cause for start, cause in ranges if start <= code < start + 100), "other")
