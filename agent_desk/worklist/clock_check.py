"""The stored worklist and the clock in force: rebuilt on start-up when it was built for another moment.

The queue a desk shows is read from the stored worklist entries (who is callable from when), so they must have
been computed for the clock the desk runs on. A book written without ``--at`` and opened with one (a demo, a
training room) — or the other way round — holds entries computed at another moment: the desk would show an
empty queue while ``agent-desk queue --at`` (which evaluates afresh) lists callable customers. The desk asks
:func:`rebuild_needed` on start-up and rebuilds with :func:`rebuild_for_clock` when it says so.

A database the user may only read (an SQLite file without write permission, a PostgreSQL role without write
grants or a read-only server) cannot be rebuilt: :func:`rebuild_for_clock` then stops with a
:class:`~agent_desk.errors.DeskError` saying which moment the worklist was computed for and how to open it,
before anything is computed; a write refused half-way is rolled back and reported the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from sqlalchemy import func, select, text

from agent_desk.clock import Clock
from agent_desk.errors import DeskError, explain
from agent_desk.first_frame.lines import out_of_date
from agent_desk.text import LocalTime, Message
from agent_desk.worklist.store import ProgressCallback, RebuildReport, rebuild_worklist
from db.engine import Database
from db.models import Customer, WorklistEntry

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class ClockCheck:
    """Whether the stored worklist fits the clock in force, and why not."""

    rebuild: bool
    built_for: dt.datetime | None  # the newest entry's moment; None: no entry yet
    now: dt.datetime
    reason: str  # "fits", "empty", "future" (built after now) or "elsewhere" (a simulated clock at another time)


def rebuild_needed(database: Database, clock: Clock) -> ClockCheck:
    """Compare the newest stored entry with the clock in force (the rule: :func:`~agent_desk.first_frame.lines.
    out_of_date`, which the desk's first frame applies too before it paints the stored queue).

    A real clock never rebuilds a worklist merely because it is old (the nightly rebuild and every save keep it
    current, and a book of a million customers takes minutes); only one computed in its future does. A
    simulated clock rebuilds whenever the entries were computed for another moment.
    """
    now = clock.now()
    with database.session() as session:
        newest = session.scalar(select(func.max(WorklistEntry.computed_at)))
        has_customers = newest is None and session.scalar(select(Customer.id).limit(1)) is not None
    reason = out_of_date(newest, now, simulated=clock.simulated, has_customers=has_customers)
    return ClockCheck(reason is not None, newest, now, reason or "fits")


def rebuild_for_clock(
    database: Database, clock: Clock, progress: ProgressCallback | None = None
) -> tuple[ClockCheck, RebuildReport | None]:
    """Rebuild the worklist when :func:`rebuild_needed` says so; returns the check and the rebuild's report."""
    check = rebuild_needed(database, clock)
    if not check.rebuild:
        return check, None
    if not may_write_worklist(database):
        raise _cannot_rebuild(database, check, "read-only")
    log.info("worklist computed for %s, clock at %s (%s): rebuilding", check.built_for, check.now, check.reason)
    try:
        report = rebuild_worklist(database, clock, progress)
    except Exception as error:
        known = explain(error, where=database.location)
        if known is not None and known.message.code in _REFUSED_WRITES:
            raise _cannot_rebuild(database, check, str(getattr(error, "orig", error)).splitlines()[0]) from error
        raise
    return check, report


# What a database says when this user may not write (SQLite's read-only file, PostgreSQL's grants or read-only
# transaction), as agent_desk.errors.explain names it.
_REFUSED_WRITES = ("errors.database.read_only", "errors.database.permission")


def may_write_worklist(database: Database) -> bool:
    """Whether this connection may rewrite the worklist (asked before a rebuild that would take minutes)."""
    if database.read_only:
        return False
    if not database.is_postgresql:
        return True
    table = WorklistEntry.__tablename__
    with database.session() as session:
        allowed = session.scalar(
            text(
                "SELECT current_setting('transaction_read_only') = 'off'"
                " AND has_table_privilege(:table, 'INSERT')"
                " AND has_table_privilege(:table, 'UPDATE')"
                " AND has_table_privilege(:table, 'DELETE')"
            ),
            {"table": table},
        )
    return bool(allowed)


def _cannot_rebuild(database: Database, check: ClockCheck, detail: str) -> DeskError:
    log.warning("worklist needs a rebuild (%s) but the database refuses writes: %s", check.reason, detail)
    now = LocalTime(check.now, "UTC", with_weekday=False, with_date=True)
    if check.built_for is None:
        return DeskError(Message.of("errors.database.read_only_worklist_empty", where=database.location, now=now))
    return DeskError(
        Message.of(
            "errors.database.read_only_worklist",
            where=database.location,
            now=now,
            built_for=LocalTime(check.built_for, "UTC", with_weekday=False, with_date=True),
            at=check.built_for.isoformat(timespec="minutes"),
        )
    )
