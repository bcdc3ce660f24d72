"""Commands to a QMediaPlayer sent through the event loop, so Python never waits on Qt Multimedia's locks.

A PySide call into QMediaPlayer (stop, setSource, play…) keeps the GIL while the FFmpeg back end disconnects the
objects of its playback thread; if that thread is at the same moment destroying one of them, Qt asks Python
whether the Python-made QAudioOutput overrides ``disconnectNotify`` and waits for the GIL, while the main thread
waits for the lock that thread holds: both stop for good (seen in the supervisor's call review after listening).
A queued call runs from the event loop, where PySide has released the GIL, so the playback thread can finish.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject, QObject, Qt


def send(player: QObject, command: str, *args: Any) -> None:
    """Run one of the player's slots (``play``, ``pause``, ``stop``, ``setSource``…) from the event loop."""
    arguments = [Q_ARG(type(arg), arg) for arg in args]
    QMetaObject.invokeMethod(player, command, Qt.ConnectionType.QueuedConnection, *arguments)
