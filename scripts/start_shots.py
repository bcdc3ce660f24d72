"""The start's screenshots for issue 19 (run through scripts/screenshots.py --only start): the first frame (the
agent's queue painted before the domain loads, row 3 selected) and the real window just after the hand-over, at
1366×768 and 1920×1080, in English and in Bahasa Indonesia, grabbed once the desk has started as ui.application
starts it (the agent Ready) — the two should differ only in the panes that were still loading;
and the sign-in dialog shown before the domain loads (ui.early_sign_in): as it first paints, with Sign in pressed
while the desk still loads, and once loaded (the demo note filled in)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from agent_desk.agent_states import AgentState
from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.first_frame.page import read_first_page
from agent_desk.portfolio import UserSummary
from ui import text
from ui.application import _StartAfterFirstPaint
from ui.background import Background
from ui.first_frame import FirstFrame, hand_over
from ui.main_window import MainWindow
from ui.panes.queue_pane import PAGE_SIZE
from ui.settings import Settings
from ui.sign_in import SignInDialog
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
    for width, height in ((1366, 768), (1920, 1080)):
        size = f"{width}x{height}"
        frame = FirstFrame(page, Settings())
        frame.resize(width, height)
        frame.show()
        frame.queue.view.setFocus()
        for _ in range(2):
            key = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
            app.sendEvent(frame.queue.view, key)
        settle(app, background)
        save(frame.grab(), f"start-first-frame-{language}-{size}.png")
        # As ui.application does it: the window takes the frame's queue over, shows in its place, and starts after
        # its first paint (the agent signed in: "Ready"); the grab waits for that start, as the agent's eyes would.
        queue = frame.release_queue()
        drafts = DraftStore(scratch / f"start-{language}-{size}")
        window = MainWindow(context, agent, Settings(), background, drafts=drafts, queue=queue)
        hand_over(frame, window)
        starter = _StartAfterFirstPaint(window)
        for _ in range(50):
            settle(app, background, 100)
            if starter.started and window.workspace is not None and window.workspace.loop.state is AgentState.READY:
                break
        else:
            raise SystemExit("start shots: the handed-over desk did not start (its agent is not Ready)")
        settle(app, background)
        save(window.grab(), f"start-handed-over-{language}-{size}.png")
        window.close()
    early_sign_in_shots(app, context, agent, settle, background, save, language)


def early_sign_in_shots(
    app: QApplication,
    context: AppContext,
    agent: UserSummary,
    settle: Callable[..., None],
    background: Background,
    save: Callable[[Any, str], None],
    language: str,
) -> None:
    """The early sign-in dialog in its three states, as ui.early_sign_in shows it (the last user's name in)."""
    from agent_desk.auth.accounts import change_password, sign_in
    from agent_desk.auth.passwords import policy

    where = context.database.location
    database, clock = context.database, context.clock

    def early() -> SignInDialog:
        dialog = SignInDialog(None, None, last_login=agent.login)
        dialog.reserve_room(where)
        dialog.show()
        settle(app, background)
        return dialog

    dialog = early()
    save(dialog.grab(), f"start-sign-in-{language}.png")
    dialog.password.setText("typed-while-loading")
    dialog.sign_in_button.click()  # before the desk has loaded: it waits, and says so
    settle(app, background)
    save(dialog.grab(), f"start-sign-in-waiting-{language}.png")
    dialog.pending = False
    dialog.reject()
    dialog = early()
    dialog.set_ready(
        lambda login, password: sign_in(database, clock, login, password),
        lambda actor, current, new: change_password(database, clock, actor, current, new),
        where=where,
        demo_password=policy().demo_password,
    )
    settle(app, background)
    save(dialog.grab(), f"start-sign-in-ready-{language}.png")
    dialog.reject()
