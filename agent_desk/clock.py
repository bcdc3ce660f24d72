"""The one clock every rule takes "now" from.

``--at ISO-TIME`` freezes it for the GUI and the CLI (shown as simulated time); in team mode "now" can come from
the database server rather than each PC.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Protocol


class Clock(Protocol):
    @property
    def simulated(self) -> bool: ...

    def now(self) -> dt.datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    simulated = False

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FrozenClock:
    """A clock stopped at one moment; ``advance`` moves it (tests, demos, planning)."""

    simulated = True

    def __init__(self, at: dt.datetime) -> None:
        self._lock = threading.Lock()
        self._at = ensure_utc(at)

    def now(self) -> dt.datetime:
        with self._lock:
            return self._at

    def advance(self, delta: dt.timedelta) -> None:
        with self._lock:
            self._at += delta

    def set(self, at: dt.datetime) -> None:
        with self._lock:
            self._at = ensure_utc(at)


class OffsetClock:
    """The machine's clock moved by a fixed offset, e.g. to follow the database server's clock."""

    simulated = False

    def __init__(self, offset: dt.timedelta) -> None:
        self._offset = offset
        self._monotonic_start = time.monotonic()
        self._wall_start = dt.datetime.now(dt.UTC)

    def now(self) -> dt.datetime:
        elapsed = dt.timedelta(seconds=time.monotonic() - self._monotonic_start)
        return self._wall_start + elapsed + self._offset


def ensure_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a moment needs a time zone: {moment.isoformat()}")
    return moment.astimezone(dt.UTC)


class MomentError(ValueError):
    """A time that cannot be read; ``reason`` is ``"empty"`` or ``"invalid"``."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"not an ISO time: {text!r} (example: 2026-11-24T09:30+07:00)")
        self.text = text
        self.reason = reason


def has_offset(text: str) -> bool:
    """Whether an ISO time names its UTC offset (``…+07:00``, ``…Z``); a date alone has none."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return False
    return moment.tzinfo is not None


def parse_moment(text: str, default_zone: str = "UTC") -> dt.datetime:
    """Parse an ISO time such as ``2026-11-24T09:30+07:00`` (no offset: read in ``default_zone``).

    Raises:
        MomentError: the text is empty or no ISO time (a ``ValueError``).
    """
    from zoneinfo import ZoneInfo

    if not text.strip():
        raise MomentError(text, "empty")
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise MomentError(text, "invalid") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(default_zone))
    return moment.astimezone(dt.UTC)
