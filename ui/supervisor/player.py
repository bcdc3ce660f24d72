"""Recording playback with Qt Multimedia: play/pause, a position bar to seek, speed 1×/1.5×/2×.

The player only plays a file the service layer handed over (``agent_desk.review.open_recording`` checks the
permission and audits the playback); it never finds recordings on its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ui.media import send

SPEEDS = (1.0, 1.5, 2.0)


def _clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class RecordingPlayer(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setObjectName("recording_play")
        self.play_button.setEnabled(False)
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setObjectName("recording_position")
        self.position.setEnabled(False)
        self.time_label = QLabel("0:00 / 0:00")
        self.speed = QComboBox()
        self.speed.setObjectName("recording_speed")
        for value in SPEEDS:
            self.speed.addItem(f"{value:g}×", value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.position, 1)
        layout.addWidget(self.time_label)
        layout.addWidget(self.speed)
        self.play_button.clicked.connect(self.toggle)
        self.position.sliderMoved.connect(self.player.setPosition)
        self.speed.currentIndexChanged.connect(self._speed_changed)
        self.player.positionChanged.connect(self._position_changed)
        self.player.durationChanged.connect(self._duration_changed)
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.sourceChanged.connect(self._source_changed)

    def load(self, path: Path) -> None:
        send(self.player, "setSource", QUrl.fromLocalFile(str(path)))
        self.play_button.setEnabled(True)
        self.position.setEnabled(True)

    def play(self) -> None:
        send(self.player, "play")

    def clear(self) -> None:
        send(self.player, "stop")
        send(self.player, "setSource", QUrl())
        self.play_button.setEnabled(False)
        self.position.setEnabled(False)
        self.time_label.setText("0:00 / 0:00")

    @Slot()
    def toggle(self) -> None:
        if self.player.playbackState() is QMediaPlayer.PlaybackState.PlayingState:
            send(self.player, "pause")
        else:
            send(self.player, "play")

    @Slot(int)
    def _speed_changed(self, index: int) -> None:
        send(self.player, "setPlaybackRate", float(self.speed.itemData(index)))

    @Slot("qint64")
    def _position_changed(self, position: int) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(int(position))
        self.time_label.setText(f"{_clock(position)} / {_clock(self.player.duration())}")

    @Slot("qint64")
    def _duration_changed(self, duration: int) -> None:
        self.position.setRange(0, int(duration))
        self.time_label.setText(f"{_clock(self.player.position())} / {_clock(duration)}")

    @Slot(QUrl)
    def _source_changed(self, source: QUrl) -> None:
        if source.isEmpty():  # cleared (the commands run from the event loop): nothing left to show
            self.position.setRange(0, 0)
            self.time_label.setText("0:00 / 0:00")

    @Slot(QMediaPlayer.PlaybackState)
    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state is QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
