"""The first frame hands over to the real window without a jump: the same place and size, the queue's rows where
they were, the same row selected; Down moves the selection meanwhile and Enter (Next customer) is carried out once
the desk has started (issue 19)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.first_frame.lines import PAGE_SIZE
from agent_desk.first_frame.page import read_first_page
from agent_desk.portfolio import UserSummary
from ui import text
from ui.application import _next_customer, _StartAfterFirstPaint
from ui.background import Background
from ui.first_frame import FirstFrame, hand_over, show_first_frame
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.translations import install_translations

pytestmark = pytest.mark.gui


def _frame(qtbot, context: AppContext, agent: UserSummary) -> FirstFrame:  # type: ignore[no-untyped-def]
    page = read_first_page(
        context.database.url.render_as_string(), context.clock.now(), simulated=True, login=agent.login,
        page_size=PAGE_SIZE,
    )  # fmt: skip
    frame = FirstFrame(page, Settings())  # not given to qtbot: the hand-over deletes it
    frame.setGeometry(40, 30, 1366, 768)  # the agent's screen (a geometry saved by another test may be narrower)
    frame.show()
    qtbot.waitUntil(lambda: frame.painted.done)
    return frame


def _window(
    qtbot,
    context: AppContext,
    agent: UserSummary,
    background: Background,
    tmp_path: Path,
    frame: FirstFrame | None = None,
) -> MainWindow:  # type: ignore[no-untyped-def]
    """The real window; with ``frame``, taking its queue pane over (as ui.application builds it)."""
    queue = frame.release_queue() if frame is not None else None
    window = MainWindow(context, agent, Settings(), background, drafts=DraftStore(tmp_path / "drafts"), queue=queue)
    qtbot.addWidget(window)
    return window


def _row_rect(view, row: int):  # type: ignore[no-untyped-def]
    rect = view.visualRect(view.model().index(row, 0))
    return rect.translated(view.viewport().mapTo(view.window(), QPoint(0, 0)))


@pytest.fixture(params=["en", "id"])
def language(request, qapp):  # type: ignore[no-untyped-def]
    """The interface language (the columns' least widths differ: Indonesian labels are longer)."""
    text.set_language(request.param)
    install_translations(qapp, request.param)
    yield request.param
    text.set_language("en")
    install_translations(qapp, "en")


@pytest.mark.parametrize("adopted", [True, False], ids=["queue-taken-over", "queue-of-its-own"])
def test_the_hand_over_keeps_the_place_the_rows_and_the_selection(  # type: ignore[no-untyped-def]
    qtbot,
    context: AppContext,
    users: dict[str, UserSummary],
    background: Background,
    tmp_path: Path,
    language: str,
    adopted: bool,
) -> None:
    agent = users["agent"]
    frame = _frame(qtbot, context, agent)
    view = frame.queue.view
    assert not frame.queue.next_button.isEnabled() and not frame.queue.search.isEnabled()  # "Loading…"
    view.setFocus()
    for _ in range(2):  # focus made row 0 current: two rows down
        qtbot.keyClick(view, Qt.Key.Key_Down)  # the agent looks down the queue while the desk loads
    chosen = frame.selected_customer()
    assert view.currentIndex().row() == 2 and chosen == frame.page.lines[2].customer_id
    where, rows = frame.geometry(), [_row_rect(view, row) for row in range(4)]
    frame_viewport_width = view.viewport().width()
    window = _window(qtbot, context, agent, background, tmp_path, frame if adopted else None)
    assert (window.workspace.queue.view is view) is adopted
    # A key typed while the real window was being built waits in the queue of events: the frame takes it first.
    QCoreApplication.postEvent(view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier))
    chosen = frame.page.lines[3].customer_id
    assert hand_over(frame, window) is False  # no Next asked for
    qtbot.waitUntil(lambda: window.isVisible() and not Shiboken.isValid(frame))  # the frame is gone
    real = window.workspace.queue.view
    assert window.geometry() == where
    assert real.viewport().width() == frame_viewport_width
    assert [_row_rect(real, row) for row in range(4)] == rows  # every row where it was: no jump
    assert real.currentIndex().row() == 3 and window.workspace.queue.model.line_at(3).customer_id == chosen
    assert window.workspace.queue.next_button.isEnabled() and window.workspace.queue.search.isEnabled()
    assert "Loading" not in window.workspace.queue.next_button.toolTip()
    assert real.selectionModel().isRowSelected(3)
    assert real.hasFocus()
    qtbot.keyClick(real, Qt.Key.Key_Down)  # the keys go on in the real queue
    assert real.currentIndex().row() == 4
    window.close()


def test_enter_pressed_before_the_hand_over_opens_the_next_customer_after_it(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, users: dict[str, UserSummary], background: Background, tmp_path: Path
) -> None:
    agent = users["agent"]
    frame = _frame(qtbot, context, agent)
    top = frame.page.lines[0].customer_id
    frame.queue.view.setFocus()
    qtbot.keyClick(frame.queue.view, Qt.Key.Key_Return)
    assert frame.pending_next and "next customer" in frame.loading_label.text()
    window = _window(qtbot, context, agent, background, tmp_path, frame)
    assert window.workspace.loop.current is None  # nothing was leased before the desk had loaded
    assert hand_over(frame, window) is True
    # As ui.application wires it: the desk starts after its first paint, then the remembered Next runs.
    starter = _StartAfterFirstPaint(window, _next_customer(window))
    qtbot.waitUntil(lambda: starter.started, timeout=5000)
    qtbot.waitUntil(lambda: window.workspace.loop.current is not None, timeout=5000)
    assert window.workspace.loop.current.profile.id == top  # the top of the queue
    window.close()


