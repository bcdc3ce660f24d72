"""Helpers of the softphone tests (kept out of conftest.py, which pytest loads under a name of its own: a
test module importing it would run it a second time)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agent_desk.softphone import CallChanged, CallSnapshot, CallState, EngineOptions, Softphone, SoftphoneEvent
from tests.support.processes import free_port
from tests.support.sipp import SippPeer

PEERS = Path(__file__).parent / "peers"


CUSTOMER_NUMBER = "+6281234567890"


def skip_or_fail(reason: str) -> None:
    """Skip when a service is missing; in CI (AGENT_DESK_REQUIRE_SERVICES=1) fail instead."""
    if os.environ.get("AGENT_DESK_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def require(available: bool, what: str) -> None:
    if not available:
        skip_or_fail(f"{what} is not installed (see README: the test set-up command installs it)")


class EventLog:
    """Every event an engine emitted, with helpers to ask about calls."""

    def __init__(self) -> None:
        self.events: list[SoftphoneEvent] = []

    def __call__(self, event: SoftphoneEvent) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list[SoftphoneEvent]:
        return [event for event in self.events if isinstance(event, kind)]

    def snapshots(self, key: int | None = None) -> list[CallSnapshot]:
        return [
            event.call
            for event in self.events
            if isinstance(event, CallChanged) and (key is None or event.call.key == key)
        ]

    def states(self, key: int) -> list[CallState]:
        states: list[CallState] = []
        for snapshot in self.snapshots(key):
            if not states or states[-1] is not snapshot.state:
                states.append(snapshot.state)
        return states

    def ended(self, key: int) -> CallSnapshot | None:
        ends = [s for s in self.snapshots(key) if s.state is CallState.ENDED]
        assert len(ends) <= 1, f"call {key} ended more than once: {ends}"
        return ends[0] if ends else None


def fast_options(tmp_path: Path, **overrides: object) -> EngineOptions:
    """Engine options for tests: loopback, a free port, short timeouts."""
    values: dict[str, object] = {
        "listen_host": "127.0.0.1",
        "sip_port": free_port(),
        "recordings_dir": tmp_path / "recordings",
        "register_timeout": 1.5,
        "retry_delays": (0.5, 1.0),
        "no_answer_timeout": 2.0,
        "no_response_timeout": 1.5,
        "media_timeout": 1.5,
    }
    values.update(overrides)
    return EngineOptions(**values)  # type: ignore[arg-type]


def peer_exit(engine: Softphone, peer: SippPeer, timeout: float = 5.0) -> int | None:
    """Keep the engine polling (it answers retransmissions and BYEs) until the sipp peer exits."""
    engine.run_until(lambda: not peer.running(), timeout)
    return peer.process.poll()


def wait_idle(engine: Softphone, timeout: float = 5.0) -> None:
    assert engine.run_until(lambda: engine.active_call is None, timeout), f"still in a call: {engine.active_call}"
