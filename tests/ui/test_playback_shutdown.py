"""Listening to a recording and leaving it never stalls the desk: the player is stopped and cleared, again and
again, while Qt Multimedia's playback thread is busy, and closing the supervisor's window leaves no thread behind
that would keep the process from exiting (the screenshot script once hung in ``clear`` after listening)."""

from __future__ import annotations

import math
import struct
import threading
import wave
from pathlib import Path

import pytest

from agent_desk.drafts import DraftStore
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.supervisor.player import RecordingPlayer

pytestmark = [pytest.mark.gui]


def _tone(path: Path, seconds: int = 3) -> Path:
    rate = 16_000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(5000 * math.sin(2 * math.pi * 440 * n / rate))) for n in range(rate * seconds)
            )
        )
    return path


def _lingering() -> list[str]:
    return [t.name for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]


@pytest.mark.timeout(120, method="thread")
def test_clearing_the_player_while_it_plays_never_blocks(qtbot, tmp_path: Path) -> None:
    wav = _tone(tmp_path / "call.wav")
    player = RecordingPlayer()
    qtbot.addWidget(player)
    player.show()
    for _ in range(4):
        player.load(wav)
        player.play()
        qtbot.waitUntil(lambda: player.player.duration() > 1000, timeout=10_000)
        qtbot.wait(250)
        player.clear()
        qtbot.waitUntil(
            lambda: player.player.source().isEmpty() and player.time_label.text() == "0:00 / 0:00", timeout=5_000
        )
        assert not player.play_button.isEnabled()


@pytest.mark.timeout(180, method="thread")
def test_closing_the_supervisor_window_leaves_no_thread_running(  # type: ignore[no-untyped-def]
    qtbot, context, background, users, tmp_path: Path
) -> None:
    before = set(_lingering())
    window = MainWindow(
        context, users["supervisor"], Settings(), background, drafts=DraftStore(tmp_path / "d"), phone=False
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    qtbot.wait(800)
    for index in range(window.tabs.count()):  # every view started once: board, review, experiments…
        window.tabs.setCurrentIndex(index)
        qtbot.wait(300)
    window.close()
    background.wait(10_000)
    qtbot.waitUntil(lambda: set(_lingering()) <= before, timeout=10_000)
