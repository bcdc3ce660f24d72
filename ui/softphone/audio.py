"""The headset side of the softphone's audio: Qt Multimedia devices feeding the engine's :class:`AudioBridge`.

A worker on its own thread owns the ``QAudioSource`` (microphone → bridge) and ``QAudioSink`` (bridge →
speaker), so a busy GUI thread never makes the audio late. pjmedia's clock thread only ever touches the
bridge's locked buffers. The level meter and device problems come back to the GUI as queued signals.
"""

from __future__ import annotations

import array
import dataclasses
import logging
import threading

from PySide6.QtCore import QByteArray, QIODevice, QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioDevice, QAudioFormat, QAudioSink, QAudioSource, QMediaDevices

from agent_desk.softphone import AudioBridge
from agent_desk.softphone.audio import FRAME_BYTES, SAMPLE_RATE

log = logging.getLogger(__name__)

FEED_MS = 20
LEVEL_EVERY_MS = 50
SINK_BUFFER_FRAMES = 6  # 120 ms of device buffer: enough for scheduling hiccups, little added latency
KEEP_QUEUED = FRAME_BYTES * 2


def pcm_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(SAMPLE_RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


def peak_level(pcm: bytes) -> float:
    """The loudest sample of 16-bit PCM, 0…1 (what a level meter shows)."""
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    if not samples:
        return 0.0
    return min(1.0, max(abs(max(samples)), abs(min(samples))) / 32767.0)


@dataclasses.dataclass(frozen=True)
class DeviceChoice:
    """A sound device as the pane lists it: Qt's id (bytes) and its description."""

    device_id: bytes
    description: str
    is_default: bool


def input_devices() -> list[DeviceChoice]:
    return [DeviceChoice(bytes(d.id().data()), d.description(), d.isDefault()) for d in QMediaDevices.audioInputs()]


def output_devices() -> list[DeviceChoice]:
    return [DeviceChoice(bytes(d.id().data()), d.description(), d.isDefault()) for d in QMediaDevices.audioOutputs()]


def _pick(devices: list[QAudioDevice], wanted: bytes | None, default: QAudioDevice) -> QAudioDevice | None:
    for device in devices:
        if wanted is not None and bytes(device.id().data()) == wanted:
            return device
    if not default.isNull():
        return default
    return devices[0] if devices else None


class _AudioWorker(QObject):
    """Lives on the audio thread; everything here runs there."""

    level = Signal(float)
    devices_changed = Signal(str, str)  # input description, output description ("" = none found)
    speaker_running = Signal()

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__()
        self._bridge = bridge
        self._source: QAudioSource | None = None
        self._sink: QAudioSink | None = None
        self._input: QIODevice | None = None
        self._output: QIODevice | None = None
        self._feed: QTimer | None = None
        self._peak = 0.0
        self._since_level = 0
        self.sink_underruns = 0
        self._lock = threading.Lock()
        self._running = False

    @Slot(QByteArray, QByteArray)
    def start(self, input_id: QByteArray, output_id: QByteArray) -> None:
        self.stop()
        fmt = pcm_format()
        microphone = _pick(QMediaDevices.audioInputs(), bytes(input_id.data()) or None,
                           QMediaDevices.defaultAudioInput())  # fmt: skip
        speaker = _pick(QMediaDevices.audioOutputs(), bytes(output_id.data()) or None,
                        QMediaDevices.defaultAudioOutput())  # fmt: skip
        if microphone is not None:
            self._source = QAudioSource(microphone, fmt, self)
            self._source.setBufferSize(FRAME_BYTES * 4)
            self._input = self._source.start()
            self._input.readyRead.connect(self._read)
        if speaker is not None:
            self._sink = QAudioSink(speaker, fmt, self)
            self._sink.setBufferSize(FRAME_BYTES * SINK_BUFFER_FRAMES)
            self._sink.stateChanged.connect(self._sink_state)
            self._output = self._sink.start()
            self._feed = QTimer(self)
            self._feed.setInterval(FEED_MS)
            self._feed.timeout.connect(self._write)
            self._feed.start()
        self._bridge.attach(microphone=self._input is not None, speaker=self._output is not None)
        self.devices_changed.emit(
            microphone.description() if microphone is not None else "",
            speaker.description() if speaker is not None else "",
        )
        log.info("audio: microphone %s, speaker %s", microphone is not None, speaker is not None)

    @Slot()
    def stop(self) -> None:
        self._bridge.attach(microphone=False, speaker=False)
        self._running = False
        if self._feed is not None:
            self._feed.stop()
            self._feed.deleteLater()
            self._feed = None
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
            self._source = None
            self._input = None
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
            self._output = None

    @Slot()
    def _read(self) -> None:
        if self._input is None:
            return
        pcm = bytes(self._input.readAll().data())
        if not pcm:
            return
        self._bridge.push_microphone(pcm)
        self._peak = max(self._peak, peak_level(pcm))
        self._since_level += len(pcm) * 1000 // (SAMPLE_RATE * 2)
        if self._since_level >= LEVEL_EVERY_MS:
            self.level.emit(self._peak)
            self._peak = 0.0
            self._since_level = 0

    @Slot()
    def _write(self) -> None:
        if self._sink is None or self._output is None:
            return
        room = self._sink.bytesFree()
        if not self._running and self._sink.processedUSecs() > 0:
            self._running = True  # the device has started taking audio (it takes about a second)
            self.speaker_running.emit()
        if room < FRAME_BYTES:
            return
        pcm = self._bridge.pull_speaker(room - room % 2)
        queued = self._sink.bufferSize() - room
        if not pcm and queued < KEEP_QUEUED:
            # Keep the stream fed with silence between calls: a starved output stream goes idle and
            # takes time to start again, which would cost the first words of the next call.
            pcm = bytes(KEEP_QUEUED - queued + (queued % 2))
        if pcm:
            self._output.write(pcm)

    @Slot(QAudio.State)
    def _sink_state(self, state: QAudio.State) -> None:
        if state == QAudio.State.IdleState:
            with self._lock:
                self.sink_underruns += 1


class QtAudioBridge(QObject):
    """Connects the engine's audio bridge to the chosen headset, on a thread of its own.

    Signals:
        level(float): microphone peak level, 0…1, about 20 times a second.
        devices_changed(str, str): the microphone and speaker in use ("" when there is none).
        speaker_running(): the speaker has started taking audio (about a second after opening it).
    """

    level = Signal(float)
    devices_changed = Signal(str, str)
    speaker_running = Signal()
    _start_requested = Signal(QByteArray, QByteArray)
    _stop_requested = Signal()

    def __init__(self, bridge: AudioBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._thread = QThread()
        self._thread.setObjectName("softphone-audio")
        self._worker = _AudioWorker(bridge)
        self._worker.moveToThread(self._thread)
        self._worker.level.connect(self.level)
        self._worker.devices_changed.connect(self.devices_changed)
        self._worker.speaker_running.connect(self.speaker_running)
        self._start_requested.connect(self._worker.start)
        self._stop_requested.connect(self._worker.stop)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        self.input_id: bytes | None = None
        self.output_id: bytes | None = None

    def start(self, input_id: bytes | None = None, output_id: bytes | None = None) -> None:
        """Open the devices (None: the system's default) and start moving audio."""
        self.input_id, self.output_id = input_id, output_id
        self._start_requested.emit(QByteArray(input_id or b""), QByteArray(output_id or b""))

    def stop(self) -> None:
        self._stop_requested.emit()

    @property
    def sink_underruns(self) -> int:
        return self._worker.sink_underruns

    def close(self) -> None:
        """Stop the devices and the audio thread (waits for both)."""
        if self._thread.isRunning():
            QMetaObject.invokeMethod(self._worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
            self._thread.quit()
            self._thread.wait(5000)
