"""Noticing that a connected call's incoming audio stopped, from the stream's received-packet counter.

pjsip has no RTP-silence timeout, and session timers only start at 90 s. The engine samples the counter a
few times a second; the counter restarts when the stream is re-created (hold, resume), so a drop counts as
activity.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class MediaWatchdog:
    """Tracks one call's received packets; :meth:`sample` says how long they have not moved.

    Args:
        timeout: seconds without a new packet before the call counts as stalled (0 = never).
    """

    timeout: float
    _last_count: int | None = None
    _last_change: float | None = None
    stalled: bool = False

    def pause(self) -> None:
        """Forget the baseline (on hold nothing comes in on purpose; start again after resume)."""
        self._last_count = None
        self._last_change = None
        self.stalled = False

    def silent_for(self, now: float) -> float:
        return 0.0 if self._last_change is None else max(0.0, now - self._last_change)

    def sample(self, now: float, received_packets: int) -> bool | None:
        """Feed the counter read at ``now`` (monotonic seconds).

        Returns:
            True when the call has just become stalled, False when it has just recovered, None otherwise.
        """
        if self._last_count is None or self._last_change is None or received_packets != self._last_count:
            self._last_count = received_packets
            self._last_change = now
            if self.stalled:
                self.stalled = False
                return False
            return None
        if self.timeout > 0 and not self.stalled and now - self._last_change >= self.timeout:
            self.stalled = True
            return True
        return None
