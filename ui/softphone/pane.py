"""The softphone pane: number field, keypad, call controls, registration, microphone; the call state and timer
are its `CallStatus` box (ui/softphone/call_status.py).

The workspace talks to it through a small API — :meth:`SoftphonePane.dial`, :meth:`SoftphonePane.hang_up`
and the signals ``call_started``, ``call_ended`` (with the SIP result and the disposition hint),
``screen_pop`` (an inbound caller's customer id) and ``interaction_saved``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from agent_desk.softphone import (
    CallSnapshot,
    CallState,
    DialResult,
    PreDialCheck,
    RegistrationState,
    RegistrationStatus,
    SoftphoneError,
)
from agent_desk.text import Message
from ui.softphone.adapter import SoftphoneAdapter
from ui.softphone.audio import QtAudioBridge
from ui.softphone.audio_controls import AudioControls
from ui.softphone.call_status import CallStatus, readable_number
from ui.softphone.compact import fold, headset_toggle

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")
_BUTTON_STYLE = (
    "QPushButton {{ background: {colour}; color: white; font-weight: bold; padding: 6px; }}"
    "QPushButton:disabled {{ background: #bdbdbd; color: #f5f5f5; }}"
)
_TOGGLE_STYLE = "QPushButton:checked { background: #ffe082; font-weight: bold; }"
_REGISTRATION_COLOURS = {
    RegistrationState.REGISTERED: "#2e7d32",
    RegistrationState.REGISTERING: "#f9a825",
    RegistrationState.RETRYING: "#ef6c00",
    RegistrationState.AUTH_FAILED: "#c62828",
    RegistrationState.FAILED: "#c62828",
}


class SoftphonePane(QWidget):
    """The agent's phone: give it the adapter (the engine on Qt) and, with a headset, the audio bridge.

    Signals:
        call_started(CallSnapshot): a call began (dialled out or ringing in).
        call_ended(CallSnapshot): a call ended: ``sip_code``, ``sip_reason``, ``hint`` (None once answered).
        screen_pop(int): an inbound call from a known customer; open their profile.
        interaction_saved(int, int): call key, Interaction id.
    """

    call_started = Signal(object)
    call_ended = Signal(object)
    screen_pop = Signal(int)
    interaction_saved = Signal(int, int)
    height_changed = Signal()  # a line of the call's state shown or hidden: the owner may share its height out

    def __init__(
        self,
        adapter: SoftphoneAdapter,
        audio: QtAudioBridge | None = None,
        *,
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("softphonePane")
        self.adapter = adapter
        self.audio = audio
        self.language = language
        self._call: CallSnapshot | None = None
        self._labels: dict[int, str] = {}
        self._next_label: str | None = None  # for the call being placed right now (its key comes later)
        self._build()
        adapter.call_changed.connect(self._on_call_changed)
        adapter.call_started.connect(self.call_started)
        adapter.call_ended.connect(self.call_ended)
        adapter.screen_pop.connect(self.screen_pop)
        adapter.interaction_saved.connect(self.interaction_saved)
        adapter.registration_changed.connect(self._on_registration)
        adapter.media_stalled.connect(self._on_media_stalled)
        self._on_registration(adapter.registration)
        self._show_call(None)

    # --- the workspace's API ---

    def dial(
        self,
        number: str,
        pre_dial_check: PreDialCheck | None = None,
        *,
        customer_id: int | None = None,
        contact_point_id: int | None = None,
        label: str | None = None,
        interaction_id: int | None = None,
    ) -> DialResult:
        """Dial ``number``; a refusal (blocked by the check, bad number, busy line) is shown and returned.

        Args:
            pre_dial_check: run just before dialling (the compliance check); any message it returns blocks.
            label: who is being called, shown beside the number (the customer's name).
        """
        self.number_edit.setText(number)
        if label:
            self._next_label = label
        try:
            result = self.adapter.dial(
                number,
                pre_dial_check=pre_dial_check,
                customer_id=customer_id,
                contact_point_id=contact_point_id,
                interaction_id=interaction_id,
            )
        finally:
            self._next_label = None
        if result.key is not None and label:
            self._labels[result.key] = label
        self._say(*result.refusals)
        return result

    @Slot()
    def hang_up(self) -> None:
        """End the current call, whatever state it is in (a no-op when there is none)."""
        if self._call is not None and self._call.active:
            self._act(lambda: self.adapter.engine.hang_up(self._call.key if self._call else None))

    def clear_message(self) -> None:
        """Forget the last refusal or error (it was about the previous customer)."""
        self._say()

    def set_workspace_mode(self, on: bool = True) -> None:
        """Inside the agent workspace: customers are dialled from the queue (through the compliance check), so
        the free number field and its Dial button go; the keypad folds away behind a toggle (for IVR menus)."""
        self.number_edit.setVisible(not on)
        self.dial_button.setVisible(not on)
        self.hangup_button.setVisible(not on)
        self.keypad_toggle.setVisible(on)
        self.keypad_toggle.setChecked(not on)
        self.keypad_widget.setVisible(not on)

    def set_compact(self, on: bool) -> None:
        """Fold the microphone and speaker pickers behind a toggle (``on``) or show them as usual."""
        fold(self, self.headset_toggle, self.audio_controls, self.status_frame, on)

    # --- building ---

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.audio_controls = AudioControls(self.audio)
        self.audio_controls.test_requested.connect(self._open_test)
        layout.addLayout(self._build_registration())
        # A missing headset is said at the top, under the dial controls, where the agent looks before a call
        # (at the foot of the pane it scrolled out of sight).
        layout.addWidget(self.audio_controls.audio_message)
        layout.addWidget(self._build_status())
        layout.addWidget(self._build_incoming())
        self._build_dialer(layout)
        self._build_controls(layout)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #c62828;")
        layout.addWidget(self.message_label)
        layout.addWidget(self.audio_controls)
        layout.addStretch(1)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        shortcut.setWhatsThis(self.tr("Hang up (in the phone)"))
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.hang_up)

    def _build_registration(self) -> QHBoxLayout:
        registration = QHBoxLayout()
        self.registration_dot = QLabel("●")
        self.registration_label = QLabel()
        self.registration_label.setWordWrap(True)
        self.registration_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.clicked.connect(self._retry_registration)
        registration.addWidget(self.registration_dot)
        registration.addWidget(self.registration_label, 1)
        registration.addWidget(self.retry_button)
        # Where the column is short (a plan in the wrap-up) the headset pickers fold behind this toggle.
        self.headset_toggle = headset_toggle(self.audio_controls, self.tr("Microphone and speaker"), _TOGGLE_STYLE)
        registration.addWidget(self.headset_toggle)
        return registration

    def _build_status(self) -> CallStatus:
        self.status_frame = status = CallStatus(language=self.language)
        # The state box's lines, by the names the workspace and the tests know them.
        self.state_label = status.state_label
        self.timer_label = status.timer_label
        self.party_label = status.party_label
        self.recording_label = status.recording_label
        self.media_label = status.media_label
        return status

    def _build_incoming(self) -> QFrame:
        self.incoming_frame = QFrame()
        self.incoming_frame.setStyleSheet("QFrame { background: #e3f2fd; border-radius: 4px; }")
        incoming = QHBoxLayout(self.incoming_frame)
        self.incoming_label = QLabel()
        self.incoming_label.setWordWrap(True)
        self.answer_button = QPushButton(self.tr("Answer"))
        self.answer_button.clicked.connect(self._answer)
        self.decline_button = QPushButton(self.tr("Decline"))
        self.decline_button.clicked.connect(self._decline)
        incoming.addWidget(self.incoming_label, 1)
        incoming.addWidget(self.answer_button)
        incoming.addWidget(self.decline_button)
        return self.incoming_frame

    def _build_dialer(self, layout: QVBoxLayout) -> None:
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(self.tr("Number or sip: address"))
        self.number_edit.setClearButtonEnabled(True)
        self.number_edit.returnPressed.connect(self._dial_clicked)
        layout.addWidget(self.number_edit)

        self.keypad_widget = QWidget()
        keypad = QGridLayout(self.keypad_widget)
        keypad.setContentsMargins(0, 0, 0, 0)
        keypad.setSpacing(4)
        self.key_buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(KEYS):
            button = QPushButton(key)
            button.setMinimumHeight(32)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, digit=key: self._key(digit))
            keypad.addWidget(button, index // 3, index % 3)
            self.key_buttons[key] = button
        layout.addWidget(self.keypad_widget)

        calls = QHBoxLayout()
        self.dial_button = QPushButton(self.tr("Dial"))
        self.dial_button.setStyleSheet(_BUTTON_STYLE.format(colour="#2e7d32"))
        self.dial_button.clicked.connect(self._dial_clicked)
        self.hangup_button = QPushButton(self.tr("Hang up"))
        self.hangup_button.setStyleSheet(_BUTTON_STYLE.format(colour="#c62828"))
        self.hangup_button.clicked.connect(self.hang_up)
        calls.addWidget(self.dial_button)
        calls.addWidget(self.hangup_button)
        # The keypad (for IVR menus) folds away in the workspace behind a small toggle on the row of Hold, Mute
        # and Transfer: a row of its own cost the phone the height the practice desk lacked.
        self.keypad_toggle = QPushButton("⌨")
        self.keypad_toggle.setToolTip(self.tr("Keypad"))
        self.keypad_toggle.setAccessibleName(self.tr("Keypad"))
        self.keypad_toggle.setCheckable(True)
        self.keypad_toggle.toggled.connect(self.keypad_widget.setVisible)
        self.keypad_toggle.setVisible(False)
        layout.addLayout(calls)

    def _build_controls(self, layout: QVBoxLayout) -> None:
        controls = QHBoxLayout()
        self.hold_button = QPushButton(self.tr("Hold"))
        self.hold_button.setCheckable(True)
        self.hold_button.clicked.connect(self._hold_clicked)
        self.mute_button = QPushButton(self.tr("Mute"))
        self.mute_button.setCheckable(True)
        self.mute_button.clicked.connect(self._mute_clicked)
        self.transfer_button = QPushButton(self.tr("Transfer…"))
        self.transfer_button.setCheckable(True)
        self.transfer_button.toggled.connect(self._transfer_toggled)
        for button in (self.hold_button, self.mute_button, self.transfer_button):
            button.setStyleSheet(_TOGGLE_STYLE)
            controls.addWidget(button)
        self.keypad_toggle.setStyleSheet(_TOGGLE_STYLE)
        controls.addWidget(self.keypad_toggle)
        layout.addLayout(controls)

        self.transfer_row = QWidget()
        transfer = QHBoxLayout(self.transfer_row)
        transfer.setContentsMargins(0, 0, 0, 0)
        self.transfer_edit = QLineEdit()
        self.transfer_edit.setPlaceholderText(self.tr("Transfer to (e.g. supervisor's extension)"))
        self.transfer_edit.returnPressed.connect(self._transfer)
        self.transfer_go = QPushButton(self.tr("Transfer"))
        self.transfer_go.clicked.connect(self._transfer)
        transfer.addWidget(self.transfer_edit, 1)
        transfer.addWidget(self.transfer_go)
        self.transfer_row.setVisible(False)
        layout.addWidget(self.transfer_row)

    # --- actions ---

    def _say(self, *messages: Message | str) -> None:
        texts = [m.render(self.language) if isinstance(m, Message) else m for m in messages]
        self.message_label.setText("\n".join(texts))

    def _act(self, action: Callable[[], object]) -> None:
        """Do an engine action; its refusal (SoftphoneError) is shown, not raised."""
        try:
            action()
        except SoftphoneError as error:
            self._say(error.message)
        else:
            self._say()

    @Slot()
    def _dial_clicked(self) -> None:
        if self._call is not None and self._call.active:
            return
        self.dial(self.number_edit.text())

    def _key(self, digit: str) -> None:
        if self._call is not None and self._call.state in (CallState.CONNECTED, CallState.ON_HOLD):
            self._act(lambda: self.adapter.engine.send_dtmf(digit, self._call.key if self._call else None))
        else:
            self.number_edit.insert(digit)

    @Slot()
    def _answer(self) -> None:
        self._act(lambda: self.adapter.engine.answer(self._call.key if self._call else None))

    @Slot()
    def _decline(self) -> None:
        self._act(lambda: self.adapter.engine.reject(self._call.key if self._call else None))

    @Slot(bool)
    def _hold_clicked(self, checked: bool) -> None:
        engine = self.adapter.engine
        self._act(lambda: engine.hold() if checked else engine.resume())

    @Slot(bool)
    def _mute_clicked(self, checked: bool) -> None:
        self.adapter.engine.set_muted(checked)

    @Slot(bool)
    def _transfer_toggled(self, checked: bool) -> None:
        self.transfer_row.setVisible(checked)
        if checked:
            self.transfer_edit.setFocus()

    @Slot()
    def _transfer(self) -> None:
        target = self.transfer_edit.text().strip()
        if target:
            self._act(lambda: self.adapter.engine.transfer(target))

    @Slot()
    def _retry_registration(self) -> None:
        self._act(self.adapter.engine.retry_registration)

    @Slot()
    def _open_test(self) -> None:
        from ui.softphone.phone_test_dialog import PhoneTestDialog

        dialog = PhoneTestDialog(self.adapter, language=self.language, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # --- what the engine says ---

    @Slot(object)
    def _on_call_changed(self, call: CallSnapshot) -> None:
        if self._next_label is not None and call.key not in self._labels:
            self._labels[call.key] = self._next_label
        if call.state is CallState.ENDED:
            label = self._labels.pop(call.key, None)  # keep showing it until the next call
            if label is not None:
                self._labels = {call.key: label}
        if (
            self._call is not None
            and self._call.key != call.key
            and self._call.active
            and call.state is CallState.ENDED
        ):
            return  # a second call refused while busy: the first one stays on show
        self._show_call(call)

    def _show_call(self, call: CallSnapshot | None) -> None:
        self._call = call
        state = call.state if call else None
        active = call is not None and call.active
        talking = state in (CallState.CONNECTED, CallState.ON_HOLD)
        lines = (self.party_label, self.recording_label, self.media_label, self.incoming_frame)
        before = [line.isVisibleTo(self) for line in lines]
        self.status_frame.show_call(call, self._party_text(call))
        self.incoming_frame.setVisible(state is CallState.INCOMING)
        if [line.isVisibleTo(self) for line in lines] != before:
            self.height_changed.emit()
        if state is CallState.INCOMING and call is not None:
            self.incoming_label.setText(self.tr("Incoming call from {0}").format(self._party_text(call)))
        self.dial_button.setEnabled(not active)
        self.hangup_button.setEnabled(active)
        for button in (self.hold_button, self.mute_button, self.transfer_button):
            button.setEnabled(talking)
        self.hold_button.setChecked(state is CallState.ON_HOLD)
        self.hold_button.setText(self.tr("Resume") if state is CallState.ON_HOLD else self.tr("Hold"))
        self.mute_button.setChecked(bool(call and call.muted and active))
        if not talking:
            self.transfer_button.setChecked(False)

    def _party_text(self, call: CallSnapshot | None) -> str:
        if call is None:
            return ""
        number = readable_number(call.number)
        name = call.caller.customer_name if call.caller is not None else self._labels.get(call.key)
        return f"{name} · {number}" if name else number

    @Slot(object)
    def _on_registration(self, status: RegistrationStatus) -> None:
        colour = _REGISTRATION_COLOURS.get(status.state, "#757575")
        self.registration_dot.setStyleSheet(f"color: {colour};")
        states = {
            RegistrationState.NOT_CONFIGURED: self.tr("No SIP account set up"),
            RegistrationState.REGISTERING: self.tr("Registering…"),
            RegistrationState.REGISTERED: self.tr("Registered"),
            RegistrationState.RETRYING: self.tr("Registration failed: trying again"),
            RegistrationState.AUTH_FAILED: self.tr("The registrar refused the password"),
            RegistrationState.FAILED: self.tr("Not registered"),
            RegistrationState.UNREGISTERED: self.tr("Not registered"),
        }
        text = status.message.render(self.language) if status.message else states.get(status.state, status.state.value)
        self.registration_label.setText(text)
        self.retry_button.setVisible(
            status.state in (RegistrationState.RETRYING, RegistrationState.FAILED, RegistrationState.AUTH_FAILED)
        )

    @Slot(int, bool)
    def _on_media_stalled(self, key: int, stalled: bool) -> None:
        if self._call is not None and self._call.key == key:
            self.status_frame.set_media_stalled(stalled)
