"""Telling a database that went away from every other failure."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

# PostgreSQL's SQLSTATEs for a server that is going away or not yet back: class 08 (connection exception), and
# admin shutdown, crash shutdown, "cannot connect now" (starting up or recovering).
_SERVER_GONE = ("57P01", "57P02", "57P03")
_SQLITE_GONE = ("disk i/o error", "unable to open database file")


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be reached right now (as opposed to a refusal or a bug).

    Such a failure is worth waiting out: what was being written can be written again later.
    """
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return any(phrase in str(original).lower() for phrase in _SQLITE_GONE)
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    if isinstance(original, psycopg.InterfaceError):
        return True
    if isinstance(original, psycopg.OperationalError):
        state = getattr(original, "sqlstate", None)
        return state is None or state.startswith("08") or state in _SERVER_GONE
    return False
