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
    # Wait for the daemon to have created and unlocked the "login" collection from the password on stdin.
    # Touching the keyring before that makes it ask a prompt nobody can answer, and the daemon stays unusable.
    deadline = time.monotonic() + timeout
    while not _login_collection_ready(address):
        if time.monotonic() > deadline or daemon.poll() is not None:
            service.stop()
            raise RuntimeError("gnome-keyring did not create its login collection")
        time.sleep(0.05)
    backend = keyring.backends.SecretService.Keyring()
    backend.set_password("agent-desk-probe", "probe", "ok")
    if backend.get_password("agent-desk-probe", "probe") != "ok":
        service.stop()
        raise RuntimeError("gnome-keyring does not give back what it was given")
    backend.delete_password("agent-desk-probe", "probe")
    keyring.set_keyring(backend)
    return service


def _login_collection_ready(address: str) -> bool:
    """Whether the daemon on ``address`` has an unlocked "login" collection (asks nothing, creates nothing)."""
    import secretstorage
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    try:
        connection = open_dbus_connection(bus=address)
    except (OSError, ValueError):
        return False
    try:
        # Ask the bus first: a call to the name before our daemon owns it makes dbus start another
        # gnome-keyring by service activation — one without the password, which then wins the name.
        if not connection.send_and_get_reply(message_bus.NameHasOwner("org.freedesktop.secrets")).body[0]:
            return False
        for collection in secretstorage.get_all_collections(connection):
            if collection.collection_path.endswith("/login") and not collection.is_locked():
                return True
        return False
    except Exception:
        return False
    finally:
        connection.close()
