"""From the end of a call to a disposition hint (codes of ``resources/dispositions.toml``).

A hint pre-fills the wrap-up only when the call never connected; a conversation always needs the agent's own
judgement, so an answered call has no hint (whoever hung up).
"""

from __future__ import annotations

import enum

NUMBER_INVALID = "number_invalid"
BUSY = "busy"
NO_ANSWER = "no_answer"
CALL_REJECTED = "call_rejected"
NETWORK_FAILURE = "network_failure"

_BY_CODE = {
    404: NUMBER_INVALID,
    410: NUMBER_INVALID,
    484: NUMBER_INVALID,
    604: NUMBER_INVALID,
    486: BUSY,
    600: BUSY,
    480: NO_ANSWER,
    408: NO_ANSWER,
    487: NO_ANSWER,  # we cancelled while it rang: nobody picked up in time
    603: CALL_REJECTED,
}


class EndReason(enum.StrEnum):
    """Why a call ended, as the engine saw it."""

    LOCAL_HANGUP = "local_hangup"
    REMOTE_HANGUP = "remote_hangup"
    REJECTED_BY_AGENT = "rejected_by_agent"
    CALLER_CANCELLED = "caller_cancelled"
    FAILED = "failed"
    NO_ANSWER_TIMEOUT = "no_answer_timeout"
    NO_RESPONSE_TIMEOUT = "no_response_timeout"
    MEDIA_TIMEOUT = "media_timeout"
    TRANSFERRED = "transferred"
    BUSY_LINE = "busy_line"
    SHUTDOWN = "shutdown"
    NO_COMMON_MEDIA = "no_common_media"


def disposition_hint(code: int | None, *, answered: bool, end_reason: EndReason, got_response: bool) -> str | None:
    """The disposition hint for a call that ended.

    Args:
        code: the final SIP status of the INVITE (None when no request went out).
        answered: the call was connected at some point.
        end_reason: why it ended.
        got_response: any response at all came back from the far end (a 408 made up by our own stack
            after silence is a network failure, not an unanswered phone).
    """
    if end_reason in (EndReason.MEDIA_TIMEOUT, EndReason.NO_COMMON_MEDIA):
        return NETWORK_FAILURE
    if answered:
        return None
    if end_reason in (EndReason.NO_ANSWER_TIMEOUT, EndReason.LOCAL_HANGUP):
        return NO_ANSWER
    if end_reason is EndReason.NO_RESPONSE_TIMEOUT:
        return NETWORK_FAILURE
    if code is None or code == 0:
        return NETWORK_FAILURE
    if code == 408 and not got_response:
        return NETWORK_FAILURE
    if code in _BY_CODE:
        return _BY_CODE[code]
    return NETWORK_FAILURE
