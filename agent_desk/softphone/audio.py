"""The engine's end of the audio path: a pjsua2 ``AudioMediaPort`` and two thread-safe PCM buffers.

This pjsua2 build has no sound-device backend, so pjmedia runs on its null device and the call's audio
goes through :class:`AudioBridge`: pjmedia's clock thread asks it for 20 ms of microphone audio and hands it
20 ms of what the far end said; the Qt side (``ui/softphone/audio.py``) pushes microphone PCM in and pulls
speaker PCM out. Format everywhere: 16 kHz, mono, signed 16-bit little-endian. Nothing here touches Qt.
"""

from __future__ import annotations

import ctypes
import dataclasses
import logging
import threading
import time

import pjsua2 as pj

from agent_desk.softphone._pj import log_failure

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
FRAME_MS = 20
FRAME_BYTES = SAMPLE_RATE * FRAME_MS // 1000 * 2
_SILENCE = bytes(FRAME_BYTES)


def _vector_bytes_slow(vector: pj.ByteVector) -> bytes:
    return bytes(vector)


def _vector_bytes_fast(vector: pj.ByteVector) -> bytes:
    # std::vector<unsigned char> in libstdc++ is three pointers: begin, end, end of storage. Reading them
    # takes 2 µs where iterating the SWIG proxy takes 300 µs per frame.
    address = int(vector.this)
    begin = ctypes.c_void_p.from_address(address).value or 0
    end = ctypes.c_void_p.from_address(address + ctypes.sizeof(ctypes.c_void_p)).value or 0
    size = end - begin
    if size != len(vector):
        return bytes(vector)
    return ctypes.string_at(begin, size) if size else b""


def _pick_vector_reader() -> object:
    probe = bytes(range(256)) * 3
    try:
        if _vector_bytes_fast(pj.ByteVector(probe)) == probe:
            return _vector_bytes_fast
    except (TypeError, ValueError, OSError, AttributeError):
        pass
    log.warning("pjsua2 frame buffers read the slow way (ByteVector layout not recognised)")
    return _vector_bytes_slow


vector_bytes = _pick_vector_reader()


def _fill_vector_fast(vector: pj.ByteVector, data: bytes) -> None:
    address = int(vector.this)
    begin = ctypes.c_void_p.from_address(address).value or 0
    end = ctypes.c_void_p.from_address(address + ctypes.sizeof(ctypes.c_void_p)).value or 0
    if end - begin != len(data):
        raise ValueError("vector size differs")
    ctypes.memmove(begin, data, len(data))


def _vector_writer_works() -> bool:
    probe = bytes(range(256)) * 3
    vector = pj.ByteVector(bytes(len(probe)))
    try:
        _fill_vector_fast(vector, probe)
    except (TypeError, ValueError, OSError, AttributeError):
        return False
    return bytes(vector) == probe


_FAST_WRITE = _vector_writer_works()


