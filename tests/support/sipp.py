"""Real SIP peers for tests: sipp processes on 127.0.0.1, started so they die with the test run.

Usage as a fixture (``tests/softphone/conftest.py`` has one)::

    peer = sipp.uas("uas_full.xml", "-rtp_echo")       # a scenario file from tests/softphone/peers/
    engine.dial(peer.uri("service"))
    peer.wait()                                         # its exit code: 0 when every call passed
    assert "reINVITE" in peer.log()
"""

from __future__ import annotations

import errno
import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from tests.support.processes import free_port, start_child, stop_child

SIPP = "sipp"


def sipp_available() -> bool:
    return shutil.which(SIPP) is not None


def _port_taken(port: int, kind: int = socket.SOCK_DGRAM) -> bool:
    with socket.socket(socket.AF_INET, kind) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


class SippPeer:
    """One running sipp: its port, its media port, and the files it writes (scenario log, message trace)."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, media_port: int, workdir: Path) -> None:
        self.process = process
        self.port = port
        self.media_port = media_port
        self.workdir = workdir
        self.log_path = workdir / "scenario.log"
        self.messages_path = workdir / "messages.log"
        self.errors_path = workdir / "errors.log"
        self.stdout_path = workdir / "stdout.log"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def uri(self, user: str = "service") -> str:
        return f"sip:{user}@127.0.0.1:{self.port}"

    def running(self) -> bool:
        return self.process.poll() is None

    def wait(self, timeout: float = 10.0) -> int:
        """Wait for sipp to finish its calls (``-m``); returns its exit code (0: all calls passed)."""
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        stop_child(self.process)

    def _read(self, path: Path) -> str:
        return path.read_text(errors="replace") if path.exists() else ""

    def log(self) -> str:
        """What the scenario's ``<log>`` actions wrote."""
        return self._read(self.log_path)

    def messages(self) -> str:
        """Every SIP message sipp sent and received."""
        return self._read(self.messages_path)

    def errors(self) -> str:
        return self._read(self.errors_path)

    def describe(self) -> str:
        """Everything sipp wrote, for an assertion message."""
        return (
            f"sipp pid {self.pid} exit {self.process.poll()}\n--- log\n{self.log()}"
            f"\n--- errors\n{self.errors()}\n--- stdout\n{self._read(self.stdout_path)[-3000:]}"
            f"\n--- messages\n{self.messages()[-6000:]}"
        )


class SippFactory:
    """Starts sipp peers in a working directory and stops every one of them (by PID) at the end."""

    def __init__(self, workdir: Path, scenarios: Path) -> None:
        self.workdir = workdir
        self.scenarios = scenarios.resolve()
        self.peers: list[SippPeer] = []

    def _start(
        self,
        argv_tail: Sequence[str],
        name: str,
        *,
        port: int | None,
        media_port: int | None,
        tcp: bool = False,
    ) -> SippPeer:
        port = port or free_port()
        media_port = media_port or free_port()
        workdir = self.workdir / f"sipp-{name}-{port}"
        workdir.mkdir(parents=True, exist_ok=True)
        argv = [
            SIPP,
            "-nostdin",
            "-i", "127.0.0.1",
            "-p", str(port),
            "-mi", "127.0.0.1",  # else sipp advertises a non-loopback media address
            "-mp", str(media_port),
            "-trace_msg", "-message_file", str(workdir / "messages.log"),
            "-trace_logs", "-log_file", str(workdir / "scenario.log"),
            "-trace_err", "-error_file", str(workdir / "errors.log"),
            *argv_tail,
        ]  # fmt: skip
        stdout = (workdir / "stdout.log").open("wb")
        process = start_child(argv, cwd=workdir, stdout=stdout, stderr=subprocess.STDOUT)
        stdout.close()
        peer = SippPeer(process, port, media_port, workdir)
        self.peers.append(peer)
        deadline = time.monotonic() + 5.0
        while not _port_taken(port, socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"sipp did not start:\n{peer.describe()}")
            time.sleep(0.01)
        return peer

    def scenario(self, name: str, **values: object) -> str:
        """The path of a scenario; with ``values``, a copy with ``@NAME@`` replaced (sipp checks some fields,
        such as response codes, before it substitutes ``-key`` values, so those are filled in here)."""
        path = self.scenarios / name
        if not values:
            return str(path)
        text = path.read_text(encoding="iso-8859-1")
        for key, value in values.items():
            text = text.replace(f"@{key.upper()}@", str(value))
        rendered = self.workdir / f"{path.stem}-{'-'.join(str(v) for v in values.values())}{path.suffix}"
        rendered = rendered.with_name(rendered.name.replace(" ", "_"))
        rendered.parent.mkdir(parents=True, exist_ok=True)
        rendered.write_text(text, encoding="iso-8859-1")
        return str(rendered)

    def uas(
        self,
        scenario: str,
        *args: str,
        calls: int = 1,
        port: int | None = None,
        media_port: int | None = None,
        values: dict[str, object] | None = None,
        tcp: bool = False,
    ) -> SippPeer:
        """A sipp server answering ``calls`` calls with ``scenario`` (a file under the scenarios folder,
        ``@NAME@`` fields filled from ``values``), over UDP or, with ``tcp``, TCP."""
        argv = ["-sf", self.scenario(scenario, **(values or {})), "-m", str(calls), *args]
        if tcp:
            argv += ["-t", "t1"]
        return self._start(argv, Path(scenario).stem, port=port, media_port=media_port, tcp=tcp)

    def uac(
        self,
        scenario: str,
        target: str,
        *args: str,
        calls: int = 1,
        service: str = "agent",
        values: dict[str, object] | None = None,
    ) -> SippPeer:
        """A sipp client placing ``calls`` calls to ``target`` (``host:port``)."""
        path = self.scenario(scenario, **(values or {}))
        argv = ["-sf", path, "-s", service, "-m", str(calls), *args, target]
        return self._start(argv, Path(scenario).stem, port=None, media_port=None)

    def stop_all(self) -> list[int]:
        """Stop every peer; returns the PIDs that were still running (a test may assert it is empty)."""
        leaked = [peer.pid for peer in self.peers if peer.running()]
        for peer in self.peers:
            peer.stop()
        return leaked
