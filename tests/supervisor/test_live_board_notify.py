"""The live board on a real PostgreSQL: a committed state change is pushed (LISTEN/NOTIFY) and shown at once, long
before the poll; the listener comes back after its connection is killed; on SQLite nothing listens."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import text as sql

from agent_desk.agent_states import change_state
from agent_desk.clock import FrozenClock
from agent_desk.context import open_context
from agent_desk.reporting.notify import StateChangeListener, can_listen
from db import migrate
from db.engine import open_database
from db.models import AgentState, Role, Team, User

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)


def _people(database) -> int:  # type: ignore[no-untyped-def]
    with database.transaction(write=True) as session:
        team = Team(name="Live")
        session.add(team)
        session.flush()
        agent = User(login="lina", display_name="Lina", role=Role.AGENT, team_id=team.id, created_at=NOW)
        session.add(agent)
        session.add(User(login="sari", display_name="Sari", role=Role.SUPERVISOR, team_id=team.id, created_at=NOW))
        session.flush()
        change_state(session, agent.id, AgentState.READY, NOW)
        return agent.id


@pytest.mark.postgres
def test_a_committed_state_change_is_announced_and_a_dropped_connection_comes_back(postgres_url: str) -> None:
    database = open_database(postgres_url)
    migrate.upgrade(database)
    agent = _people(database)
    calls = threading.Semaphore(0)
    listener = StateChangeListener(database, calls.release, retry_seconds=0.2)
    try:
        assert listener.start() and listener.wait_until_listening(10)
        with database.transaction(write=True) as session:
            change_state(session, agent, AgentState.BREAK, NOW + dt.timedelta(minutes=1), reason="prayer")
            assert not calls.acquire(timeout=0.7)  # nothing before the commit
        assert calls.acquire(timeout=5)
        with database.engine.connect() as other:  # the server drops the listener's connection
            other.execute(
                sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"
                )
            )
            other.commit()
        assert calls.acquire(timeout=10)  # back, with one call for what may have been missed
        assert listener.wait_until_listening(10)
        with database.transaction(write=True) as session:
            change_state(session, agent, AgentState.READY, NOW + dt.timedelta(minutes=2))
        assert calls.acquire(timeout=5)
    finally:
        listener.stop()
        database.dispose()


def test_sqlite_has_nothing_to_listen_to(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    assert not can_listen(database)
    assert StateChangeListener(database, lambda: None).start() is False
    database.dispose()


@pytest.mark.gui
@pytest.mark.postgres
def test_the_board_shows_a_break_as_it_happens_not_at_the_next_poll(qtbot, qapp, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    from ui.background import Background
    from ui.supervisor.live_board import LiveBoardView

    context = open_context(postgres_url, create=True)
    context.clock = FrozenClock(NOW + dt.timedelta(minutes=5))
    agent = _people(context.database)
    background = Background()
    board = LiveBoardView(context, background, None)
    qtbot.addWidget(board)
    board._timer.setInterval(600_000)  # the poll would take ten minutes: only the push can be in time
    board.show()
    try:
        qtbot.waitUntil(lambda: board.listener is not None and board.listener.listening, timeout=10_000)
        qtbot.waitUntil(lambda: board.agents.rowCount() == 2 and not board._busy, timeout=10_000)
        assert "5 s" in board.mode.text() and "as they change" in board.mode.text()
        with context.database.transaction(write=True) as session:
            change_state(session, agent, AgentState.BREAK, NOW + dt.timedelta(minutes=4), reason="prayer")

        def on_break() -> bool:
            names = [board.agents.item(r, 0).text() for r in range(board.agents.rowCount())]
            return "prayer" in board.agents.item(names.index("Lina"), 2).text().lower()

        qtbot.waitUntil(on_break, timeout=5_000)
        board.hide()
        assert board.listener is None  # a hidden board listens to nothing
    finally:
        board.close()
        assert background.wait(10_000)
        context.close()
