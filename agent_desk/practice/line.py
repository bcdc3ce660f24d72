"""The app's end of the practice line: starts the debtor's process and talks to it over a pipe.

:class:`DebtorLine` is Qt-free: the GUI polls :meth:`DebtorLine.events` from a timer, the benchmark and the
tests from a loop. The process dies with the app (its stdin closes) and is stopped by its id.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from agent_desk.practice.errors import PracticeError
from agent_desk.text import Message

log = logging.getLogger(__name__)
READY_TIMEOUT = 20.0


class DebtorLine:
    """A running debtor process.

    Args:
        recordings: where the debtor's engine writes call recordings.
        ring: seconds the practice line rings before the debtor answers.
    """

    def __init__(self, recordings: Path, *, ring: float = 0.6, listen: str = "127.0.0.1") -> None:
        recordings.mkdir(parents=True, exist_ok=True)
        self.recordings = recordings
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._next_id = 0
        self.uri: str | None = None
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]),
                                                          env.get("PYTHONPATH", "")]))  # fmt: skip
        command = [sys.executable, "-m", "agent_desk.practice.debtor", "--listen", listen, "--ring", str(ring),
                   "--recordings", str(recordings)]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                bufsize=1,
                env=env,
            )
        except OSError as error:
            raise PracticeError(Message.of("practice.error.debtor", reason=type(error).__name__)) from error
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), name="debtor-line", daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for raw in stream:
            try:
                event = json.loads(raw)
            except ValueError:
                continue  # pjlib prints a few lines of its own before ours
            if isinstance(event, dict) and "event" in event:
                self._events.put(event)
        self._events.put({"event": "exited"})

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> str:
        """Block until the debtor listens; returns its SIP URI (or raises :class:`PracticeError`)."""
        deadline = time.monotonic() + timeout
        while self.uri is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise PracticeError(Message.of("practice.error.debtor", reason="no answer from the debtor process"))
            try:
                event = self._events.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if event["event"] == "ready":
                self.uri = str(event["uri"])
            elif event["event"] in ("error", "exited"):
                self.close()
                raise PracticeError(Message.of("practice.error.debtor", reason=str(event.get("reason", "exited"))))
        return self.uri

    def events(self) -> list[dict[str, Any]]:
        """Events since the last call (never blocks)."""
        found: list[dict[str, Any]] = []
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return found
            if event["event"] == "ready":
                self.uri = str(event["uri"])
            found.append(event)

    def wait_for(self, name: str, timeout: float) -> dict[str, Any]:
        """Block until event ``name`` (other events are dropped; for tests and the benchmark)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {name!r} from the debtor in {timeout} s")
            try:
                event = self._events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event["event"] == "ready":
                self.uri = str(event["uri"])
            if event["event"] == name:
                return event

    def _send(self, **command: Any) -> None:
        stdin = self.process.stdin
        if stdin is None or self.process.poll() is not None:
            return
        try:
            stdin.write(json.dumps(command) + "\n")
            stdin.flush()
        except (BrokenPipeError, OSError):
            log.warning("the debtor process is gone")

    def greeting(self, wav: Path) -> int:
        """What the debtor says as soon as it answers."""
        self._next_id += 1
        self._send(op="greeting", id=self._next_id, wav=str(wav))
        return self._next_id

    def say(self, wav: Path, *, then_hang_up: bool = False) -> int:
        """Say a line now (interrupting any other); returns its id (a ``said`` event follows)."""
        self._next_id += 1
        self._send(op="say", id=self._next_id, wav=str(wav), then_hang_up=then_hang_up)
        return self._next_id

    def hang_up(self) -> None:
        self._send(op="hang_up")

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def close(self, timeout: float = 5.0) -> None:
        """Ask the process to quit, then make sure it did (by its id)."""
        if self.process.poll() is None:
            self._send(op="quit")
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=timeout)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
