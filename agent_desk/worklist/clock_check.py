"""The stored worklist and the clock in force: rebuilt on start-up when it was built for another moment.

The queue a desk shows is read from the stored worklist entries (who is callable from when), so they must have
been computed for the clock the desk runs on. A book written without ``--at`` and opened with one (a demo, a
training room) — or the other way round — holds entries computed at another moment: the desk would show an
empty queue while ``agent-desk queue --at`` (which evaluates afresh) lists callable customers. The desk asks
:func:`rebuild_needed` on start-up and rebuilds with :func:`rebuild_for_clock` when it says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from sqlalchemy import func, select

from agent_desk.clock import Clock
from agent_desk.worklist.store import ProgressCallback, RebuildReport, rebuild_worklist
from db.engine import Database
from db.models import Customer, WorklistEntry

log = logging.getLogger(__name__)

# Entries computed this close to the clock's moment count as computed for it (saves move them forward).
TOLERANCE = dt.timedelta(minutes=5)


@dataclasses.dataclass(frozen=True)
class ClockCheck:
    """Whether the stored worklist fits the clock in force, and why not."""

    rebuild: bool
    built_for: dt.datetime | None  # the newest entry's moment; None: no entry yet
    now: dt.datetime
    reason: str  # "fits", "empty", "future" (built after now) or "elsewhere" (a simulated clock at another time)


def rebuild_needed(database: Database, clock: Clock) -> ClockCheck:
    """Compare the newest stored entry with the clock in force.

    A real clock never rebuilds a worklist merely because it is old (the nightly rebuild and every save keep it
    current, and a book of a million customers takes minutes); only one computed in its future does. A
    simulated clock rebuilds whenever the entries were computed for another moment.
    """
    now = clock.now()
    with database.session() as session:
        newest = session.scalar(select(func.max(WorklistEntry.computed_at)))
        if newest is None:
            has_customers = session.scalar(select(Customer.id).limit(1)) is not None
            return ClockCheck(has_customers, None, now, "empty" if has_customers else "fits")
    if newest > now + TOLERANCE:
        return ClockCheck(True, newest, now, "future")
    if clock.simulated and abs(newest - now) > TOLERANCE:
        return ClockCheck(True, newest, now, "elsewhere")
    return ClockCheck(False, newest, now, "fits")


def rebuild_for_clock(
    database: Database, clock: Clock, progress: ProgressCallback | None = None
) -> tuple[ClockCheck, RebuildReport | None]:
    """Rebuild the worklist when :func:`rebuild_needed` says so; returns the check and the rebuild's report."""
    check = rebuild_needed(database, clock)
    if not check.rebuild:
        return check, None
    log.info("worklist computed for %s, clock at %s (%s): rebuilding", check.built_for, check.now, check.reason)
    report = rebuild_worklist(database, clock, progress)
    return check, report
