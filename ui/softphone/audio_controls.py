"""The headset part of the softphone pane: microphone and speaker choice, the level meter, "Test my phone"."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QProgressBar, QPushButton, QWidget

from ui.softphone.audio import QtAudioBridge, input_devices, output_devices


def _device_combo() -> QComboBox:
    combo = QComboBox()
    # Device names can be long ("Unix FIFO source /run/…"): they must not widen the pane.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


class AudioControls(QWidget):
    """Device pickers and the microphone meter; says plainly when a device is missing, in ``audio_message``, which
    the owner places where the agent looks (the phone puts it at its top, under the dial controls).

    Signals:
        test_requested(): the agent pressed "Test my phone…".
    """

    test_requested = Signal()

    def __init__(self, audio: QtAudioBridge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.audio = audio
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.input_label = QLabel(self.tr("Microphone"))
        grid.addWidget(self.input_label, 0, 0)
        self.input_combo = _device_combo()
        self.input_combo.currentIndexChanged.connect(self._devices_chosen)
        grid.addWidget(self.input_combo, 0, 1)
        self.level_bar = QProgressBar()
        self.level_bar.setRange(0, 100)
        self.level_bar.setTextVisible(False)
        self.level_bar.setMaximumHeight(8)
        grid.addWidget(self.level_bar, 1, 1)
        self.output_label = QLabel(self.tr("Speaker"))
        grid.addWidget(self.output_label, 2, 0)
        self.output_combo = _device_combo()
        self.output_combo.currentIndexChanged.connect(self._devices_chosen)
        grid.addWidget(self.output_combo, 2, 1)
        self.audio_message = QLabel()
        self.audio_message.setWordWrap(True)
        self.audio_message.setStyleSheet("color: #ef6c00;")
        self.audio_message.setObjectName("audio_message")
        self.test_button = QPushButton(self.tr("Test my phone…"))
        self.test_button.clicked.connect(self.test_requested)
        grid.addWidget(self.test_button, 3, 0, 1, 2)
        if audio is not None:
            audio.level.connect(self._on_level)
            audio.devices_changed.connect(self._on_devices)
        self._fill_devices()

    def _fill_devices(self) -> None:
        missing = (self.tr("No microphone found"), self.tr("No speaker found"))
        for combo, devices, hint in (
            (self.input_combo, input_devices(), missing[0]),
            (self.output_combo, output_devices(), missing[1]),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.setPlaceholderText(hint)  # never a blank drop-down
            for device in devices:
                combo.addItem(device.description, device.device_id)
                if device.is_default:
                    combo.setCurrentIndex(combo.count() - 1)
            combo.setEnabled(bool(devices))
            combo.blockSignals(False)
        # With no sound device at all there is nothing to choose: the warning above the phone says so, and the
        # empty pickers would only cost the phone its height.
        anything = bool(self.input_combo.count() or self.output_combo.count())
        for widget in (self.input_label, self.input_combo, self.level_bar, self.output_label, self.output_combo):
            widget.setVisible(anything)
        self._on_devices(self.input_combo.currentText(), self.output_combo.currentText())

    @Slot()
    def _devices_chosen(self) -> None:
        if self.audio is not None:
            self.audio.start(self.input_combo.currentData(), self.output_combo.currentData())

    @Slot(float)
    def _on_level(self, level: float) -> None:
        self.level_bar.setValue(round(level * 100))

    @Slot(str, str)
    def _on_devices(self, microphone: str, speaker: str) -> None:
        if (microphone or speaker) and not (self.input_combo.count() or self.output_combo.count()):
            self._fill_devices()  # a headset plugged in after none: the pickers come back, filled
            return
        if not microphone and not speaker:
            text = self.tr("No microphone or speaker found. Plug in a headset; calls cannot be heard until then.")
        elif not microphone:
            text = self.tr("No microphone found. Plug in a headset: the other side hears silence.")
        elif not speaker:
            text = self.tr("No speaker found. Plug in a headset to hear the other side.")
        elif self.audio is None:
            text = self.tr("Sound devices are not connected to the phone.")
        else:
            text = ""
        self.audio_message.setText(text)
        self.audio_message.setVisible(bool(text))
