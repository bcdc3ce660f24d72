"""From an exception a library raised to a :class:`DeskError` a person can act on (or to a logged traceback).

Database errors are recognised by the driver's own codes where it has them (PostgreSQL's SQLSTATE) and by
SQLite's fixed messages otherwise; the driver's words stay in the message as a detail, never a traceback.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from typing import Any

from agent_desk.errors.base import DeskError, UsageError
from agent_desk.logs import log_file, people
from agent_desk.text import Message

log = logging.getLogger(__name__)

# SQLite's messages (sqlite3 has no error codes before Python 3.11's sqlite_errorname, and they vary less).
_SQLITE = (
    ("attempt to write a readonly database", "errors.database.read_only"),
    ("database is locked", "errors.database.locked"),
    ("database table is locked", "errors.database.locked"),
    ("file is not a database", "errors.database.not_a_database"),
    ("database disk image is malformed", "errors.database.corrupt"),
    ("disk i/o error", "errors.database.corrupt"),
    ("database or disk is full", "errors.database.disk_full"),
    ("unable to open database file", "errors.database.cannot_open"),
)
# PostgreSQL's SQLSTATE codes.
_SQLSTATE = {
    "3D000": "errors.database.no_such_database",
    "28P01": "errors.database.auth_failed",
    "28000": "errors.database.auth_failed",
    "42501": "errors.database.permission",
    "25006": "errors.database.read_only",
    "53100": "errors.database.disk_full",
    "55P03": "errors.database.locked",
    "40P01": "errors.database.locked",
    "57P01": "errors.database.server_unreachable",
    "57P02": "errors.database.server_unreachable",
    "57P03": "errors.database.server_unreachable",
    "53300": "errors.database.server_busy",
}
_DETAIL_LENGTH = 160


def explain(error: BaseException, *, where: str = "") -> DeskError | None:
    """The expected failure behind ``error``, or None when it is unexpected (a bug, or a case not known).

    Args:
        where: the database's location as the user gave it (for database errors).
    """
    if isinstance(error, DeskError):
        return error
    from db.engine import DatabaseMissingError, DatabaseUrlError

    if isinstance(error, DatabaseUrlError):
        return UsageError(Message.of(f"errors.url.{error.reason}", backend=error.backend))
    if isinstance(error, DatabaseMissingError):
        return DeskError(Message.of(f"errors.database.{error.reason}", where=error.where))
    if isinstance(error, KeyboardInterrupt):
        return DeskError(Message.of("errors.interrupted"))
    driver_error = getattr(error, "orig", None) if _is_sqlalchemy_error(error) else error
    if isinstance(driver_error, sqlite3.Error):
        return _sqlite(driver_error, where)
    if _is_psycopg_error(driver_error):
        return _postgresql(driver_error, where)
    if isinstance(error, OSError):
        return _os_error(error, where)
    return None


def unexpected(
    error: BaseException, context: str = "", *, window: bool = False, names: Iterable[str | None] = ()
) -> Message:
    """Log ``error`` with its traceback and return the short message to show instead of the traceback.

    Args:
        window: the message is for the GUI (the window stays open) rather than a command that stopped.
        names: the people the failed step was about (the customer on screen): the traceback may quote them
            (a row the database refused, a note typed about them), so the log masks them wherever they appear.
    """
    log.error("unexpected error%s", f" in {context}" if context else "", exc_info=error, extra=people(*names))
    where = log_file()
    return Message.of(
        "errors.unexpected_window" if window else "errors.unexpected",
        kind=type(error).__name__,
        log=str(where) if where else Message.of("errors.no_log"),
    )


def detail(error: BaseException) -> str:
    """The first line of a driver's message, short enough for a one-paragraph explanation."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = text.removeprefix("connection failed: ")
    return text if len(text) <= _DETAIL_LENGTH else text[: _DETAIL_LENGTH - 1] + "…"


def _is_sqlalchemy_error(error: BaseException) -> bool:
    return type(error).__module__.startswith("sqlalchemy")


def _is_psycopg_error(error: object) -> bool:
    return any(kind.__module__.startswith("psycopg") for kind in type(error).__mro__)


def _sqlite(error: sqlite3.Error, where: str) -> DeskError | None:
    text = str(error).lower()
    for needle, code in _SQLITE:
        if needle in text:
            params: dict[str, Any] = {"where": where, "detail": detail(error)}
            if code == "errors.database.locked":
                from db.engine import BUSY_TIMEOUT_MS

                params["seconds"] = f"{BUSY_TIMEOUT_MS / 1000:g}"
            return DeskError(Message.of(code, **params))
    if isinstance(error, sqlite3.OperationalError):
        return DeskError(Message.of("errors.database.error", where=where, detail=detail(error)))
    return None


def _postgresql(error: Any, where: str) -> DeskError | None:
    state = getattr(error, "sqlstate", None)
    code = _SQLSTATE.get(state or "")
    text = str(error).lower()
    if "no encryption" in text:  # the server takes TLS connections only (hostssl), and this one was plain
        code = "errors.database.tls"
    if code is None and state is None:
        # Raised before any server answered (or by libpq itself): the connection failed.
        if "certificate" in text or "ssl" in text:
            code = "errors.database.tls"  # sslmode=verify-full refused the server (or the server wants TLS)
        elif "password" in text or "authentication" in text:
            code = "errors.database.auth_failed"
        elif "does not exist" in text and "database" in text:
            code = "errors.database.no_such_database"
        else:
            code = "errors.database.server_unreachable"
    if code is None:
        if type(error).__name__ == "OperationalError":
            code = "errors.database.error"
        else:
            return None  # an integrity or programming error: a bug, logged as unexpected
    return DeskError(Message.of(code, where=where, detail=detail(error)))


def _os_error(error: OSError, where: str) -> DeskError | None:
    import errno

    path = error.filename or where
    if isinstance(error, PermissionError):
        return DeskError(Message.of("errors.file.permission", path=str(path)))
    if isinstance(error, IsADirectoryError):
        return DeskError(Message.of("errors.file.folder", path=str(path)))
    if isinstance(error, FileNotFoundError):
        return DeskError(Message.of("errors.file.missing", path=str(path)))
    if error.errno == errno.ENOSPC:
        return DeskError(Message.of("errors.file.disk_full", path=str(path)))
    return None
