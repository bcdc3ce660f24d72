"""The dashboard with real widgets offscreen: filters, a click on a bar drills down to its outcomes, exports."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from agent_desk.reporting import Grouping, compute_kpis
from agent_desk.review import Stage
from ui.supervisor.dashboard import DashboardView
from ui.supervisor.outcome_review import BY_HAND, OutcomeReviewView

pytestmark = pytest.mark.gui


@pytest.fixture
def dashboard(qtbot, context, background, users):  # type: ignore[no-untyped-def]
    view = DashboardView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitUntil(lambda: view.data is not None, timeout=15_000)
    return view


def _reload(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    before = view.data
    view.reload()
    qtbot.waitUntil(lambda: view.data is not before and not view._loading, timeout=15_000)


def test_filters_change_every_chart_to_the_chosen_agent(qtbot, dashboard, context) -> None:
    team_total = dashboard.data.total.attempts
    assert team_total > 0 and dashboard.funnel.values[0] == team_total
    dashboard.agent.setCurrentIndex(1)  # the first agent of the supervisor's team
    qtbot.waitUntil(
        lambda: dashboard.data.scope.filters.agent_ids is not None and not dashboard._loading, timeout=15_000
    )
    chosen = dashboard.data.scope.filters.agent_ids[0]
    with context.database.session() as session:
        expected = compute_kpis(session, dataclasses.replace(dashboard.data.scope, grouping=Grouping.TOTAL))[0]
    assert dashboard.funnel.values[0] == expected.attempts < team_total
    assert [row.key for row in dashboard.data.by_agent] == [chosen]
    assert dashboard.tiles["attempts"].value.text() == str(dashboard.data.today.attempts)
    messages = dashboard.tiles["messages_sent"]
    assert messages.value.text() == str(dashboard.data.today.messages_sent)
    assert "WhatsApp: " in messages.toolTip() and "delivered" in messages.toolTip()
    dashboard.period.setCurrentIndex(2)  # last 30 days: more days on the trend
    qtbot.waitUntil(lambda: len(dashboard.trend.labels) >= 28 and not dashboard._loading, timeout=15_000)


def test_clicking_an_agents_bar_lists_the_outcomes_behind_it(qtbot, dashboard, context, background, users) -> None:
    review = OutcomeReviewView(context, background, users["supervisor"])
    qtbot.addWidget(review)
    dashboard.drill_down.connect(review.show_query)
    chart = dashboard.agents_chart
    assert len(chart.values) >= 2
    index = 1
    point = chart.point_position(index).toPoint()
    with qtbot.waitSignal(dashboard.drill_down, timeout=5_000) as signal:
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    query = signal.args[0]
    assert query.key == dashboard.data.by_agent[index].key and query.stage is Stage.RPC
    qtbot.waitUntil(lambda: review.model.rowCount() == int(chart.values[index]), timeout=10_000)
    assert {line.agent_id for line in review.lines()} == {query.key}
    assert review.drill_label.isVisibleTo(review)


def test_a_click_beside_the_bars_drills_nowhere(qtbot, dashboard) -> None:
    chart = dashboard.funnel
    received = []
    dashboard.drill_down.connect(received.append)
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    qtbot.wait(100)
    assert received == []


def test_export_to_csv_and_pdf(tmp_path: Path, dashboard) -> None:
    dashboard.export_csv(str(tmp_path / "kpis.csv"))
    rows = list(csv.reader((tmp_path / "kpis.csv").open(encoding="utf-8")))
    assert rows[0][:3] == ["agent", "attempts", "connects"]
    agents = rows[1 : rows.index([])]
    assert sum(int(row[1]) for row in agents) == dashboard.data.total.attempts
    dashboard.export_pdf(str(tmp_path / "dashboard.pdf"))
    pdf = (tmp_path / "dashboard.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_outcome_review_sorts_and_marks_calls_entered_by_hand(qtbot, context, background, users) -> None:
    import datetime as dt
    import uuid

    from sqlalchemy import select

    from db.models import Customer, Interaction, Outcome, Role, User

    with context.database.transaction(write=True) as session:  # a call made from another phone, entered by hand
        team = session.scalar(select(User.team_id).where(User.id == users["supervisor"].id))
        agent = session.scalar(select(User.id).where(User.team_id == team, User.role == Role.AGENT).limit(1))
        customer = session.scalar(select(Customer.id).limit(1))
        now = context.clock.now()
        call = Interaction(
            customer_id=customer,
            user_id=agent,
            started_at=now - dt.timedelta(minutes=5),
            answered_at=now - dt.timedelta(minutes=5),
            talk_seconds=0,
            manual_reason="line down",
        )
        session.add(call)
        session.flush()
        manual = Outcome(
            draft_key=str(uuid.uuid4()),
            interaction_id=call.id,
            customer_id=customer,
            user_id=agent,
            disposition_code="callback_requested",
            created_at=now,
        )
        session.add(manual)
        session.flush()
        manual_id = manual.id
    review = OutcomeReviewView(context, background, users["supervisor"])
    qtbot.addWidget(review)
    qtbot.waitUntil(lambda: review.model.rowCount() > 5, timeout=10_000)
    times = [review.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(review.proxy.rowCount())]
    assert times == sorted(times, reverse=True)  # real time order, newest first
    review.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # by amount
    amounts = [review.proxy.index(r, 4).data(Qt.ItemDataRole.UserRole + 1) for r in range(review.proxy.rowCount())]
    assert amounts == sorted(amounts, reverse=True) and amounts[0] > 0
    review.by_hand.setChecked(True)
    review.reload()
    qtbot.waitUntil(lambda: [line.outcome_id for line in review.lines()] == [manual_id], timeout=10_000)
    assert all(BY_HAND in review.proxy.index(r, 5).data() for r in range(review.proxy.rowCount()))
    assert "line down" in review.proxy.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)


def test_qa_scores_over_time_follow_the_agent_filter(qtbot, context, background, users) -> None:
    from sqlalchemy import select

    from agent_desk.qa import load_form, score_call
    from db.models import Outcome, User

    answers = {c.code: "yes" for c in load_form("collection_call").checkpoints}
    with context.database.transaction(write=True) as session:
        team = session.scalar(select(User.team_id).where(User.id == users["supervisor"].id))
        outcome = session.scalars(
            select(Outcome)
            .join(User, User.id == Outcome.user_id)
            .where(User.team_id == team)
            .order_by(Outcome.created_at.desc())
        ).first()
        score_call(
            session, users["supervisor"].id, outcome.id, "collection_call", answers, set(), None, context.clock.now()
        )
        agent = outcome.user_id
    view = DashboardView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.data is not None, timeout=15_000)
    assert view.qa.values == [100.0]
    other = next(i for i in range(1, view.agent.count()) if view.agent.itemData(i) != agent)
    view.agent.setCurrentIndex(other)
    qtbot.waitUntil(
        lambda: view.data.scope.filters.agent_ids == (view.agent.itemData(other),) and not view._loading, timeout=15_000
    )
    assert view.qa.values == []


def test_the_live_board_shows_a_break_within_one_poll(qtbot, context, background, users) -> None:
    from agent_desk.agent_states import change_state
    from db.models import AgentState
    from ui.supervisor.live_board import POLL_MS, LiveBoardView

    board = LiveBoardView(context, background, users["supervisor"])
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: board.agents.rowCount() > 0 and not board._busy, timeout=10_000)
    agent = users["agent"]
    now = context.clock.now()
    with context.database.transaction(write=True) as session:  # the agent's desk goes on a break
        change_state(session, agent.id, AgentState.READY, now)
        change_state(session, agent.id, AgentState.BREAK, now, reason="prayer")
    assert POLL_MS <= 5_000

    def shown() -> bool:
        rows = [board.agents.item(r, 0).text() for r in range(board.agents.rowCount())]
        row = rows.index(agent.display_name)
        return "Prayer" in board.agents.item(row, 2).text() or "prayer" in board.agents.item(row, 2).text().lower()

    qtbot.waitUntil(shown, timeout=POLL_MS + 5_000)


def test_a_board_that_cannot_be_read_says_so_in_the_desks_words_not_the_drivers(
    qtbot, monkeypatch, context, background, users
) -> None:  # type: ignore[no-untyped-def]
    """The database going away mid-shift: the board says it in the desk's one paragraph (where the database is, what
    to check), as every other pane does, not "Could not read the board: " and the error's text cut at 120 characters
    (which may be a query)."""
    import psycopg
    from sqlalchemy.exc import OperationalError

    import ui.supervisor.live_board as board_module
    from ui.supervisor.live_board import LiveBoardView

    def gone(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        driver = psycopg.OperationalError("server closed the connection unexpectedly (6281234567890)")
        raise OperationalError("SELECT agent_states WHERE x = 6281234567890", {}, driver)

    monkeypatch.setattr(board_module, "live_board", gone)
    board = LiveBoardView(context, background, users["supervisor"])
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: not board._busy and board.summary.text() != "", timeout=10_000)
    shown = board.summary.text()
    assert shown.startswith(f"Cannot reach the PostgreSQL server of {context.database.location} (server closed")
    assert "Could not read the board" not in shown and "SELECT" not in shown
