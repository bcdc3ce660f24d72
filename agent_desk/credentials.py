"""Secrets (SIP and database passwords) live only in the OS keyring.

When no keyring exists (a bare machine, a locked-down desktop), :class:`CredentialStore` says so clearly and
can keep a password for this session only, in memory. It never falls back to a file.
"""

from __future__ import annotations

import logging
import threading
from types import ModuleType

log = logging.getLogger(__name__)

SERVICE_SIP = "agent-desk-sip"
SERVICE_DB = "agent-desk-db"


def _keyring() -> ModuleType:
    """The keyring package, imported on first use (its backends' discovery is slow, and SQLite needs none)."""
    import keyring
    import keyring.errors

    return keyring


class NoKeyringError(RuntimeError):
    """There is no OS keyring to keep the password in."""


class CredentialStore:
    """Passwords by (service, account name), from the OS keyring or, failing that, this session's memory."""

    def __init__(self) -> None:
        self._session_only: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    @staticmethod
    def keyring_available() -> bool:
        backend = _keyring().get_keyring()
        priority = getattr(backend, "priority", 0)
        name = type(backend).__module__ + "." + type(backend).__name__
        return priority > 0 and "fail" not in name.lower() and "null" not in name.lower()

    @staticmethod
    def keyring_name() -> str:
        backend = _keyring().get_keyring()
        return getattr(backend, "name", type(backend).__name__)

    def get(self, service: str, account: str) -> str | None:
        with self._lock:
            if (service, account) in self._session_only:
                return self._session_only[(service, account)]
        keyring = _keyring()
        try:
            password: str | None = keyring.get_password(service, account)
            return password
        except keyring.errors.NoKeyringError:
            return None
        except keyring.errors.KeyringError as error:
            log.warning("keyring read failed for %s: %s", service, type(error).__name__)
            return None

    def set(self, service: str, account: str, password: str) -> None:
        """Store in the OS keyring; raises :class:`NoKeyringError` when there is none."""
        keyring = _keyring()
        try:
            keyring.set_password(service, account, password)
        except keyring.errors.NoKeyringError as error:
            raise NoKeyringError(
                "no OS keyring is available to store the password; it can be kept for this session only"
            ) from error
        except keyring.errors.PasswordSetError as error:
            raise NoKeyringError(f"the OS keyring refused the password: {error}") from error

    def set_for_session(self, service: str, account: str, password: str) -> None:
        with self._lock:
            self._session_only[(service, account)] = password

    def delete(self, service: str, account: str) -> None:
        with self._lock:
            self._session_only.pop((service, account), None)
        keyring = _keyring()
        try:
            keyring.delete_password(service, account)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.NoKeyringError:
            pass
