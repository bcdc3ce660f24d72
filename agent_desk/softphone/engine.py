"""The softphone engine: one pjsua2 endpoint in poll mode, behind plain Python calls and events.

Nothing outside this package sees a pjsua2 object. The owner calls :meth:`Softphone.poll` every 5–10 ms from
one thread (the GUI thread, through a timer); every SIP callback runs inside it, lands in an inbox, and is
turned into :mod:`agent_desk.softphone.events` after ``libHandleEvents`` returns. Lifetime rules measured on
this build (SIP-TESTING.md) are kept here: strong references to every Call and Account, calls keyed by our own
counter, Calls dropped outside callbacks, and an ordered shutdown before ``libDestroy``.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import gc
import itertools
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

import pjsua2 as pj

from agent_desk.clock import Clock, SystemClock
from agent_desk.softphone import _pj
from agent_desk.softphone.accounts import AccountOperations
from agent_desk.softphone.audio import AudioBridge, BridgePort
from agent_desk.softphone.callops import CallOperations
from agent_desk.softphone.calls import CallRecord
from agent_desk.softphone.events import (
    CallerMatch,
    RegistrationState,
    SoftphoneError,
    SoftphoneEvent,
)
from agent_desk.softphone.hints import EndReason
from agent_desk.softphone.registration import Action, RegistrationTracker
from agent_desk.softphone.settings import AccountSettings, EngineOptions
from agent_desk.text import Message
from db.models import SipTransport

log = logging.getLogger(__name__)

Listener = Callable[[SoftphoneEvent], None]
CallerLookup = Callable[[str], CallerMatch | None]

_SHUTDOWN_PUMP_SECONDS = 0.3
_live_engine: Softphone | None = None


@atexit.register
def _shutdown_at_exit() -> None:
    # pjsua2 objects torn down by the interpreter in random order abort the process (assertions in pjmedia).
    if _live_engine is not None:
        _live_engine.shutdown()


@contextlib.contextmanager
def _stdout_to_log() -> Iterator[None]:
    """pjlib prints its first lines to stdout before our log writer exists: catch them into the log."""
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            capture.seek(0)
            for line in capture.read().decode("utf-8", "replace").splitlines():
                _pj.pjsip_log.debug("%s", line)


class Softphone(AccountOperations, CallOperations):
    """A SIP phone for one agent: registration, calls, audio bridge, events.

    Args:
        options: this workstation's options (ports, timeouts, recording).
        clock: where call timestamps come from (the app's injectable clock).
        caller_lookup: finds the customer behind an inbound number (E.164 or as received).
    """

    def __init__(
        self,
        options: EngineOptions | None = None,
        *,
        clock: Clock | None = None,
        caller_lookup: CallerLookup | None = None,
    ) -> None:
        self.options = options or EngineOptions()
        self.clock = clock or SystemClock()
        self.caller_lookup = caller_lookup
        self.audio = AudioBridge()
        self._listeners: list[Listener] = []
        self._inbox: collections.deque[tuple[str, tuple[Any, ...]]] = collections.deque()
        self._draining = False
        self._interrupt: BaseException | None = None
        self._ep: Any = None
        self._log_writer: Any = None
        self._port: Any = None
        self._local_account: Any = None
        self._account: Any = None
        self._account_config: Any = None
        self._settings: AccountSettings | None = None
        self._with_password = False
        self._transports: dict[SipTransport, int] = {}
        self._local_host = "127.0.0.1"
        self._local_port = 0
        self._records: dict[int, CallRecord] = {}
        self._lingering: dict[int, CallRecord] = {}
        self._dead_recorders: list[tuple[float, Any]] = []
        self._keys = itertools.count(1)
        self._tracker = RegistrationTracker(self.options.register_timeout, self.options.retry_delays)
        self._next_status_tick = 0.0
        self._codec_defaults: dict[str, int] = {}

    # --- life cycle ---

    @property
    def started(self) -> bool:
        return self._ep is not None

    @property
    def local_address(self) -> str:
        """``host:port`` our UDP/TCP SIP transports listen on."""
        return f"{self._local_host}:{self._local_port}"

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event (from :meth:`poll`); returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def start(self) -> None:
        """Create the endpoint, its transports and the audio bridge; raises :class:`SoftphoneError`."""
        global _live_engine  # noqa: PLW0603 - pjsua2 allows exactly one endpoint per process
        if self._ep is not None:
            return
        if _live_engine is not None:
            raise SoftphoneError(Message.of("softphone.engine_in_use"))
        ep = pj.Endpoint()
        failure: str | None = None
        try:
            with _stdout_to_log():
                ep.libCreate()
            _live_engine = self
            self._ep = ep
            self._init_library()
            self._create_transports()
            ep.libStart()
            self._apply_codec_order(())
            self._port = BridgePort(self.audio)
            self._port.create()
            self._local_account = self._create_local_account()
        except pj.Error as error:
            failure = str(error.info()) if hasattr(error, "info") else str(error)
        except BaseException:
            ep = None
            self._destroy()
            raise
        if failure is not None:
            # Raised only now, outside the handler: pj.Error's traceback (kept as the new exception's context)
            # holds the Endpoint, and a second Endpoint() while it lives aborts the process.
            ep = None
            self._destroy()
            raise SoftphoneError(Message.of("softphone.start_failed", reason=failure))
        log.info("softphone started on %s", self.local_address)

    def _init_library(self) -> None:
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.maxCalls = 4
        cfg.uaConfig.userAgent = self.options.user_agent
        self._log_writer = _pj.PjLogWriter()
        cfg.logConfig.writer = self._log_writer
        cfg.logConfig.level = self.options.pjsip_log_level
        cfg.logConfig.consoleLevel = self.options.pjsip_log_level
        cfg.logConfig.decor = 0
        cfg.medConfig.noVad = True  # silence suppression would starve the media watchdog and the far end
        cfg.medConfig.ecTailLen = 0  # no sound device, no echo canceller: the headset's own handles it
        cfg.medConfig.clockRate = 16000
        # Keep the (null) sound device's clock running while idle: the bridge only applies port removals
        # on its clock ticks, and a port must be out of the bridge before its memory is freed.
        cfg.medConfig.sndAutoCloseTime = -1
        cfg.medConfig.sndClockRate = 16000
        self._ep.libInit(cfg)
        self._ep.audDevManager().setNullDev()

    def _create_transports(self) -> None:
        config = pj.TransportConfig()
        config.port = self.options.sip_port
        if self.options.listen_host:
            config.boundAddress = self.options.listen_host
        udp = self._ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, config)
        info = self._ep.transportGetInfo(udp)
        host, _, port = str(info.localName).rpartition(":")
        self._local_host = host or self.options.listen_host or "127.0.0.1"
        self._local_port = int(port)
        self._transports[SipTransport.UDP] = udp
        tcp_config = pj.TransportConfig()
        tcp_config.port = self._local_port
        if self.options.listen_host:
            tcp_config.boundAddress = self.options.listen_host
        try:
            self._transports[SipTransport.TCP] = self._ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, tcp_config)
        except pj.Error:
            log.warning("no TCP transport on port %s; SIP over TCP is off", self._local_port)

    def _ensure_tls(self) -> None:
        if SipTransport.TLS in self._transports:
            return
        config = pj.TransportConfig()
        config.port = 0
        if self.options.listen_host:
            config.boundAddress = self.options.listen_host
        if self.options.tls_ca_file:
            # The wheel's OpenSSL looks under /etc/pki/tls by default, which Debian does not have.
            config.tlsConfig.CaListFile = self.options.tls_ca_file
        config.tlsConfig.verifyServer = bool(self.options.tls_ca_file)
        failure = None
        try:
            self._transports[SipTransport.TLS] = self._ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, config)
        except pj.Error as error:
            failure = str(error.reason)
        if failure is not None:  # raised outside the handler: see start()
            raise SoftphoneError(Message.of("softphone.tls_unavailable", reason=failure))

    def _media_config(self, acfg: Any) -> None:
        acfg.mediaConfig.transportConfig.port = self.options.rtp_port
        acfg.mediaConfig.transportConfig.portRange = self.options.rtp_port_range
        if self.options.listen_host:
            acfg.mediaConfig.transportConfig.boundAddress = self.options.listen_host

    def _create_local_account(self) -> Any:
        """An account with no registrar: inbound calls to our address, and calls to full SIP URIs."""
        acfg = pj.AccountConfig()
        acfg.idUri = f"sip:agent-desk@{self.local_address}"
        acfg.sipConfig.transportId = self._transports[SipTransport.UDP]
        self._media_config(acfg)
        account = _pj.PjAccount(self, "local")
        account.create(acfg, True)
        return account

    def shutdown(self) -> None:
        """Hang up, let the far ends hear it, drop every pjsua2 object, then destroy the library."""
        global _live_engine  # noqa: PLW0603
        if self._ep is None:
            return
        for record in list(self._records.values()):
            if record.active and record.end_reason is None:
                record.end_reason = EndReason.SHUTDOWN
        with contextlib.suppress(pj.Error):
            self._ep.hangupAllCalls()
        deadline = time.monotonic() + _SHUTDOWN_PUMP_SECONDS
        while time.monotonic() < deadline:
            self._handle_events(10)
            self._drain()
            if not self._records and not self._lingering:
                break
        for record in list(self._records.values()):
            self._finish(record, None)
        self._drain()
        self._lingering.clear()
        self._destroy()
        if _live_engine is self:
            _live_engine = None
        log.info("softphone stopped")

    def _destroy(self) -> None:
        global _live_engine  # noqa: PLW0603
        for record in list(self._records.values()) + list(self._lingering.values()):
            record.pj = None
            record.audio_media = None
            record.recorder = None
        self._records.clear()
        self._lingering.clear()
        self._dead_recorders.clear()
        if self._account is not None:
            with contextlib.suppress(pj.Error):
                self._account.shutdown()
        if self._local_account is not None:
            with contextlib.suppress(pj.Error):
                self._local_account.shutdown()
        self._account = None
        self._local_account = None
        self._account_config = None
        if self._port is not None and self._ep is not None:
            self._port.detach()
        self._port = None
        gc.collect()  # a pjsua2 object still alive after libDestroy aborts the process
        if self._ep is not None:
            with contextlib.suppress(pj.Error):
                self._ep.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)
        self._ep = None
        self._log_writer = None
        self._transports.clear()
        self._codec_defaults = {}
        gc.collect()
        if _live_engine is self:
            _live_engine = None

    def __enter__(self) -> Softphone:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    # --- the event loop ---

    def poll(self, timeout_ms: int = 0) -> None:
        """Handle pending SIP/media events and timers, then deliver the resulting events to listeners."""
        if self._ep is None:
            return
        self._handle_events(timeout_ms)
        self._drain()
        self._tick(time.monotonic())
        if self._interrupt is not None:
            error, self._interrupt = self._interrupt, None
            raise error

    def run_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Poll (blocking up to 5 ms at a time) until ``predicate()`` holds or ``timeout`` seconds pass."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return predicate()
            self.poll(max(0, min(5, int(remaining * 1000))))
        return True

    def _handle_events(self, timeout_ms: int) -> None:
        try:
            self._ep.libHandleEvents(timeout_ms)
        except pj.Error:
            _pj.log_failure(log, "pjsua2 event handling failed")

    def _emit(self, event: SoftphoneEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                _pj.log_failure(log, "softphone listener %r failed on %s", listener, type(event).__name__)

    def _drain(self) -> None:
        if self._draining:
            return  # a listener called back into the engine: the outer loop carries on
        self._draining = True
        try:
            while self._inbox:
                kind, args = self._inbox.popleft()
                try:
                    getattr(self, f"_on_{kind}")(*args)
                except pj.Error as error:
                    log.warning("pjsua2 refused while handling %s: %s", kind, error.reason)
                except Exception:
                    _pj.log_failure(log, "softphone failed handling %s", kind)
        finally:
            self._draining = False

    def _tick(self, now: float) -> None:
        action = self._tracker.tick(now)
        if action is Action.RETRY and self._account is not None:
            self._tracker.start(now)
            self._reregister()
        elif action is Action.CHANGED or (
            self._tracker.state is RegistrationState.RETRYING and now >= self._next_status_tick
        ):
            self._next_status_tick = now + 1.0
            self._emit_registration()
        self._tick_calls(now)

    # --- the inbox (called from pjsua2 callbacks: record and return) ---

    def interrupted(self, error: BaseException) -> None:
        """A Ctrl-C (or SystemExit) inside a callback: re-raised from :meth:`poll` (traceback stripped)."""
        self._interrupt = error

    def call_state(self, key: int, info: _pj.CallInfo) -> None:
        self._inbox.append(("state", (key, info)))

    def call_media(self, key: int) -> None:
        self._inbox.append(("media", (key,)))

    def call_dtmf(self, key: int, digit: str) -> None:
        self._inbox.append(("dtmf", (key, digit)))

    def call_transfer(self, key: int, code: int, reason: str, final: bool) -> None:
        self._inbox.append(("transfer", (key, code, reason, final)))

    def call_response(self, key: int) -> None:
        self._inbox.append(("response", (key,)))

    def call_cancel_sent(self, key: int) -> None:
        self._inbox.append(("cancel_sent", (key,)))

    def call_redirected(self, key: int, target: str, code: int, reason: str) -> None:
        self._inbox.append(("redirected", (key, target, code, reason)))

    def incoming_call(self, account: _pj.PjAccount, call_id: int) -> None:
        # The one pjsua2 object made inside a callback: an incoming Call nobody holds is hung up with 603.
        key = next(self._keys)
        call = _pj.PjCall(self, key, account, call_id)
        self._records[key] = self._new_inbound_record(key, call)
        self._inbox.append(("incoming", (key,)))

    def registration_started(self, serial: int, renew: bool) -> None:
        self._inbox.append(("reg_started", (serial, renew)))

    def registration_state(self, serial: int, code: int, reason: str, active: bool) -> None:
        self._inbox.append(("reg_state", (serial, code, reason, active)))

    def _require_started(self) -> None:
        if self._ep is None:
            raise SoftphoneError(Message.of("softphone.not_started"))
