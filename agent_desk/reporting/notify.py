"""Agent state changes pushed by PostgreSQL (LISTEN/NOTIFY), so the live board redraws the moment a desk changes
state instead of at its next poll.

A statement trigger on ``agent_state_events`` (revision 0510) sends ``NOTIFY agent_desk_agent_states`` when a
change commits — one notification per transaction, whatever the number of rows. :class:`StateChangeListener`
holds one connection of its own in a daemon thread, LISTENs, and calls back after each batch of notifications;
if the connection drops it reconnects after a pause (and calls back once, since changes may have been missed).
The board keeps its poll all the same: a notification only brings the next refresh forward. SQLite has no
NOTIFY, so there the board just polls.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from db.engine import Database

CHANNEL = "agent_desk_agent_states"
WAIT_SECONDS = 0.5  # how long one wait for notifications lasts before the stop flag is looked at again

log = logging.getLogger(__name__)


def can_listen(database: Database) -> bool:
    return database.engine.dialect.name == "postgresql"


class StateChangeListener:
    """Calls ``on_change`` (from its own thread) after agent state changes commit on a PostgreSQL database."""

    def __init__(self, database: Database, on_change: Callable[[], None], *, retry_seconds: float = 5.0) -> None:
        self.database = database
        self.on_change = on_change
        self.retry_seconds = retry_seconds
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def listening(self) -> bool:
        """Connected and listening now (False while reconnecting, and on SQLite)."""
        return self._listening.is_set()

    def start(self) -> bool:
        """Start listening; False (and nothing started) when the database cannot notify."""
        if not can_listen(self.database) or self._thread is not None:
            return self._thread is not None
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="agent-state-listener", daemon=True)
        self._thread.start()
        return True

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def wait_until_listening(self, timeout: float) -> bool:
        return self._listening.wait(timeout)

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                self._listen(catch_up=not first)
            except Exception as error:
                log.warning("live board: listening for state changes failed (%s); retrying", type(error).__name__)
            self._listening.clear()
            first = False
            self._stop.wait(self.retry_seconds)

    def _announce(self) -> None:
        try:
            self.on_change()
        except Exception:  # the receiver is gone (a closed window): nobody to tell any more
            log.exception("live board: the state change could not be delivered; listening stops")
            self._stop.set()

    def _listen(self, *, catch_up: bool) -> None:
        fairy: Any = self.database.engine.raw_connection()
        try:
            connection = fairy.driver_connection
            connection.rollback()
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
            self._listening.set()
            if catch_up:  # changes made while the connection was down were never announced
                self._announce()
            while not self._stop.is_set():
                arrived = sum(1 for _ in connection.notifies(timeout=WAIT_SECONDS))
                if arrived and not self._stop.is_set():
                    self._announce()
        finally:
            self._listening.clear()
            fairy.invalidate()  # never back into the pool: it is still listening
