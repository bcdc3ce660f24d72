"""Calls: placing, answering, ending, holding, DTMF, transfer, and what pjsua2 reports about them.

A mixin of :class:`agent_desk.softphone.engine.Softphone`, kept apart so neither module grows past reading
size. Every handler named ``_on_*`` runs from the engine's inbox, outside pjsua2 callbacks.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

import pjsua2 as pj

from agent_desk.clock import Clock
from agent_desk.softphone._pj import CallInfo, Inbox, PjCall, log_failure, read_call_info
from agent_desk.softphone.audio import AudioBridge
from agent_desk.softphone.calls import CallRecord, number_from_uri, state_for
from agent_desk.softphone.dialplan import DialPlan, InvalidNumberError
from agent_desk.softphone.events import (
    CallChanged,
    CallerMatch,
    CallSnapshot,
    CallState,
    DialResult,
    DtmfReceived,
    SoftphoneError,
    SoftphoneEvent,
    TransferProgress,
)
from agent_desk.softphone.hints import EndReason
from agent_desk.softphone.media import MediaOperations
from agent_desk.softphone.settings import AccountSettings, EngineOptions
from agent_desk.softphone.watchdog import MediaWatchdog
from agent_desk.text import Message
from db.models import Direction

log = logging.getLogger(__name__)

PreDialCheck = Callable[[str], Sequence[Message]]
"""Called with the E.164 number (or dial string) just before dialing; any message returned blocks the call."""

_MEDIA_CHECK_SECONDS = 0.5


def _op(code: int = 0) -> Any:
    prm = pj.CallOpParam(True)
    if code:
        prm.statusCode = code
    return prm


class CallOperations(MediaOperations):
    """The call half of the engine (see the module docstring); the engine sets these attributes."""

    options: EngineOptions
    clock: Clock
    audio: AudioBridge
    caller_lookup: Callable[[str], CallerMatch | None] | None
    _ep: Any
    _port: Any
    _account: Any
    _local_account: Any
    _settings: AccountSettings | None
    _records: dict[int, CallRecord]
    _lingering: dict[int, CallRecord]
    _dead_recorders: list[tuple[float, Any]]
    _keys: Iterator[int]

    def _emit(self, event: SoftphoneEvent) -> None:
        raise NotImplementedError

    def _drain(self) -> None:
        raise NotImplementedError

    def _emit_call(self, record: CallRecord) -> None:
        self._emit(CallChanged(record.snapshot()))

    def calls(self) -> list[CallSnapshot]:
        """The calls that have not ended, oldest first."""
        return [record.snapshot() for record in self._records.values() if record.active]

    def call(self, key: int) -> CallSnapshot | None:
        record = self._records.get(key)
        return record.snapshot() if record else None

    @property
    def active_call(self) -> CallSnapshot | None:
        for record in self._records.values():
            if record.active:
                return record.snapshot()
        return None

    # --- placing a call ---

    def dial(
        self,
        number: str,
        *,
        pre_dial_check: PreDialCheck | None = None,
        customer_id: int | None = None,
        contact_point_id: int | None = None,
        record: bool | None = None,
        interaction_id: int | None = None,
    ) -> DialResult:
        """Dial ``number`` (a phone number read through the dial plan, or a full SIP URI).

        Refusals (not started, a call already on the line, an invalid number, the pre-dial check saying
        blocked) come back as messages and no call is placed. Once placed, every outcome arrives as events.
        ``interaction_id`` is the attempt the worklist's dial check already recorded: the call completes that row
        instead of writing a second one.
        """
        if self._ep is None:
            return DialResult(None, (Message.of("softphone.not_started"),))
        if any(item.active for item in self._records.values()):
            return DialResult(None, (Message.of("softphone.line_busy"),))
        settings = self._settings
        plan = settings.dial_plan if settings else DialPlan()
        try:
            target = plan.normalise(number)
        except InvalidNumberError as error:
            return DialResult(None, (error.message,))
        if not target.is_uri and settings is None:
            return DialResult(None, (Message.of("softphone.no_account"),))
        if pre_dial_check is not None:
            try:
                refusals = tuple(pre_dial_check(target.e164 or target.dial_string))
            except Exception:
                log_failure(log, "pre-dial check failed")
                refusals = (Message.of("softphone.check_failed"),)
            if refusals:
                return DialResult(None, refusals)
        uri = target.uri(settings.domain if settings else "")
        if settings is not None and not target.is_uri:
            uri = settings.uri_for(uri)
        key = next(self._keys)
        now = self.clock.now()
        entry = CallRecord(
            key=key,
            direction=Direction.OUTBOUND,
            number=target.e164 or target.dial_string,
            remote_uri=uri,
            started_at=now,
            started_mono=time.monotonic(),
            customer_id=customer_id,
            contact_point_id=contact_point_id,
            interaction_id=interaction_id,
            record=self._recording_wanted(record),
        )
        account = self._account or self._local_account
        entry.pj = PjCall(cast("Inbox", self), key, account)  # the engine is the inbox
        self._records[key] = entry  # held before makeCall: callbacks may fire inside it
        try:
            entry.pj.makeCall(uri, _op())
        except pj.Error as error:
            # Nothing went out (no transport, too many calls…): an attempt all the same, with no SIP code.
            log.warning("makeCall failed: %s", error.reason)
            entry.reason = str(error.reason)[:200]
            entry.end_reason = EndReason.FAILED
        if entry.end_reason is EndReason.FAILED:
            self._finish(entry, None)  # outside the handler: its traceback holds the Call
            return DialResult(key)
        self._emit_call(entry)
        self._drain()
        return DialResult(key)

    @property
    def records_calls(self) -> bool:
        """Whether the next call will be recorded (the script then says so)."""
        return self._recording_wanted(None)

    def _recording_wanted(self, override: bool | None) -> bool:
        if override is not None:
            return override
        if self.options.record_calls is not None:
            return self.options.record_calls
        return bool(self._settings and self._settings.record_calls)

    # --- acting on a call ---

    def _pick(self, key: int | None) -> CallRecord:
        if key is None:
            for candidate in self._records.values():
                if candidate.active and not candidate.announced_end:
                    return candidate
            raise SoftphoneError(Message.of("softphone.no_call"))
        record = self._records.get(key)
        if record is None or not record.active or record.pj is None:
            raise SoftphoneError(Message.of("softphone.no_call"))
        return record

    def _pj_call(self, key: int | None, action: str, operation: Callable[[Any], None]) -> CallRecord:
        record = self._pick(key)
        failure = None
        try:
            operation(record.pj)
        except pj.Error as error:
            failure = str(error.reason)
        if failure is not None:
            # Raised outside the handler: pj.Error's traceback (the new exception's context) holds the Call,
            # and whoever keeps the SoftphoneError would keep the Call alive past libDestroy.
            what = Message.of(f"softphone.action_{action}")
            raise SoftphoneError(Message.of("softphone.action_failed", action=what, reason=failure))
        return record

    def answer(self, key: int | None = None) -> None:
        self._pj_call(key, "answer", lambda call: call.answer(_op(200)))
        self._drain()

    def reject(self, key: int | None = None, code: int = 603) -> None:
        record = self._pick(key)
        record.end_reason = EndReason.REJECTED_BY_AGENT
        self._pj_call(record.key, "reject", lambda call: call.hangup(_op(code)))
        self._drain()

    def hang_up(self, key: int | None = None) -> None:
        """End the call: cancel it while it rings, decline it when it is incoming, BYE when connected."""
        record = self._pick(key)
        if record.state is CallState.INCOMING:
            self.reject(record.key)
            return
        if record.direction is Direction.OUTBOUND and not record.got_response and not record.answered:
            self._give_up(record, EndReason.LOCAL_HANGUP)
            return
        self._end(record, EndReason.LOCAL_HANGUP)
        self._drain()

    def hold(self, key: int | None = None) -> None:
        record = self._pick(key)
        record.hold_requested = True
        self._pj_call(record.key, "hold", lambda call: call.setHold(_op()))

    def resume(self, key: int | None = None) -> None:
        def unhold(call: Any) -> None:
            prm = _op()
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(prm)

        record = self._pick(key)
        record.hold_requested = False
        self._pj_call(record.key, "resume", unhold)

    def set_muted(self, muted: bool) -> None:
        """Send silence instead of the microphone (the level meter keeps moving, so the agent sees it)."""
        self.audio.set_muted(muted)
        for record in self._records.values():
            if record.active:
                record.muted = muted
                self._emit_call(record)

    def send_dtmf(self, digits: str, key: int | None = None, method: str | None = None) -> str:
        """Send digits as RFC 2833 events, or as SIP INFO when the far end takes no events; returns which.

        Args:
            method: "auto" (default from the options), "rfc2833" or "info".
        """
        method = method or self.options.dtmf_method
        if method in ("auto", "rfc2833"):
            try:
                self._pj_call(key, "dtmf", lambda call: call.dialDtmf(digits))
            except Exception:
                if method == "rfc2833":
                    raise
            else:
                return "rfc2833"

        def info(call: Any) -> None:
            prm = pj.CallSendDtmfParam()
            prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
            prm.digits = digits
            call.sendDtmf(prm)

        self._pj_call(key, "dtmf", info)
        return "info"

    def transfer(self, target: str, key: int | None = None) -> None:
        """Blind transfer (REFER) to ``target``, a number through the dial plan or a SIP URI."""
        settings = self._settings
        plan = settings.dial_plan if settings else DialPlan()
        try:
            dial_target = plan.normalise(target)
        except InvalidNumberError as error:
            raise SoftphoneError(error.message) from None
        if not dial_target.is_uri and settings is None:
            raise SoftphoneError(Message.of("softphone.no_account"))
        uri = dial_target.uri(settings.domain if settings else "")
        self._pj_call(key, "transfer", lambda call: call.xfer(uri, _op()))

    def _end(self, record: CallRecord, reason: EndReason) -> None:
        if record.end_reason is None or reason is EndReason.MEDIA_TIMEOUT:
            record.end_reason = reason
        try:
            if record.pj is not None:
                record.pj.hangup(_op())
        except pj.Error as error:
            log.info("hangup refused (%s): the call is over already", error.reason)
            self._finish(record, None)

    def _give_up(self, record: CallRecord, reason: EndReason) -> None:
        """End the call for the agent now, even if pjsip still waits for the far end (it cannot CANCEL an
        INVITE nobody answered yet); the pjsua2 Call is held until pjsip lets go of it."""
        record.end_reason = reason
        with contextlib.suppress(pj.Error):
            record.pj.hangup(_op())
        self._drain()
        if record.key in self._records and record.pj is not None:
            self._records.pop(record.key)
            self._lingering[record.key] = record
            self._announce_end(record)

    # --- what pjsua2 reported (from the inbox) ---

    def _on_response(self, key: int) -> None:
        record = self._records.get(key) or self._lingering.get(key)
        if record is not None:
            record.got_response = True

    def _on_redirected(self, key: int, target: str, code: int, reason: str) -> None:
        record = self._records.get(key) or self._lingering.get(key)
        if record is not None:
            record.redirected_to = target
            if code:  # kept as the call's final status: pjsip ends a redirect it may not follow with a 487
                record.code, record.reason = code, reason

    def _on_cancel_sent(self, key: int) -> None:
        # A CANCEL nobody asked for: pjsip gives an early call up by itself only when it cannot use the far
        # end's SDP answer (no codec in common), e.g. in a 183 with early media.
        record = self._records.get(key) or self._lingering.get(key)
        if record is not None and record.end_reason is None:
            record.end_reason = EndReason.NO_COMMON_MEDIA

    def _on_incoming(self, key: int) -> None:
        record = self._records.get(key)
        if record is None or record.pj is None:
            return
        info = read_call_info(record.pj)
        record.remote_uri = info.remote_uri
        record.number = number_from_uri(info.remote_uri)
        record.sip_call_id = info.call_id
        record.state = CallState.INCOMING
        if any(item.active and item.key != key for item in self._records.values()):
            record.end_reason = EndReason.BUSY_LINE
            record.pj.hangup(_op(486))
            return
        if self.caller_lookup is not None:
            try:
                record.caller = self.caller_lookup(record.number)
            except Exception:
                log_failure(log, "caller lookup failed")
        if record.caller is not None:
            record.customer_id = record.caller.customer_id
            record.contact_point_id = record.caller.contact_point_id
        record.pj.answer(_op(180))
        self._emit_call(record)

    def _new_inbound_record(self, key: int, call: PjCall) -> CallRecord:
        record = CallRecord(
            key=key,
            direction=Direction.INBOUND,
            number="",
            remote_uri="",
            started_at=self.clock.now(),
            started_mono=time.monotonic(),
            state=CallState.INCOMING,
            record=self._recording_wanted(None),
        )
        record.pj = call
        return record

    def _on_state(self, key: int, info: CallInfo) -> None:
        record = self._records.get(key) or self._lingering.get(key)
        if record is None:
            return
        if info.call_id:
            record.sip_call_id = info.call_id
        if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self._finish(record, info)
            return
        if record.announced_end:
            return
        if info.state in (
            pj.PJSIP_INV_STATE_EARLY,
            pj.PJSIP_INV_STATE_CONNECTING,
            pj.PJSIP_INV_STATE_CONFIRMED,
        ):
            record.got_response = True
        changed = False
        if info.code and (info.code, info.reason) != (record.code, record.reason):
            record.code, record.reason = info.code, info.reason
            changed = True
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED and record.answered_at is None:
            record.answered_at = self.clock.now()
            record.answered_mono = time.monotonic()
            record.watchdog = MediaWatchdog(self.options.media_timeout)
            record.next_media_check = record.answered_mono + _MEDIA_CHECK_SECONDS
        new_state = state_for(record, info.state)
        if new_state is not None and new_state is not record.state:
            record.state = new_state
            changed = True
        if changed:
            self._emit_call(record)

    def _on_dtmf(self, key: int, digit: str) -> None:
        if key in self._records:
            self._emit(DtmfReceived(key, digit))

    def _on_transfer(self, key: int, code: int, reason: str, final: bool) -> None:
        record = self._records.get(key)
        if record is None:
            return
        self._emit(TransferProgress(key, code, reason, final))
        if final and 200 <= code < 300 and record.active:
            self._end(record, EndReason.TRANSFERRED)

    # --- ending ---

    def _finish(self, record: CallRecord, info: CallInfo | None) -> None:
        """The call is over for pjsip too: settle its facts, tell listeners (once), drop the pjsua2 Call."""
        redirected = bool(record.redirected_to and record.code and 300 <= record.code < 400)  # keep the 3xx
        if info is not None and info.code and not record.answered and not record.announced_end and not redirected:
            record.code, record.reason = info.code, info.reason
        if record.end_reason is None:
            if record.answered:
                record.end_reason = EndReason.REMOTE_HANGUP
            elif record.direction is Direction.INBOUND and record.code == 487:
                record.end_reason = EndReason.CALLER_CANCELLED
            else:
                record.end_reason = EndReason.FAILED
        self._records.pop(record.key, None)
        self._lingering.pop(record.key, None)
        if not record.announced_end:
            self._announce_end(record)
        record.pj = None  # outside any callback: safe to let pjsua2's Call go
        if not any(item.active for item in self._records.values()):
            self.audio.set_muted(False)
            self.audio.set_streaming(False)

    def _announce_end(self, record: CallRecord) -> None:
        record.ended_at = self.clock.now()
        record.ended_mono = time.monotonic()
        record.state = CallState.ENDED
        record.announced_end = True
        self._stop_recording(record)
        record.audio_media = None
        self._emit_call(record)

    # --- timers (every poll) ---

    def _tick_calls(self, now: float) -> None:
        for record in list(self._records.values()):
            if not record.active or record.announced_end:
                continue
            age = now - record.started_mono
            if record.direction is Direction.OUTBOUND and record.state in (
                CallState.DIALING,
                CallState.RINGING,
            ):
                if not record.got_response and age >= self.options.no_response_timeout:
                    self._give_up(record, EndReason.NO_RESPONSE_TIMEOUT)
                elif age >= self.options.no_answer_timeout:
                    self._end(record, EndReason.NO_ANSWER_TIMEOUT)
            elif (
                record.state is CallState.CONNECTED
                and not record.remote_hold  # held by the far end: its silence is on purpose
                and record.watchdog
                and now >= record.next_media_check
            ):
                record.next_media_check = now + _MEDIA_CHECK_SECONDS
                self._check_media(record, now)
        if self._dead_recorders and self._dead_recorders[0][0] <= now:
            self._dead_recorders = [item for item in self._dead_recorders if item[0] > now]
