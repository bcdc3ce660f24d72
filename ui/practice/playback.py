"""Playing a practice call's recording (WAV bytes from the practice database) with Qt Multimedia."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from PySide6.QtCore import QMetaObject, Qt, QUrl, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.media import send


class RecordingPlayer(QWidget):
    """Plays one recording at a time from its own file in a scratch folder.

    The player reads the file while it plays and its commands run later, from the event loop (ui.media): a new
    recording is written to a new file, never over the one the player may still have open, and a file the player
    has let go of (its queued stop has run) is deleted; what is left goes with the widget.
    """

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
        self._released: list[Path] = []  # files the player is told to let go of, oldest first
        self._numbers = itertools.count(1)
        self._scratch = tempfile.TemporaryDirectory(prefix="agent-desk-recording-")
        self.destroyed.connect(self._scratch.cleanup)  # not a slot of self: it runs as the widget goes
        self.load(None)

    def load(self, wav: bytes | None) -> None:
        self._let_go()
        if wav:
            self._file = Path(self._scratch.name) / f"recording-{next(self._numbers)}.wav"
            self._file.write_bytes(wav)
            send(self.player, "setSource", QUrl.fromLocalFile(str(self._file)))
            seconds = max(0, (len(wav) - 44) // 32000)
            self.status.setText(
                self.tr("{minutes}:{seconds:02d} recorded").format(minutes=seconds // 60, seconds=seconds % 60)
            )
        else:
            self.status.setText(self.tr("No recording"))
        self.play_button.setEnabled(wav is not None and bool(wav))

    def _let_go(self) -> None:
        """Stop and clear the player, then (once those queued commands have run) delete its file."""
        send(self.player, "stop")
        send(self.player, "setSource", QUrl())
        if self._file is not None:
            self._released.append(self._file)
            self._file = None
            QMetaObject.invokeMethod(self, "_delete_released", Qt.ConnectionType.QueuedConnection)  # after them

    @Slot()
    def _delete_released(self) -> None:
        """The oldest file let go of: one call for each, queued after the stop that let go of it."""
        if self._released:
            self._released.pop(0).unlink(missing_ok=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.load(None)
        super().closeEvent(event)

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