def test_closing_the_first_frame_while_the_desk_loads_opens_nothing(  # type: ignore[no-untyped-def]
    qtbot, qapp, context: AppContext, users: dict[str, UserSummary]
) -> None:
    page = read_first_page(
        context.database.url.render_as_string(), context.clock.now(), simulated=True, login=users["agent"].login,
        page_size=PAGE_SIZE,
    )  # fmt: skip
    loaded: list[bool] = []

    def load() -> None:  # the domain loading on its thread, while the agent closes the window
        time.sleep(0.4)
        loaded.append(True)

    def close_frame() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, FirstFrame) and widget.isVisible():
                widget.close()

    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QTimer.singleShot(150, close_frame)
    try:
        frame = show_first_frame(argparse.Namespace(lang="en", smoke=False), page, load)
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
    assert loaded == [True]  # the load was let finish (an import cannot be stopped half-way)
    assert frame.closed_by_user and not frame.isVisible()  # ui.app then returns without opening the desk
    frame.deleteLater()


def test_a_close_waiting_when_the_hand_over_starts_leaves_the_desk_unshown(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, users: dict[str, UserSummary], background: Background, tmp_path: Path
) -> None:
    agent = users["agent"]
    frame = _frame(qtbot, context, agent)
    window = _window(qtbot, context, agent, background, tmp_path)
    QCoreApplication.postEvent(frame, QCloseEvent())  # the agent clicked the window's close button meanwhile
    assert hand_over(frame, window) is False
    assert frame.closed_by_user and not window.isVisible()


def test_a_saved_geometry_narrower_than_the_desk_is_corrected_at_start_alike_in_frame_and_window(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, users: dict[str, UserSummary], background: Background, tmp_path: Path
) -> None:
    agent = users["agent"]
    settings = Settings()
    first = _window(qtbot, context, agent, background, tmp_path)
    least = first.minimumSizeHint()
    first.setGeometry(30, 40, 500, 400)  # e.g. saved by an older desk, or squeezed on a small screen
    first.close()  # saves the geometry and the window's least size
    window = _window(qtbot, context, agent, background, tmp_path)
    assert window.width() >= least.width() and window.height() >= least.height()
    page = read_first_page(
        context.database.url.render_as_string(), context.clock.now(), simulated=True, login=agent.login,
        page_size=PAGE_SIZE,
    )  # fmt: skip
    frame = FirstFrame(page, settings)
    try:
        assert frame.size() == window.size()  # the hand-over keeps the size: no jump
        assert frame.x() == window.x() == first.x()  # where it was
    finally:
        frame.deleteLater()
    window.close()


@pytest.mark.parametrize("explained", [True, False], ids=["database-layer-loads", "database-layer-broken"])
def test_a_desk_that_fails_to_load_behind_the_first_frame_ends_with_one_paragraph(  # type: ignore[no-untyped-def]
    qtbot,
    context: AppContext,
    users: dict[str, UserSummary],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    explained: bool,
) -> None:
    """The agent's queue painted, then the desk's modules fail to load on their thread: the frame goes, one short
    paragraph names the log (where the traceback is), exit 1; no traceback on stderr. When the database layer is
    itself what is broken, the message still comes (explaining the error needs that layer)."""
    import ui.app

    shown: list[FirstFrame] = []

    def load() -> None:
        time.sleep(0.2)
        raise ImportError("a module of the desk is missing")

    monkeypatch.setattr(ui.app, "_load_domain", load)
    monkeypatch.setattr(FirstFrame, "showEvent", lambda frame, event: shown.append(frame))  # the frame was shown
    if not explained:
        monkeypatch.setitem(sys.modules, "db.engine", None)  # importing it raises ImportError
    args = ["--db", context.database.url.render_as_string(), "--at", context.clock.now().isoformat()]
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    try:
        code = ui.app.main([*args, "--user", users["agent"].login])
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
    assert code == 1 and len(shown) == 1
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if line.startswith("agent-desk: ")]
    assert len(said) == 1 and "did not expect (ImportError)" in said[0] and "agent-desk.log" in said[0], err
    assert "Traceback" not in err
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstFrame) and w.isVisible()]
    logged = [r for r in caplog.records if "loading the desk" in r.getMessage()]
    assert logged and logged[0].exc_info is not None and logged[0].exc_info[0] is ImportError


def test_the_handed_over_desk_says_starting_then_ready_never_signed_out(  # type: ignore[no-untyped-def]
    qtbot,
    context: AppContext,
    users: dict[str, UserSummary],
    background: Background,
    tmp_path: Path,
    language: str,
) -> None:
    """The agent has just signed in: the status bar's state reads "Starting…" while the softphone loads after the
    first paint (about a second), then "Ready" — "Signed out" never shows (it did, in the start screenshots)."""
    agent = users["agent"]
    frame = _frame(qtbot, context, agent)
    window = _window(qtbot, context, agent, background, tmp_path, frame)
    painted: list[str] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(window.state_label.text())
            return False

    watch = Watch(window)
    window.installEventFilter(watch)
    hand_over(frame, window)
    starter = _StartAfterFirstPaint(window)  # as ui.application wires it
    qtbot.waitUntil(lambda: starter.started and window.workspace.loop.state.value == "ready", timeout=10_000)
    qtbot.waitUntil(lambda: bool(painted) and painted[-1] == text.label("agent_state.ready"), timeout=5000)
    starting = "Starting…" if language == "en" else "Memulai…"
    assert painted[0] == starting  # the first frame the agent sees of the real window
    assert text.label("agent_state.signed_out") not in painted
    window.close()
