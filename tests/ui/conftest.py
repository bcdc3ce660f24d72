"""GUI tests: real widgets on the offscreen platform over a small demo portfolio."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from agent_desk.clock import FrozenClock
from agent_desk.context import AppContext, open_context
from agent_desk.demo import generate_portfolio
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.worklist import rebuild_worklist
from ui.background import Background

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # Tuesday 09:30 WIB


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("gui") / "demo.sqlite3"
    context = open_context(f"sqlite:///{path}")
    generate_portfolio(context.database, accounts=700, seed=11, now=NOW)
    rebuild_worklist(context.database, FrozenClock(NOW))
    context.close()
    return f"sqlite:///{path}"


@pytest.fixture
def context(demo_db_url: str, qapp, tmp_path: Path) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    """A private copy of the demo book: tests lease, save and skip, and must not see each other's work."""
    QCoreApplication.setOrganizationName("AgentDesk-tests")
    QCoreApplication.setApplicationName("agent-desk-tests")
    template = Path(demo_db_url.removeprefix("sqlite:///"))
    copy = tmp_path / "book.sqlite3"
    with sqlite3.connect(template) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    ctx = open_context(f"sqlite:///{copy}")
    ctx.clock = FrozenClock(NOW)
    yield ctx
    ctx.close()


@pytest.fixture
def background(qapp) -> Iterator[Background]:  # type: ignore[no-untyped-def]
    pool = Background()
    yield pool
    assert pool.wait(10_000), "a background task was still running at the end of the test"
    assert pool.active == 0


@pytest.fixture
def users(context: AppContext) -> dict[str, UserSummary]:
    with context.database.session() as session:
        found = list_users(session)
    by_role: dict[str, UserSummary] = {}
    for user in found:
        by_role.setdefault(user.role.value, user)
    return by_role


@pytest.fixture
def window(qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path):  # type: ignore[no-untyped-def]
    """The agent's main window at 1366×768, started, over a private copy of the demo book."""
    from agent_desk.drafts import DraftStore
    from ui.main_window import MainWindow
    from ui.settings import Settings

    window = MainWindow(context, users["agent"], Settings(), background, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    yield window
    window.close()


def open_next(qtbot, window) -> int:  # type: ignore[no-untyped-def]
    """Press Next and wait for a different customer to open; returns their id."""
    loop = window.workspace.loop
    before = loop.current.profile.id if loop.current else None
    window.loop_actions["next"].trigger()
    qtbot.waitUntil(lambda: loop.current is not None and loop.current.profile.id != before, timeout=5000)
    return int(loop.current.profile.id)


def record_call(qtbot, window, *, confirm: bool = True) -> int:  # type: ignore[no-untyped-def]
    """The agent calls the open customer — entered as a manual call, these windows having no phone line — and, with
    ``confirm``, confirms in the script that the customer is on the line. Returns the call's Interaction id."""
    workspace = window.workspace
    loop = workspace.loop
    current = loop.current
    assert current is not None
    number = current.number_id or next(p.id for p in current.profile.contact_points if p.dialable)
    loop.record_manual_call(number, workspace.context.clock.now(), "no phone line in the test", connected=True)
    qtbot.waitUntil(lambda: loop.current is not None and loop.current.called, timeout=5000)
    if confirm:
        workspace.script.confirm_right_party()
    return int(loop.current.draft.interaction_id)


def quote_a_plan(qtbot, workspace):  # type: ignore[no-untyped-def]
    """On a call with the confirmed customer, the plan calculator quotes three monthly payments they can afford
    (income 6.000.000, expenses 4.000.000); returns the plan panel, ready to use."""
    workspace.script.show_plan()
    panel = workspace.script.plan
    panel.payments.setValue(3)
    panel.income.setText("6.000.000")
    panel.expenses.setText("4.000.000")
    panel.quote_now()
    qtbot.waitUntil(lambda: panel.quote is not None and panel.use_button.isEnabled(), timeout=10_000)
    return panel
