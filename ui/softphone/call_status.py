"""The softphone's call-state box: what the call is doing, the talk time, who is on the line, and the Recording and
no-audio marks. Each line under the state shows only while it says something."""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from agent_desk.softphone import CallSnapshot, CallState
from agent_desk.text import Message


def readable_number(number: str) -> str:
    """``+6281234567890`` → ``+62 812-3456-7890``; anything else (a SIP URI, an extension) as it is."""
    if not number.startswith("+"):
        return number
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def format_duration(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class CallStatus(QFrame):
    """The state box of the phone; the pane hands it each call snapshot with the party line to show.

    The talk timer runs on the GUI clock between snapshots, from the talk time the engine reported when the call
    connected, so it ticks smoothly while the engine only reports changes.
    """

    def __init__(self, *, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self._call: CallSnapshot | None = None
        self._talk_clock = QElapsedTimer()
        self._talk_base = 0.0
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)  # "Call ended — Number not in service / invalid" must not widen the pane
        state_font = QFont(self.font())
        state_font.setPointSizeF(state_font.pointSizeF() * 1.3)
        state_font.setBold(True)
        self.state_label.setFont(state_font)
        self.timer_label = QLabel("00:00")
        timer_font = QFont("DejaVu Sans Mono")
        timer_font.setPointSizeF(state_font.pointSizeF())
        self.timer_label.setFont(timer_font)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.party_label = QLabel()
        self.party_label.setVisible(False)
        self.recording_label = QLabel(self.tr("● Recording"))
        self.recording_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.media_label = QLabel(self.tr("No audio from the other side"))
        self.media_label.setStyleSheet("color: #ef6c00;")
        layout.addWidget(self.state_label, 0, 0)
        layout.addWidget(self.timer_label, 0, 1)
        layout.addWidget(self.party_label, 1, 0, 1, 2)
        layout.addWidget(self.recording_label, 2, 0)
        layout.addWidget(self.media_label, 2, 1)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._update_timer)

    def show_call(self, call: CallSnapshot | None, party: str) -> None:
        """Show ``call`` (None between calls) with ``party`` (who is on the line; empty hides the line)."""
        self._call = call
        state = call.state if call else None
        active = call is not None and call.active
        talking = state in (CallState.CONNECTED, CallState.ON_HOLD)
        if state is CallState.CONNECTED and call is not None and not self._talk_clock.isValid():
            self._talk_clock.start()
            self._talk_base = call.talk_seconds
        self.state_label.setText(self._state_text(call))
        self.party_label.setText(party)
        self.party_label.setVisible(bool(party))  # no empty line under "Ready" between calls
        self.recording_label.setVisible(bool(call and call.recording_path and active))
        self.media_label.setVisible(bool(call and call.media_stalled and active))
        if talking:
            self._tick.start()
        else:
            self._tick.stop()
            self._talk_clock.invalidate()
        self._update_timer()

    def set_media_stalled(self, stalled: bool) -> None:
        """The other side's audio stopped (or came back) on the call on show."""
        self.media_label.setVisible(stalled)

    def _state_text(self, call: CallSnapshot | None) -> str:
        if call is None:
            return self.tr("Ready")
        texts = {
            CallState.DIALING: self.tr("Dialling…"),
            CallState.RINGING: self.tr("Ringing…"),
            CallState.INCOMING: self.tr("Incoming call"),
            CallState.CONNECTED: self.tr("Connected"),
            CallState.ON_HOLD: self.tr("On hold"),
        }
        if call.state is not CallState.ENDED:
            return texts[call.state]
        if call.hint:
            hint = Message.of(f"disposition.{call.hint}").render(self.language)
            return self.tr("Call ended — {0}").format(hint)
        return self.tr("Call ended")

    @Slot()
    def _update_timer(self) -> None:
        call = self._call
        if call is None or call.answered_at is None:
            self.timer_label.setText("00:00")
            return
        if call.active and self._talk_clock.isValid():
            seconds = self._talk_base + self._talk_clock.elapsed() / 1000
        else:
            seconds = call.talk_seconds
        self.timer_label.setText(format_duration(seconds))
