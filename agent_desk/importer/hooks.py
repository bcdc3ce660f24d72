"""What follows a successful import: the worklist is rebuilt so new customers reach the queue with their reasons.

The worklist engine (issue 3) is being built in parallel; until it is merged this finds nothing to call and does
nothing. At merge this becomes a plain call of ``agent_desk.worklist.rebuild_worklist``.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable

from agent_desk.clock import Clock
from db.engine import Database

log = logging.getLogger(__name__)
WORKLIST_MODULE = "agent_desk.worklist"


def after_import(database: Database, clock: Clock, progress: Callable[[int, int], None] | None = None) -> bool:
    """Rebuild the worklist when the worklist engine is installed; returns whether it ran.

    Args:
        progress: called as ``progress(done, total)`` (customers) while the worklist is rebuilt.
    """
    if importlib.util.find_spec(WORKLIST_MODULE) is None:
        log.info("no worklist engine installed: the queue is not rebuilt after the import")
        return False
    rebuild = getattr(importlib.import_module(WORKLIST_MODULE), "rebuild_worklist", None)
    if rebuild is None:
        log.warning("%s has no rebuild_worklist(): the queue is not rebuilt after the import", WORKLIST_MODULE)
        return False
    rebuild(database, clock, progress)
    return True
