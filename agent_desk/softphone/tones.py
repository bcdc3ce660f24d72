"""Test tones and tone detection (Goertzel) on 16-bit PCM, without numpy: used by diagnostics and tests."""

from __future__ import annotations

import array
import math
import sys


def tone(frequency: float, samples: int, *, rate: int = 16000, amplitude: int = 8000, start: int = 0) -> bytes:
    """A sine tone as signed 16-bit little-endian PCM, ``samples`` long, continuing at sample ``start``."""
    step = 2 * math.pi * frequency / rate
    data = array.array("h", (int(amplitude * math.sin(step * (start + n))) for n in range(samples)))
    if sys.byteorder != "little":
        data.byteswap()
    return data.tobytes()


def pcm_samples(pcm: bytes) -> array.array[int]:
    data = array.array("h")
    data.frombytes(pcm[: len(pcm) // 2 * 2])
    if sys.byteorder != "little":
        data.byteswap()
    return data


def goertzel_power(samples: array.array[int] | list[int], frequency: float, rate: int = 16000) -> float:
    """The signal's power at ``frequency`` (normalised by the number of samples squared)."""
    count = len(samples)
    if count == 0:
        return 0.0
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    previous = before = 0.0
    for sample in samples:
        current = sample + coefficient * previous - before
        before, previous = previous, current
    power = previous * previous + before * before - coefficient * previous * before
    return power / (count * count)


def tone_share(pcm: bytes, frequency: float, rate: int = 16000) -> float:
    """How much of the signal's energy sits at ``frequency`` (0…1); a clean tone gives about 1.

    Compares the Goertzel power at the frequency with the mean-square power of the whole signal (a pure
    sine of amplitude A has mean square A²/2 and Goertzel power A²/4).
    """
    samples = pcm_samples(pcm)
    if not samples:
        return 0.0
    mean_square = sum(sample * sample for sample in samples) / len(samples)
    if mean_square == 0:
        return 0.0
    return min(1.0, 2 * goertzel_power(samples, frequency, rate) / mean_square)


def rms_level(pcm: bytes) -> float:
    """Root-mean-square level of 16-bit PCM, 0…1 of full scale."""
    samples = pcm_samples(pcm)
    if not samples:
        return 0.0
    return math.sqrt(sum(sample * sample for sample in samples) / len(samples)) / 32768.0


def clearest_share(pcm: bytes, frequency: float, seconds: float = 0.5, rate: int = 16000) -> tuple[float, bytes]:
    """The stretch of ``seconds`` where ``frequency`` is clearest, and its :func:`tone_share`.

    Recordings start and end with silence (set-up, tear-down), so a fixed window may miss the call.
    """
    size, step = int(seconds * rate) * 2, rate // 10 * 2
    best = (0.0, b"")
    for start in range(0, max(1, len(pcm) - size + 1), step):
        window = pcm[start : start + size]
        share = tone_share(window, frequency, rate)
        if share > best[0]:
            best = (share, window)
    return best
