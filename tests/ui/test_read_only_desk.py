"""A database the agent may only read opens (its worklist computed for the clock in force) and the window says
so in its status bar before anything is tried (issue 19)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from agent_desk.clock import FrozenClock
from agent_desk.context import open_context
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import list_users
from tests.support.files import read_only
from tests.ui.conftest import NOW
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings


def test_the_status_bar_says_the_database_is_read_only(
    qtbot, qapp, demo_db_url: str, background: Background, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "book.sqlite3"
    with sqlite3.connect(demo_db_url.removeprefix("sqlite:///")) as source, sqlite3.connect(book) as target:
        source.backup(target)
    labels = {}
    for writable in (True, False):
        with read_only(book) if not writable else contextlib.nullcontext():
            context = open_context(f"sqlite:///{book}", create=False)
            context.clock = FrozenClock(NOW)
            try:
                with context.database.session() as session:
                    agent = next(u for u in list_users(session) if u.role.value == "agent")
                window = MainWindow(context, agent, Settings(), background, drafts=DraftStore(tmp_path / "drafts"))
                qtbot.addWidget(window)
                assert window.workspace is not None and window.workspace.queue.model.rowCount() > 0  # it reads
                labels[writable] = (window.db_label.text(), window.db_label.objectName(), window.db_label.toolTip())
                window.close()
            finally:
                context.close()
    assert labels[True][0] == f"DB: SQLite {book}" and labels[True][1] != "read_only_database"
    assert labels[False][0] == f"DB: SQLite {book} (read-only)" and labels[False][1] == "read_only_database"
    assert "nothing can be saved" in labels[False][2]