class PcmBuffer:
    """A bounded FIFO of PCM bytes shared between two threads; the oldest audio goes when it overflows."""

    def __init__(self, capacity: int) -> None:
        self._data = bytearray()
        self._capacity = capacity
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def write(self, pcm: bytes) -> int:
        """Append ``pcm``; returns how many bytes of old audio were dropped to make room."""
        with self._lock:
            self._data += pcm
            excess = len(self._data) - self._capacity
            if excess > 0:
                excess += (-excess) % 2  # keep whole samples
                del self._data[:excess]
                return excess
            return 0

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes (whole samples)."""
        with self._lock:
            size = min(size, len(self._data)) // 2 * 2
            chunk = bytes(self._data[:size])
            del self._data[:size]
            return chunk

    def read_exact(self, size: int) -> bytes | None:
        with self._lock:
            if len(self._data) < size:
                return None
            chunk = bytes(self._data[:size])
            del self._data[:size]
            return chunk

    def trim_to(self, size: int) -> int:
        """Drop the oldest audio so at most ``size`` bytes stay; returns the bytes dropped."""
        with self._lock:
            excess = len(self._data) - size
            if excess <= 0:
                return 0
            excess += (-excess) % 2
            del self._data[:excess]
            return excess

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


@dataclasses.dataclass(frozen=True)
class AudioStats:
    """Counters of the audio path, in 20 ms frames.

    Attributes:
        frames_from_far_end: frames pjmedia handed us (what the far end said, or silence).
        frames_to_far_end: frames pjmedia took from us.
        speaker_dropped: far-end frames thrown away because the speaker side did not keep up.
        microphone_late: frames pjmedia asked for while the microphone had not delivered them yet.
        microphone_dropped: microphone frames thrown away because they piled up (clock drift, stalls).
    """

    frames_from_far_end: int
    frames_to_far_end: int
    speaker_dropped: int
    microphone_late: int
    microphone_dropped: int

    @property
    def lost_or_late(self) -> int:
        return self.speaker_dropped + self.microphone_late + self.microphone_dropped


class AudioBridge:
    """Thread-safe hand-over of PCM between pjmedia's clock thread and the sound devices' side.

    Args:
        prime_frames: microphone frames to gather before sending (absorbs the jitter of device reads).
        max_frames: frames either buffer may hold before the oldest are dropped.
    """

    def __init__(self, prime_frames: int = 3, max_frames: int = 12) -> None:
        self.microphone = PcmBuffer(FRAME_BYTES * max_frames)
        self.speaker = PcmBuffer(FRAME_BYTES * max_frames)
        self._prime = FRAME_BYTES * prime_frames
        self._max = FRAME_BYTES * max_frames
        self._lock = threading.Lock()
        self._microphone_attached = False
        self._speaker_attached = False
        self._primed = False
        self._muted = False
        self._counts = {"in": 0, "out": 0, "spk_drop": 0, "mic_late": 0, "mic_drop": 0}
        self._streaming = False

    # --- the sound-device side (any one thread) ---

    def attach(self, *, microphone: bool, speaker: bool) -> None:
        """Say which devices are feeding/draining the buffers; detached ends are not counted as losses."""
        with self._lock:
            self._microphone_attached = microphone
            self._speaker_attached = speaker
            self._primed = False
        self.microphone.clear()
        self.speaker.clear()

    def push_microphone(self, pcm: bytes) -> None:
        dropped = self.microphone.write(pcm)
        if dropped and self._streaming:  # between calls nobody takes the audio: dropping it is no loss
            with self._lock:
                self._counts["mic_drop"] += dropped // FRAME_BYTES or 1

    def pull_speaker(self, max_bytes: int) -> bytes:
        return self.speaker.read(max_bytes)

    def set_streaming(self, streaming: bool) -> None:
        """The engine says whether a call's audio is connected (losses count only then)."""
        with self._lock:
            self._streaming = streaming
            self._primed = False
        if streaming:
            self.microphone.trim_to(0)  # start the call with fresh audio, not what piled up before it

    @property
    def streaming(self) -> bool:
        return self._streaming

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def stats(self) -> AudioStats:
        with self._lock:
            counts = dict(self._counts)
        return AudioStats(counts["in"], counts["out"], counts["spk_drop"], counts["mic_late"], counts["mic_drop"])

    def reset_stats(self) -> None:
        with self._lock:
            for name in self._counts:
                self._counts[name] = 0

    # --- pjmedia's clock thread ---

    def next_frame_for_far_end(self) -> bytes:
        with self._lock:
            self._counts["out"] += 1
            attached = self._microphone_attached
        if not attached:
            return _SILENCE
        frame = self._take_microphone_frame()
        return _SILENCE if frame is None or self._muted else frame

    def frame_from_far_end(self, pcm: bytes) -> None:
        with self._lock:
            self._counts["in"] += 1
            attached = self._speaker_attached
        if not attached:
            return
        dropped = self.speaker.write(pcm)
        if dropped:
            with self._lock:
                self._counts["spk_drop"] += max(1, dropped // FRAME_BYTES)

    def _take_microphone_frame(self) -> bytes | None:
        if not self._primed:
            if len(self.microphone) < self._prime:
                return None
            self._primed = True
        frame = self.microphone.read_exact(FRAME_BYTES)
        if frame is None:
            with self._lock:
                self._counts["mic_late"] += 1
            self._primed = False
            return None
        backlog = len(self.microphone)
        if backlog > self._max - FRAME_BYTES:
            # The device clock runs ahead of pjmedia's: drop back to the priming depth, not further.
            dropped = self.microphone.trim_to(self._prime)
            with self._lock:
                self._counts["mic_drop"] += dropped // FRAME_BYTES
        return frame


def _pjsua_library() -> ctypes.CDLL | None:
    try:
        library = ctypes.CDLL(pj._pjsua2.__file__)
        library.pjsua_conf_remove_port.argtypes = [ctypes.c_int]
        library.pjsua_conf_get_port_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    return library


_PJSUA = _pjsua_library()
_kept_alive: list[object] = []  # ports that could not be detached safely: never freed (see BridgePort.detach)


class BridgePort(pj.AudioMediaPort):  # type: ignore[misc]
    """The conference-bridge port calls are connected to; it forwards frames to an :class:`AudioBridge`.

    Call :meth:`detach` before letting it go: pjsua2's destructor queues the port's removal from the bridge
    and frees the port at once, and the bridge's clock thread then reads the freed port (a use-after-free
    that corrupted the heap now and then in tests).
    """

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__()
        self._bridge = bridge
        self._silence = pj.ByteVector(_SILENCE)
        self._outgoing = pj.ByteVector(_SILENCE)  # refilled in place each frame when the fast path works

    def create(self, name: str = "agent-desk-bridge") -> None:
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, SAMPLE_RATE, 1, FRAME_MS * 1000, 16)
        self.createPort(name, fmt)

    def detach(self, timeout: float = 0.5) -> None:
        """Take the port out of the conference bridge and wait until the bridge's clock has done so.

        Only then may the object be freed: its destructor's own removal then finds the slot empty. When that
        cannot be made sure (no symbol, the clock did not run), the object is kept alive for good instead
        of being freed under the bridge's feet.
        """
        slot = int(self.getPortId())
        if _PJSUA is None or slot < 0:
            _kept_alive.append(self)
            return
        _PJSUA.pjsua_conf_remove_port(slot)
        info = ctypes.create_string_buffer(4096)  # pjsua_conf_port_info: only "is it still there" matters
        deadline = time.monotonic() + timeout
        while _PJSUA.pjsua_conf_get_port_info(slot, info) == 0:
            if time.monotonic() > deadline:
                log.warning("the audio bridge port was not released in time; keeping it alive")
                _kept_alive.append(self)
                return
            time.sleep(0.005)

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:
        try:
            pcm = self._bridge.next_frame_for_far_end()
            frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
            if pcm is _SILENCE:
                frame.buf = self._silence
            elif _FAST_WRITE and len(pcm) == FRAME_BYTES:
                _fill_vector_fast(self._outgoing, pcm)  # 2 µs instead of 50 µs for ByteVector(pcm)
                frame.buf = self._outgoing  # copied into pjmedia's frame by the setter
            else:
                frame.buf = pj.ByteVector(pcm)
            frame.size = FRAME_BYTES
        except BaseException:  # an exception escaping into pjmedia's thread aborts the process
            log_failure(log, "audio frame for the far end failed")

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        try:
            if frame.type != pj.PJMEDIA_FRAME_TYPE_AUDIO or frame.size == 0:
                return
            self._bridge.frame_from_far_end(vector_bytes(frame.buf))  # type: ignore[operator]
        except BaseException:
            log_failure(log, "audio frame from the far end failed")
