"""Playing a practice call's recording (WAV bytes from the practice database) with Qt Multimedia."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.media import send


class RecordingPlayer(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.player.setAudioOutput(self.output)
        self.play_button = QPushButton(self.tr("▶ Play recording"))
        self.play_button.setObjectName("practice_play")
        self.status = QLabel()
        self.status.setStyleSheet("color: #475569;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.status, 1)
        self.play_button.clicked.connect(self.toggle)
        self.player.playbackStateChanged.connect(self._state)
        self._file: Path | None = None
        self._scratch = tempfile.TemporaryDirectory(prefix="agent-desk-recording-")
        self.load(None)

    def load(self, wav: bytes | None) -> None:
        send(self.player, "stop")
        send(self.player, "setSource", QUrl())
        self._file = None
        if wav:
            self._file = Path(self._scratch.name) / f"recording-{id(wav)}.wav"
            self._file.write_bytes(wav)
            send(self.player, "setSource", QUrl.fromLocalFile(str(self._file)))
            seconds = max(0, (len(wav) - 44) // 32000)
            self.status.setText(
                self.tr("{minutes}:{seconds:02d} recorded").format(minutes=seconds // 60, seconds=seconds % 60)
            )
        else:
            self.status.setText(self.tr("No recording"))
        self.play_button.setEnabled(wav is not None and bool(wav))

    @property
    def has_recording(self) -> bool:
        return self._file is not None

    @Slot()
    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            send(self.player, "pause")
        else:
            send(self.player, "play")

    @Slot(QMediaPlayer.PlaybackState)
    def _state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("⏸ Pause") if playing else self.tr("▶ Play recording"))
