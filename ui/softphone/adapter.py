"""The softphone engine on Qt: a poll timer on the GUI thread and signals instead of callbacks.

In poll mode every SIP callback runs inside :meth:`Softphone.poll`, so all of the engine's events arrive
here on the GUI thread. The Interaction log writes on its own thread; its "saved" notice comes back through a
queued signal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from agent_desk.softphone import (
    CallChanged,
    CallSnapshot,
    CallState,
    DialResult,
    DtmfReceived,
    MediaStalled,
    PreDialCheck,
    RegistrationChanged,
    RegistrationStatus,
    Softphone,
    SoftphoneEvent,
    TransferProgress,
)
from agent_desk.softphone._pj import log_failure
from agent_desk.softphone.records import InteractionLog

log = logging.getLogger(__name__)

POLL_MS = 10
SETUP_POLL_MS = 5  # while a call is being set up, poll faster: the agent waits on every step of it
_SETUP_STATES = (CallState.DIALING, CallState.RINGING, CallState.INCOMING)


class SoftphoneAdapter(QObject):
    """Drives a :class:`Softphone` from the Qt event loop and re-emits its events as signals.

    Signals:
        call_changed(CallSnapshot): any change of any call.
        call_started(CallSnapshot): a call appeared (dialling out or ringing in).
        call_ended(CallSnapshot): a call ended; carries the SIP result and the disposition hint.
        incoming_call(CallSnapshot): an inbound call is ringing (its caller looked up).
        screen_pop(int): an inbound call's customer id, for the workspace to open the profile.
        registration_changed(RegistrationStatus)
        dtmf_received(int, str), media_stalled(int, bool), transfer_progress(int, int, str, bool)
        interaction_saved(int, int): call key, Interaction id (once the row exists).
    """

    call_changed = Signal(object)
    call_started = Signal(object)
    call_ended = Signal(object)
    incoming_call = Signal(object)
    screen_pop = Signal(int)
    registration_changed = Signal(object)
    dtmf_received = Signal(int, str)
    media_stalled = Signal(int, bool)
    transfer_progress = Signal(int, int, str, bool)
    interaction_saved = Signal(int, int)

    def __init__(
        self,
        engine: Softphone,
        *,
        interactions: InteractionLog | None = None,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.interactions = interactions
        self._seen: set[int] = set()
        self._unsubscribe = engine.subscribe(self._on_event)
        if interactions is not None:
            engine.subscribe(interactions)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(poll_ms)
        self._poll_ms = poll_ms
        self._setup_poll_ms = min(poll_ms, SETUP_POLL_MS)
        self._timer.timeout.connect(self._poll)

    # --- life cycle ---

    def start(self) -> None:
        """Start the engine (if needed) and its poll timer."""
        self.engine.start()
        self._timer.start()

    def stop(self) -> None:
        """Stop polling, then shut the engine down in order, then let the Interaction writes finish."""
        self._timer.stop()
        self.engine.shutdown()
        if self.interactions is not None:
            self.interactions.close()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _poll(self) -> None:
        try:
            self.engine.poll(0)
        except KeyboardInterrupt:
            raise
        except Exception:
            log_failure(log, "softphone poll failed")  # no traceback object kept: it holds pjsua2 objects

    # --- what the pane and the workspace call ---

    def dial(
        self,
        number: str,
        *,
        pre_dial_check: PreDialCheck | None = None,
        customer_id: int | None = None,
        contact_point_id: int | None = None,
        interaction_id: int | None = None,
    ) -> DialResult:
        return self.engine.dial(
            number,
            pre_dial_check=pre_dial_check,
            customer_id=customer_id,
            contact_point_id=contact_point_id,
            interaction_id=interaction_id,
        )

    @property
    def active_call(self) -> CallSnapshot | None:
        return self.engine.active_call

    @property
    def registration(self) -> RegistrationStatus:
        return self.engine.registration

    # --- engine events → signals ---

    def _on_event(self, event: SoftphoneEvent) -> None:
        if isinstance(event, CallChanged):
            self._on_call(event.call)
        elif isinstance(event, RegistrationChanged):
            self.registration_changed.emit(event.status)
        elif isinstance(event, DtmfReceived):
            self.dtmf_received.emit(event.key, event.digit)
        elif isinstance(event, MediaStalled):
            self.media_stalled.emit(event.key, event.stalled)
        elif isinstance(event, TransferProgress):
            self.transfer_progress.emit(event.key, event.code, event.reason, event.final)

    def _on_call(self, call: CallSnapshot) -> None:
        setting_up = call.state in _SETUP_STATES or any(c.state in _SETUP_STATES for c in self.engine.calls())
        self._timer.setInterval(self._setup_poll_ms if setting_up else self._poll_ms)
        if call.key not in self._seen:
            self._seen.add(call.key)
            self.call_started.emit(call)
            if call.state is CallState.INCOMING:
                self.incoming_call.emit(call)
                if call.customer_id is not None:
                    self.screen_pop.emit(call.customer_id)
        self.call_changed.emit(call)
        if call.state is CallState.ENDED:
            self._seen.discard(call.key)
            self.call_ended.emit(call)
            if self.interactions is not None:
                self._report_saved(call.key)

    def _report_saved(self, key: int) -> None:
        assert self.interactions is not None
        # The callback runs on the writer thread; the signal is queued over to the GUI thread.
        self.interactions.when_saved(key, lambda interaction_id: self.interaction_saved.emit(key, interaction_id))
