"""The simulated debtor's voice: espeak-ng (Debian's ``espeak-ng``, voices ``id`` and ``en``), cached as WAV.

Every line is synthesized once per voice and kept in the user's cache folder as 16 kHz mono 16-bit WAV — the
format the softphone's audio bridge carries — under a name made from a hash of the words and the voice. A
repeat session finds its lines there and starts without synthesizing anything.
"""

from __future__ import annotations

import array
import concurrent.futures
import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from agent_desk.paths import APP_AUTHOR, APP_NAME
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.scenario import Scenario
from agent_desk.text import Message

log = logging.getLogger(__name__)

ESPEAK = "espeak-ng"
SAMPLE_RATE = 16000
VOICE_VERSION = 1  # bump when the synthesis settings change: old cached files are then not used
SPEED_WPM = 150
CACHE_ENV = "AGENT_DESK_VOICE_CACHE"


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "practice-voice"


def espeak_available() -> bool:
    return shutil.which(ESPEAK) is not None


def voice_name(scenario: Scenario, speaker: str = "customer") -> str:
    """espeak-ng's voice for a speaker of the scenario: the language, and a variant by the persona's gender."""
    persona = scenario.persona
    variant = persona.voice or ("f3" if persona.gender == "female" else "m3")
    if speaker == "third_party" and not persona.voice:
        variant = "m3" if persona.gender == "female" else "f3"
    return f"{scenario.language}+{variant}"


def cached_path(text: str, voice: str) -> Path:
    key = hashlib.sha256(f"{VOICE_VERSION}|{voice}|{SPEED_WPM}|{text}".encode()).hexdigest()[:32]
    return cache_dir() / f"{key}.wav"


def synthesize(text: str, voice: str) -> Path:
    """The WAV of ``text`` in ``voice`` (from the cache, or made now); raises :class:`PracticeError`."""
    target = cached_path(text, voice)
    if target.exists():
        return target
    if not espeak_available():
        raise PracticeError(Message.of("practice.error.voice", reason=f"{ESPEAK} is not installed"))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        raw = Path(scratch) / "espeak.wav"
        try:
            subprocess.run(
                [ESPEAK, "-v", voice, "-s", str(SPEED_WPM), "-w", str(raw), "--", text],
                check=True,
                capture_output=True,
                timeout=30,
            )
            pcm, rate = _read_mono(raw)
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError) as error:
            raise PracticeError(Message.of("practice.error.voice", reason=type(error).__name__)) from error
        converted = Path(scratch) / "line.wav"
        write_wav(converted, resample(pcm, rate, SAMPLE_RATE))
        os.replace(converted, target)  # atomic: a half-written file is never found in the cache
    return target


def prepare(scenario: Scenario, *, first: Iterable[str] = (), workers: int = 2) -> dict[str, Path]:
    """Synthesize every line of ``scenario`` (``first`` before the others); returns words → WAV file."""
    voices = {node.line: voice_name(scenario, node.speaker) for node in scenario.nodes.values()} | {
        line: voice_name(scenario) for line in (*scenario.confused, scenario.silence) if line
    }
    ordered = list(dict.fromkeys([*(line for line in first if line in voices), *voices]))
    found: dict[str, Path] = {}
    missing = []
    for line in ordered:
        path = cached_path(line, voices[line])
        if path.exists():
            found[line] = path
        else:
            missing.append(line)
    if missing:
        with concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="espeak") as pool:
            for line, path in zip(missing, pool.map(lambda text: synthesize(text, voices[text]), missing), strict=True):
                found[line] = path
    return found


def pcm_of(path: Path) -> bytes:
    """The 16 kHz mono 16-bit samples of a cached line."""
    pcm, rate = _read_mono(path)
    return pcm if rate == SAMPLE_RATE else resample(pcm, rate, SAMPLE_RATE)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as source:
        return source.getnframes() / float(source.getframerate())


def write_wav(path: Path, pcm: bytes, rate: int = SAMPLE_RATE) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)


def _read_mono(path: Path) -> tuple[bytes, int]:
    with wave.open(str(path), "rb") as source:
        if source.getsampwidth() != 2:
            raise wave.Error("not 16-bit audio")
        channels, rate = source.getnchannels(), source.getframerate()
        data = source.readframes(source.getnframes())
    if channels == 1:
        return data, rate
    samples = _samples(data)
    mono = array.array("h", (samples[i] for i in range(0, len(samples), channels)))
    return _bytes(mono), rate


def resample(pcm: bytes, rate: int, target: int) -> bytes:
    """Linear interpolation from ``rate`` to ``target`` Hz (speech needs no better for a practice call)."""
    if rate == target or not pcm:
        return pcm
    samples = _samples(pcm)
    count = len(samples)
    length = max(1, count * target // rate)
    step = rate / target
    last = count - 1
    out = array.array("h", bytes(2 * length))
    for index in range(length):
        position = index * step
        base = int(position)
        if base >= last:
            out[index] = samples[last]
            continue
        fraction = position - base
        out[index] = int(samples[base] + (samples[base + 1] - samples[base]) * fraction)
    return _bytes(out)


def _samples(pcm: bytes) -> array.array[int]:
    data = array.array("h")
    data.frombytes(pcm[: len(pcm) // 2 * 2])
    if sys.byteorder != "little":
        data.byteswap()
    return data


def _bytes(data: array.array[int]) -> bytes:
    if sys.byteorder != "little":
        data = array.array("h", data)
        data.byteswap()
    return data.tobytes()


class LineVoices:
    """The WAVs of one scenario's lines: the opening made at once, the rest in the background, any line on demand."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._voices = {node.line: voice_name(scenario, node.speaker) for node in scenario.nodes.values()}
        for line in (*scenario.confused, scenario.silence):
            self._voices.setdefault(line, voice_name(scenario))
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    def path(self, text: str) -> Path | None:
        """The line's WAV (synthesized now if the background has not got to it yet); None for unknown words."""
        voice = self._voices.get(text)
        if voice is None:
            return None
        try:
            return synthesize(text, voice)
        except PracticeError as error:
            log.warning("line not synthesized: %s", error)
            return None

    def opening(self) -> Path | None:
        return self.path(self.scenario.nodes[self.scenario.start].line)

    def prepare_in_background(self) -> None:
        missing = [text for text, voice in self._voices.items() if not cached_path(text, voice).exists()]
        if not missing:
            return
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="espeak")
        for text in missing:
            self._pool.submit(self.path, text)
        self._pool.shutdown(wait=False)

    def wait(self, timeout: float = 30.0) -> None:
        """For tests and the benchmark: until the background synthesis is done."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(cached_path(text, voice).exists() for text, voice in self._voices.items()):
                return
            time.sleep(0.02)
