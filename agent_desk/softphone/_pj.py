"""The pjsua2 subclasses. Their callbacks only copy plain values into the engine's inbox: all real work
happens in :meth:`Softphone.poll`, after ``libHandleEvents`` has returned, so no pjsua2 object is dropped or
re-entered from inside a callback (the one made there is an incoming Call, which pjsua2 requires), and no
exception ever escapes into pjsua2 (it would abort the process).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import logging
import re
import sys
import traceback
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import pjsua2 as pj

from agent_desk.logs import mask_phone

log = logging.getLogger(__name__)
pjsip_log = logging.getLogger("agent_desk.softphone.pjsip")

_F = TypeVar("_F", bound=Callable[..., None])
_QUOTED = re.compile(r'"[^"\r\n]*"')
_STATUS_LINE = re.compile(r"SIP/2\.0 (\d{3}) ([^\r\n]*)")
_CONTACT = re.compile(r"^(?:Contact|m)[ \t]*:[ \t]*([^\r\n,]+)", re.IGNORECASE | re.MULTILINE)


def log_failure(logger: logging.Logger, message: str, *args: object) -> None:
    """Log the exception being handled, its traceback as text, keeping no frame alive.

    A record's ``exc_info`` holds the traceback, whose frames hold pjsua2 objects (a Call, the Endpoint); a
    handler that keeps records (a memory handler, pytest's caplog) would keep them alive past
    ``libDestroy``, which aborts the process.
    """
    logger.error(message + "\n%s", *args, traceback.format_exc().rstrip())


def guarded(method: _F) -> _F:
    """Wrap a pjsua2 callback so that nothing escapes it; a Ctrl-C is kept for :meth:`Softphone.poll`."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any) -> None:
        try:
            method(self, *args)
        except BaseException as error:
            log_failure(log, "pjsua2 callback %s failed", method.__name__)
            if not isinstance(error, Exception):
                sink = getattr(self, "_sink", None)
                if sink is not None:
                    sink.interrupted(error.with_traceback(None))  # its frames hold this pjsua2 object

    return wrapper  # type: ignore[return-value]


@dataclasses.dataclass(frozen=True)
class CallInfo:
    """The parts of ``pj.CallInfo`` the engine uses, copied out while the call is alive."""

    state: int
    code: int
    reason: str
    call_id: str
    remote_uri: str
    media: tuple[tuple[int, int, int], ...]  # (index, type, status)


def read_call_info(call: pj.Call) -> CallInfo:
    ci = call.getInfo()  # into a variable first: fields read through a temporary point at freed memory
    media = tuple((index, int(item.type), int(item.status)) for index, item in enumerate(ci.media))
    return CallInfo(
        state=int(ci.state),
        code=int(ci.lastStatusCode),
        reason=str(ci.lastReason),
        call_id=str(ci.callIdString),
        remote_uri=str(ci.remoteUri),
        media=media,
    )


def _response_of(event: pj.SipEvent) -> tuple[int, str, str]:
    """The status code, reason phrase and first Contact of the response an event carries (0, "", "" if none)."""
    whole = ""
    if event.type == pj.PJSIP_EVENT_RX_MSG:
        whole = str(event.body.rxMsg.rdata.wholeMsg)
    elif event.type == pj.PJSIP_EVENT_TSX_STATE:
        whole = str(event.body.tsxState.src.rdata.wholeMsg)
    status = _STATUS_LINE.match(whole.lstrip())
    contact = _CONTACT.search(whole)
    return (
        int(status.group(1)) if status else 0,
        status.group(2).strip() if status else "",
        contact.group(1).strip() if contact else "",
    )


class Inbox(Protocol):
    """What the pjsua2 subclasses report to (the engine)."""

    def interrupted(self, error: BaseException) -> None: ...
    def call_state(self, key: int, info: CallInfo) -> None: ...
    def call_media(self, key: int) -> None: ...
    def call_dtmf(self, key: int, digit: str) -> None: ...
    def call_transfer(self, key: int, code: int, reason: str, final: bool) -> None: ...
    def call_response(self, key: int) -> None: ...
    def call_cancel_sent(self, key: int) -> None: ...
    def call_redirected(self, key: int, target: str, code: int, reason: str) -> None: ...
    def incoming_call(self, account: PjAccount, call_id: int) -> None: ...
    def registration_started(self, serial: int, renew: bool) -> None: ...
    def registration_state(self, serial: int, code: int, reason: str, active: bool) -> None: ...


class PjAccount(pj.Account):  # type: ignore[misc]
    """An account; reported by ``serial`` only, so the inbox never keeps an old account alive.

    (A stale pjsua2 Account deletes whatever account reuses its pjsua slot when it is finally destroyed.)
    """

    _serials = itertools.count(1)

    def __init__(self, sink: Inbox, name: str) -> None:
        super().__init__()
        self._sink = sink
        self.name = name
        self.serial = next(self._serials)

    @guarded
    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        self._sink.incoming_call(self, int(prm.callId))

    @guarded
    def onRegStarted(self, prm: pj.OnRegStartedParam) -> None:
        self._sink.registration_started(self.serial, bool(prm.renew))

    @guarded
    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        info = self.getInfo()
        self._sink.registration_state(self.serial, int(prm.code), str(prm.reason), bool(info.regIsActive))


class PjCall(pj.Call):  # type: ignore[misc]
    def __init__(self, sink: Inbox, key: int, account: PjAccount, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(account, call_id)
        self._sink = sink
        self.key = key

    @guarded
    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        self._sink.call_state(self.key, read_call_info(self))

    @guarded
    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        self._sink.call_media(self.key)

    @guarded
    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        self._sink.call_dtmf(self.key, str(prm.digit))

    @guarded
    def onCallTsxState(self, prm: pj.OnCallTsxStateParam) -> None:
        event = prm.e  # prm outlives this frame; only temporaries returned by calls must not be read through
        if event.type != pj.PJSIP_EVENT_TSX_STATE:
            return
        body = event.body.tsxState
        tsx = body.tsx
        if tsx.role != pj.PJSIP_ROLE_UAC:
            return
        method = str(tsx.method)
        if body.type == pj.PJSIP_EVENT_RX_MSG and method == "INVITE":
            self._sink.call_response(self.key)
        elif body.type == pj.PJSIP_EVENT_TX_MSG and method == "CANCEL":
            self._sink.call_cancel_sent(self.key)

    def onCallRedirected(self, prm: pj.OnCallRedirectedParam) -> int:
        """A 3xx: never followed (the new target is a number no compliance check saw); the call ends with it."""
        try:
            code, reason, contact = _response_of(prm.e)
            self._sink.call_redirected(self.key, contact or str(prm.targetUri), code, reason)
        except BaseException:
            log_failure(log, "pjsua2 callback onCallRedirected failed")
        return int(pj.PJSIP_REDIRECT_STOP)

    @guarded
    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:
        self._sink.call_transfer(self.key, int(prm.statusCode), str(prm.reason), bool(prm.finalNotify))


class PjLogWriter(pj.LogWriter):  # type: ignore[misc]
    """pjsip's log into Python logging, numbers and quoted display names masked (it runs on any thread).

    pjsip's errors are mostly about the peer or the network, which the engine reports in its own words, so
    its lines go in low: level 0–1 as warnings, 2 as info, the rest as debug.
    """

    def write(self, entry: pj.LogEntry) -> None:
        try:
            text = str(entry.msg).rstrip()
            if text:
                pj_level = int(entry.level)
                level = logging.WARNING if pj_level <= 1 else logging.INFO if pj_level == 2 else logging.DEBUG
                pjsip_log.log(level, "%s", _QUOTED.sub('"…"', mask_phone(text)))
        except BaseException:
            with contextlib.suppress(BaseException):
                sys.stderr.write("pjsip log writer failed\n")
