"""The engine's bookkeeping of one call, and how pjsua's call states read in the agent's words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from pathlib import Path
from typing import Any

import pjsua2 as pj

from agent_desk.softphone.events import CallerMatch, CallSnapshot, CallState
from agent_desk.softphone.hints import EndReason, disposition_hint
from agent_desk.softphone.watchdog import MediaWatchdog
from db.models import Direction

_URI_USER = re.compile(r"<?sips?:([^@>;]+)@", re.IGNORECASE)


def number_from_uri(uri: str) -> str:
    """The user part of a SIP URI (``"Ani" <sip:+62812…@host>`` → ``+62812…``), or the URI itself."""
    match = _URI_USER.search(uri)
    return match.group(1) if match else uri


@dataclasses.dataclass(eq=False)
class CallRecord:
    """Everything the engine tracks about one call; ``pj`` holds the pjsua2 Call as long as it lives."""

    key: int
    direction: Direction
    number: str
    remote_uri: str
    started_at: dt.datetime
    started_mono: float
    pj: Any = None
    state: CallState = CallState.DIALING
    sip_call_id: str | None = None
    code: int | None = None
    reason: str = ""
    got_response: bool = False
    redirected_to: str | None = None
    answered_at: dt.datetime | None = None
    answered_mono: float | None = None
    ended_at: dt.datetime | None = None
    ended_mono: float | None = None
    end_reason: EndReason | None = None
    announced_end: bool = False
    hold_requested: bool = False
    on_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    audio_index: int | None = None
    audio_media: Any = None
    recorder: Any = None
    recording_path: Path | None = None
    record: bool = False
    watchdog: MediaWatchdog | None = None
    next_media_check: float = 0.0
    caller: CallerMatch | None = None
    customer_id: int | None = None
    contact_point_id: int | None = None
    interaction_id: int | None = None

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def active(self) -> bool:
        return self.state is not CallState.ENDED

    def talk_seconds(self, now_mono: float | None = None) -> float:
        if self.answered_mono is None:
            return 0.0
        end = self.ended_mono if self.ended_mono is not None else (now_mono or time.monotonic())
        return max(0.0, end - self.answered_mono)

    def hint(self) -> str | None:
        if self.state is not CallState.ENDED or self.end_reason is None:
            return None
        return disposition_hint(
            self.code, answered=self.answered, end_reason=self.end_reason, got_response=self.got_response
        )

    def snapshot(self) -> CallSnapshot:
        return CallSnapshot(
            key=self.key,
            direction=self.direction,
            state=self.state,
            number=self.number,
            remote_uri=self.remote_uri,
            sip_call_id=self.sip_call_id,
            sip_code=self.code,
            sip_reason=self.reason,
            started_at=self.started_at,
            answered_at=self.answered_at,
            ended_at=self.ended_at,
            talk_seconds=round(self.talk_seconds(), 3),
            muted=self.muted,
            recording_path=str(self.recording_path) if self.recording_path else None,
            end_reason=self.end_reason,
            hint=self.hint(),
            caller=self.caller,
            customer_id=self.customer_id,
            contact_point_id=self.contact_point_id,
            media_stalled=bool(self.watchdog and self.watchdog.stalled),
            interaction_id=self.interaction_id,
            got_response=self.got_response,
            redirected_to=self.redirected_to,
        )


def state_for(record: CallRecord, pj_state: int) -> CallState | None:
    """The agent-facing state for a pjsua invite state (None: no change)."""
    if pj_state == pj.PJSIP_INV_STATE_CALLING:
        return CallState.DIALING
    if pj_state == pj.PJSIP_INV_STATE_INCOMING:
        return CallState.INCOMING
    if pj_state == pj.PJSIP_INV_STATE_EARLY:
        return CallState.INCOMING if record.direction is Direction.INBOUND else CallState.RINGING
    if pj_state == pj.PJSIP_INV_STATE_CONFIRMED:
        return CallState.ON_HOLD if record.on_hold else CallState.CONNECTED
    return None


def recording_file(directory: Path, started_at: dt.datetime, key: int, direction: Direction) -> Path:
    """``recordings/2026/11/24/20261124T093012Z-out-7.wav``: sorted by day, unique per engine run."""
    stamp = started_at.astimezone(dt.UTC)
    folder = directory / f"{stamp:%Y}" / f"{stamp:%m}" / f"{stamp:%d}"
    suffix = "out" if direction is Direction.OUTBOUND else "in"
    return folder / f"{stamp:%Y%m%dT%H%M%S}Z-{suffix}-{key}-{time.monotonic_ns() % 1_000_000:06d}.wav"
