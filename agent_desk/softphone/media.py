"""A call's media: connecting it to the audio bridge, recording it, and watching that audio keeps coming.

A mixin of :class:`agent_desk.softphone.engine.Softphone` (through the call mixin); runs from the inbox and
the poll timer, outside pjsua2 callbacks.
"""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from typing import Any

import pjsua2 as pj

from agent_desk.softphone._pj import read_call_info
from agent_desk.softphone.audio import AudioBridge
from agent_desk.softphone.calls import CallRecord, recording_file
from agent_desk.softphone.events import CallChanged, CallState, MediaStalled, SoftphoneEvent
from agent_desk.softphone.hints import EndReason
from agent_desk.softphone.settings import EngineOptions

log = logging.getLogger(__name__)

_RECORDER_SETTLE_SECONDS = 0.15  # the WAV is complete once the recorder is gone and the bridge has pumped


class MediaOperations:
    """The media half of the call mixin; the engine sets these attributes."""

    options: EngineOptions
    audio: AudioBridge
    _port: Any
    _records: dict[int, CallRecord]
    _dead_recorders: list[tuple[float, Any]]

    def _emit(self, event: SoftphoneEvent) -> None:
        raise NotImplementedError

    def _emit_call(self, record: CallRecord) -> None:
        self._emit(CallChanged(record.snapshot()))

    def _end(self, record: CallRecord, reason: EndReason) -> None:
        raise NotImplementedError

    def _on_media(self, key: int) -> None:
        record = self._records.get(key)
        if record is None or record.pj is None or not record.active:
            return
        info = read_call_info(record.pj)
        for index, media_type, status in info.media:
            if media_type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            if status not in (
                pj.PJSUA_CALL_MEDIA_ACTIVE,
                pj.PJSUA_CALL_MEDIA_LOCAL_HOLD,
                pj.PJSUA_CALL_MEDIA_REMOTE_HOLD,
            ):
                continue
            record.audio_index = index
            media = record.pj.getAudioMedia(index)
            record.audio_media = media
            media.startTransmit(self._port)
            record.on_hold = status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD
            record.remote_hold = status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            if record.on_hold:
                with contextlib.suppress(pj.Error):
                    self._port.stopTransmit(media)  # the customer must not hear the agent while held
            else:
                self._port.startTransmit(media)
            self.audio.set_streaming(True)
            if record.record and record.recorder is None:
                self._start_recording(record, media)
            break
        if record.watchdog is not None:
            record.watchdog.pause()  # the stream was re-created: its packet counter starts again
        if record.state in (CallState.CONNECTED, CallState.ON_HOLD):
            new_state = CallState.ON_HOLD if record.on_hold else CallState.CONNECTED
            if new_state is not record.state:
                record.state = new_state
                self._emit_call(record)

    def _start_recording(self, record: CallRecord, media: Any) -> None:
        path = recording_file(Path(self.options.recordings_dir), record.started_at, record.key, record.direction)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            recorder = pj.AudioMediaRecorder()
            recorder.createRecorder(str(path))
            media.startTransmit(recorder)
            self._port.startTransmit(recorder)
        except (OSError, pj.Error) as error:
            log.warning("recording could not start: %s", getattr(error, "reason", error))
            return
        record.recorder = recorder
        record.recording_path = path
        self._emit_call(record)

    def _stop_recording(self, record: CallRecord) -> None:
        recorder, record.recorder = record.recorder, None
        if recorder is None:
            return
        with contextlib.suppress(pj.Error):
            self._port.stopTransmit(recorder)
        if record.audio_media is not None:
            with contextlib.suppress(pj.Error):
                record.audio_media.stopTransmit(recorder)
        self._dead_recorders.append((time.monotonic() + _RECORDER_SETTLE_SECONDS, recorder))

    def _check_media(self, record: CallRecord, now: float) -> None:
        assert record.watchdog is not None
        try:
            stat = record.pj.getStreamStat(record.audio_index or 0)
            packets = int(stat.rtcp.rxStat.pkt)
        except pj.Error:
            return
        change = record.watchdog.sample(now, packets)
        if change is None:
            return
        silent = record.watchdog.silent_for(now) if change else 0.0
        self._emit(MediaStalled(record.key, change, silent))
        if change and self.options.media_timeout_hangup:
            log.warning("no incoming audio for %.1f s: ending the call", silent)
            self._end(record, EndReason.MEDIA_TIMEOUT)
        else:
            self._emit_call(record)
