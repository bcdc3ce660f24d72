"""Start helper processes that die with the test run, and find free loopback ports."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
from collections.abc import Sequence
from typing import Any

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def start_child(argv: Sequence[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """Start a process that gets SIGTERM if the test process dies (so no peer outlives a crashed test)."""
    return subprocess.Popen(list(argv), preexec_fn=_die_with_parent, **kwargs)  # noqa: PLW1509


def stop_child(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    """A port free on 127.0.0.1 for both TCP and UDP at the time of asking."""
    while True:
        with socket.socket(socket.AF_INET, kind) as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
        other = socket.SOCK_DGRAM if kind == socket.SOCK_STREAM else socket.SOCK_STREAM
        try:
            with socket.socket(socket.AF_INET, other) as second:
                second.bind(("127.0.0.1", port))
        except OSError:
            continue
        return port


def is_root() -> bool:
    return os.geteuid() == 0
