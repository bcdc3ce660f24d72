"""Real (virtual) audio devices for tests: a private PulseAudio with a null sink and a FIFO-fed source.

The null sink ``headset`` is the agent's speaker (record what it plays with ``parec -d headset.monitor``);
the pipe source ``mic`` is the agent's microphone (write 16 kHz mono s16le PCM into
:attr:`PulseServer.mic_fifo`, in real time). Qt Multimedia lists them as "Null Output" and "Unix FIFO
source …". The daemon is a child that dies with the test run and is stopped by PID. Needs Debian's
``pulseaudio`` and ``pulseaudio-utils``.

Set ``PULSE_SERVER`` (done by :func:`start_pulse`) before the process first touches Qt Multimedia: it connects
to the sound server once.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.processes import start_child, stop_child

RATE = 16000
FRAME_SAMPLES = 320  # 20 ms


def pulse_available() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "parec"))


@dataclasses.dataclass
class PulseServer:
    runtime_dir: Path
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    speaker = "headset"
    microphone = "mic"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def socket(self) -> Path:
        return self.runtime_dir / "pulse" / "native"

    @property
    def mic_fifo(self) -> Path:
        return self.runtime_dir / "mic.fifo"

    def pactl(self, *args: str) -> str:
        return subprocess.run(
            ["pactl", *args], env=self.env, check=True, capture_output=True, text=True, timeout=10
        ).stdout

    def stop(self) -> None:
        stop_child(self.process)

    def record_speaker(self, path: Path) -> subprocess.Popen[bytes]:
        """Start ``parec`` on the speaker's monitor into ``path`` (16 kHz mono s16le); stop it by PID."""
        handle = path.open("wb")
        try:
            return start_child(
                [
                    "parec",
                    "-d",
                    f"{self.speaker}.monitor",
                    "--format=s16le",
                    f"--rate={RATE}",
                    "--channels=1",
                ],
                stdout=handle,
                env=self.env,
            )
        finally:
            handle.close()

    def feed_microphone(self, pcm_for_frame: Callable[[int], bytes]) -> MicrophoneFeeder:
        """Write ``pcm_for_frame(n)`` (20 ms of PCM) into the microphone FIFO every 20 ms, from a thread."""
        return MicrophoneFeeder(self.mic_fifo, pcm_for_frame)


class MicrophoneFeeder:
    """Feeds the FIFO at real-time pace (the pipe source reads whatever arrives, as fast as it arrives)."""

    def __init__(self, fifo: Path, pcm_for_frame: Callable[[int], bytes]) -> None:
        self._fifo = fifo
        self._pcm_for_frame = pcm_for_frame
        self._stop = threading.Event()
        self.frames = 0
        self._thread = threading.Thread(target=self._run, name="mic-feeder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        descriptor = os.open(self._fifo, os.O_WRONLY)
        try:
            start = time.monotonic()
            while not self._stop.is_set():
                os.write(descriptor, self._pcm_for_frame(self.frames))
                self.frames += 1
                delay = start + self.frames * 0.02 - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)
        except OSError:
            pass
        finally:
            os.close(descriptor)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def start_pulse(base: Path, timeout: float = 10.0) -> PulseServer:
    """Start PulseAudio with its runtime dir under ``base``; this process's ``PULSE_SERVER`` points at it."""
    runtime = base / "pulse-runtime"
    runtime.mkdir(parents=True, mode=0o700, exist_ok=True)
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_RUNTIME_PATH": str(runtime / "pulse"),
        "HOME": str(base),
        "XDG_CONFIG_HOME": str(base / "config"),
    }
    env.pop("PULSE_SERVER", None)
    log_file = (base / "pulseaudio.log").open("wb")
    process = start_child(
        [
            "pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "--system=false", "-n",
            "--disable-shm=yes", "--log-target=stderr", "--log-level=error",
            "--load=module-native-protocol-unix",
            "--load=module-null-sink sink_name=headset rate=16000 channels=1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )  # fmt: skip
    log_file.close()
    server = PulseServer(runtime, process, env)
    env["PULSE_SERVER"] = f"unix:{server.socket}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"pulseaudio exited: {(base / 'pulseaudio.log').read_text(errors='replace')}")
        try:
            server.pactl("info")
            break
        except subprocess.CalledProcessError:
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("pulseaudio did not come up") from None
            time.sleep(0.05)
    server.pactl(
        "load-module", "module-pipe-source", f"source_name={server.microphone}", f"file={server.mic_fifo}",
        "format=s16le", f"rate={RATE}", "channels=1",
    )  # fmt: skip
    server.pactl("set-default-source", server.microphone)
    server.pactl("set-default-sink", server.speaker)
    os.environ["PULSE_SERVER"] = env["PULSE_SERVER"]
    return server


_shared: tuple[PulseServer | None, str] | None = None


def shared_pulse() -> tuple[PulseServer | None, str]:
    """One PulseAudio for the whole test process, started on first call (stopped at exit, and by PDEATHSIG).

    Returns the server, or None and why there is none.
    """
    global _shared  # noqa: PLW0603 - one sound server per process, like Qt's one connection to it
    if _shared is None:
        if not pulse_available():
            _shared = (None, "pulseaudio and pulseaudio-utils are not installed (see README: the test set-up command)")
        else:
            base = Path(tempfile.mkdtemp(prefix="agent-desk-pulse-"))
            atexit.register(shutil.rmtree, base, ignore_errors=True)  # registered first: runs after stop()
            try:
                server = start_pulse(base)
            except RuntimeError as error:
                _shared = (None, f"pulseaudio did not start: {error}")
            else:
                atexit.register(server.stop)
                _shared = (server, "")
    return _shared
