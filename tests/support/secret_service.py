"""A real OS keyring for tests: GNOME Keyring's Secret Service on a private D-Bus session bus.

:func:`start_secret_service` starts ``dbus-daemon --session`` and ``gnome-keyring-daemon --foreground``
(unlocked with a password on stdin), both as children that die with the test run, and points this process's
``keyring`` at them. :meth:`SecretService.stop` stops both by PID and restores the previous environment and
keyring backend. Needs Debian's ``dbus`` and ``gnome-keyring`` and PyPI's ``keyring`` + ``secretstorage``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.support.processes import start_child, stop_child

PASSWORD = "agent-desk-test"


def secret_service_available() -> bool:
    return all(shutil.which(tool) for tool in ("dbus-daemon", "gnome-keyring-daemon"))


@dataclasses.dataclass
class SecretService:
    bus_address: str
    dbus: subprocess.Popen[bytes]
    keyring_daemon: subprocess.Popen[bytes]
    saved_env: dict[str, str | None]
    saved_backend: Any

    @property
    def pids(self) -> tuple[int, int]:
        return self.dbus.pid, self.keyring_daemon.pid

    def stop(self) -> None:
        import keyring

        keyring.set_keyring(self.saved_backend)
        stop_child(self.keyring_daemon)
        stop_child(self.dbus)
        for name, value in self.saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def start_secret_service(base: Path, password: str = PASSWORD, timeout: float = 10.0) -> SecretService:
    """Start the bus and the keyring under ``base`` and make ``keyring`` use them."""
    import keyring
    import keyring.backends.SecretService

    base.mkdir(parents=True, exist_ok=True)
    (base / "data").mkdir(exist_ok=True)
    runtime = base / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    dbus = start_child(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert dbus.stdout is not None
    address = dbus.stdout.readline().decode().strip()
    if not address:
        stop_child(dbus)
        raise RuntimeError("dbus-daemon printed no address")
    names = ("DBUS_SESSION_BUS_ADDRESS", "XDG_DATA_HOME", "XDG_RUNTIME_DIR")
    saved_env = {name: os.environ.get(name) for name in names}
    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": address,
        "XDG_DATA_HOME": str(base / "data"),
        "XDG_RUNTIME_DIR": str(runtime),
    }
    daemon = start_child(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert daemon.stdin is not None
    daemon.stdin.write(password.encode())
    daemon.stdin.close()
    os.environ.update({name: env[name] for name in names})
    saved_backend = keyring.get_keyring()
    service = SecretService(address, dbus, daemon, saved_env, saved_backend)
    backend = keyring.backends.SecretService.Keyring()
    deadline = time.monotonic() + timeout
    while True:
        try:
            backend.set_password("agent-desk-probe", "probe", "ok")
            if backend.get_password("agent-desk-probe", "probe") == "ok":
                backend.delete_password("agent-desk-probe", "probe")
                break
        except Exception as error:
            if time.monotonic() > deadline or daemon.poll() is not None:
                service.stop()
                raise RuntimeError(f"gnome-keyring did not come up: {error}") from error
        time.sleep(0.05)
    keyring.set_keyring(backend)
    return service
