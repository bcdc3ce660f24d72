"""The desk and ``agent-desk queue`` agree on the clock in force: a worklist computed for another moment is rebuilt
on start-up, and history written after the clock's moment does not count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from agent_desk.clock import FrozenClock
from agent_desk.demo import generate_portfolio
from agent_desk.portfolio import list_users
from agent_desk.worklist import list_queue, queue_lines, rebuild_worklist
from agent_desk.worklist.clock_check import rebuild_for_clock, rebuild_needed
from db.engine import Database
from tests.worklist import factories as f

WRITTEN = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)  # when demo-data ran without --at
SIMULATED = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # --at 2026-11-24T09:30+07:00


class WallClock(FrozenClock):
    """A real clock, held still for the test."""

    simulated = False


def _book(sqlite_template: Path, tmp_path: Path) -> tuple[Database, int, str]:
    database = f.fresh_sqlite(sqlite_template, tmp_path)
    generate_portfolio(database, accounts=150, seed=5, now=WRITTEN)
    rebuild_worklist(database, WallClock(WRITTEN))
    with database.session() as session:
        agent = next(u for u in list_users(session) if u.role.value == "agent")
    return database, agent.id, agent.login


def _callable(database: Database, clock: FrozenClock, user_id: int, login: str) -> tuple[set[int], set[int]]:
    desk = {line.customer_id for line in queue_lines(database, clock, user_id, limit=1000)}
    cli = {row.customer_id for row in list_queue(database, clock, agent_login=login)}
    return desk, cli


def test_a_book_written_now_and_opened_at_a_simulated_time_is_rebuilt_and_agrees_with_the_cli(
    sqlite_template: Path, tmp_path: Path
) -> None:
    database, user_id, login = _book(sqlite_template, tmp_path)
    try:
        clock = FrozenClock(SIMULATED)
        desk, cli = _callable(database, clock, user_id, login)
        assert cli and desk != cli  # the stored queue was computed a fortnight later: the desk disagrees
        check, report = rebuild_for_clock(database, clock)
        assert check.rebuild and check.reason == "future" and check.built_for == WRITTEN
        assert report is not None and report.customers > 0
        desk, cli = _callable(database, clock, user_id, login)
        assert desk == cli and desk
        assert not rebuild_needed(database, clock).rebuild  # once is enough
    finally:
        database.dispose()


def test_a_fitting_worklist_is_left_alone(sqlite_template: Path, tmp_path: Path) -> None:
    database, _user_id, _login = _book(sqlite_template, tmp_path)
    try:
        assert not rebuild_needed(database, FrozenClock(WRITTEN)).rebuild  # the same simulated moment
        # A real clock never rebuilds a worklist merely because it is old (a million customers take minutes)…
        assert not rebuild_needed(database, WallClock(WRITTEN + dt.timedelta(days=2))).rebuild
        # …but a simulated one at another moment does.
        later = rebuild_needed(database, FrozenClock(WRITTEN + dt.timedelta(days=2)))
        assert later.rebuild and later.reason == "elsewhere"
    finally:
        database.dispose()


def test_history_after_the_clocks_moment_does_not_count(sqlite_template: Path, tmp_path: Path) -> None:
    """Calls made later today (a book written at a later moment) neither block nor space out a call now."""
    database = f.fresh_sqlite(sqlite_template, tmp_path)
    try:
        clock = f.prepare(database)
        with database.transaction(write=True) as session:
            agent = f.agent(session)
            customer = f.customer(session)
            number = f.number(session, customer, primary=True)
            f.account(session, customer)
            ids = (agent.id, customer.id, number.id)
        rebuild_worklist(database, clock)
        before = {row.customer_id: row.allowed for row in list_queue(database, clock, include_all=True)}
        for hours in (1, 2, 3, 4):  # four calls later today would pass the daily cap
            f.call_id(database, ids[1], ids[2], ids[0], at=clock.now() + dt.timedelta(hours=hours), answered=False)
        after = {row.customer_id: row.allowed for row in list_queue(database, clock, include_all=True)}
        assert before == after and after[ids[1]]
    finally:
        database.dispose()
