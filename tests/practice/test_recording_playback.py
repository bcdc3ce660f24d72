"""A practice recording is played from a file of its own: loading the next one never rewrites the file the player
may still be reading, the file let go of is deleted once the player's queued stop has run, and nothing is left
when the player closes and goes."""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path

import pytest

from ui.practice.playback import RecordingPlayer

pytestmark = [pytest.mark.gui]


def _wav(pitch: int) -> bytes:
    """One second of a tone as the practice line records it (16 kHz, 16-bit mono)."""
    rate = 16_000
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(
            b"".join(struct.pack("<h", int(4000 * math.sin(2 * math.pi * pitch * n / rate))) for n in range(rate))
        )
    return out.getvalue()


def _playing_file(qtbot, player: RecordingPlayer, after: Path | None = None) -> Path:  # type: ignore[no-untyped-def]
    """The file the player has opened (its queued setSource has run and the media has loaded), ``after`` that one."""

    def opened() -> bool:
        source = player.player.source()
        return not source.isEmpty() and Path(source.toLocalFile()) != after and player.player.duration() > 0

    qtbot.waitUntil(opened, timeout=10_000)
    return Path(player.player.source().toLocalFile())


def test_the_next_recording_never_rewrites_the_file_being_played(qtbot) -> None:  # type: ignore[no-untyped-def]
    player = RecordingPlayer()
    qtbot.addWidget(player)
    player.show()
    recording = _wav(440)
    player.load(recording)
    first = _playing_file(qtbot, player)
    heard = first.read_bytes()
    cleared_while_there: list[bool] = []
    player.player.sourceChanged.connect(lambda url: url.isEmpty() and cleared_while_there.append(first.exists()))
    player.load(recording)  # the same recording again (its id() too, as a freed one's may be the next one's)
    written = sorted(first.parent.iterdir())
    assert len(written) == 2 and first in written and first.read_bytes() == heard  # a file of its own
    second = _playing_file(qtbot, player, after=first)
    assert second.read_bytes() == recording
    qtbot.waitUntil(lambda: not first.exists(), timeout=5_000)  # deleted once let go of...
    assert cleared_while_there == [True]  # ...after the player's queued stop and clear had run
    player.load(_wav(660))
    third = _playing_file(qtbot, player, after=second)
    qtbot.waitUntil(lambda: sorted(third.parent.iterdir()) == [third], timeout=5_000)
    assert third.read_bytes() == _wav(660)


def test_closing_the_player_deletes_its_recording_and_its_folder_goes_with_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    player = RecordingPlayer()
    player.show()
    player.load(_wav(440))
    played = _playing_file(qtbot, player)
    player.close()
    qtbot.waitUntil(lambda: not played.exists(), timeout=5_000)
    assert player.player.source().isEmpty() and not player.has_recording
    folder = played.parent
    player.deleteLater()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5_000)
