"""What follows a successful import: the worklist is rebuilt so new customers reach the queue with their reasons,
and recalled accounts leave it."""

from __future__ import annotations

from collections.abc import Callable

from agent_desk.clock import Clock
from agent_desk.worklist import rebuild_worklist
from db.engine import Database


def after_import(database: Database, clock: Clock, progress: Callable[[int, int], None] | None = None) -> bool:
    """Rebuild the worklist; returns True once it has run.

    Args:
        progress: called as ``progress(done, total)`` (customers) while the worklist is rebuilt.
    """
    rebuild_worklist(database, clock, progress)
    return True
