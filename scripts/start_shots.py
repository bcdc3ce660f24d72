"""The start's screenshots for issue 19 (run through scripts/screenshots.py --only start): the first frame (the
agent's queue painted before the domain loads, row 3 selected) and the real window just after the hand-over, at
1366×768, in English and in Bahasa Indonesia — the two should differ only in the panes that were still loading."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.first_frame.page import read_first_page
from agent_desk.portfolio import UserSummary
from ui import text
from ui.background import Background
from ui.first_frame import FirstFrame, hand_over
from ui.main_window import MainWindow
from ui.panes.queue_pane import PAGE_SIZE
from ui.settings import Settings
from ui.translations import install_translations


def start_shots(
    app: QApplication,
    context: AppContext,
    background: Background,
    users: dict[str, UserSummary],
    scratch: Path,
    language: str,
    settle: Callable[..., None],
    save: Callable[[Any, str], None],
) -> None:
    text.set_language(language)
    install_translations(app, language)
    agent = users["agent"]
    page = read_first_page(
        context.database.url.render_as_string(hide_password=False),
        context.clock.now(),
        simulated=context.clock.simulated,
        login=agent.login,
        page_size=PAGE_SIZE,
    )
    frame = FirstFrame(page, Settings())
    frame.resize(1366, 768)
    frame.show()
    frame.queue.view.setFocus()
    for _ in range(2):
        key = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
        app.sendEvent(frame.queue.view, key)
    settle(app, background)
    save(frame.grab(), f"start-first-frame-{language}-1366x768.png")
    window = MainWindow(context, agent, Settings(), background, drafts=DraftStore(scratch / f"start-{language}"))
    hand_over(frame, window)
    settle(app, background)
    save(window.grab(), f"start-handed-over-{language}-1366x768.png")
    window.close()
