"""The desk's first frame: the agent's queue painted from the stored worklist before the domain has loaded.

:func:`show_first_frame` runs before SQLAlchemy, the models and the domain are imported (it loads only PySide6,
sqlite3 and the light ``agent_desk.first_frame``). When the stored queue may be shown as it is
(:func:`agent_desk.first_frame.page.read_first_page`), it paints a window laid out as the desk will be — the same
menus, tabs, splitter and the real :class:`~ui.panes.queue_pane.QueuePane` with the agent's first page — while the
domain loads on another thread. Rows can be looked at and selected; Next, Skip, the search and the menus are greyed
("Loading…") until :func:`hand_over` gives the screen to the real window, at the same place and size, with the same
row selected and the same scroll position.

Keys: Up/Down/Page keys move the selection here and it is carried over; Enter or Ctrl+Enter (Next customer) is
remembered and carried out once the desk has started; keys typed while the real window is being built are
delivered to this frame before the hand-over (:func:`hand_over` processes pending events first), so none is lost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from agent_desk.first_frame.lines import PAGE_SIZE, QueueLine
from agent_desk.first_frame.page import FirstPage
from agent_desk.resources import resource_path
from ui import text
from ui.panes.queue_pane import QueuePane
from ui.settings import Settings, restore_window
from ui.shortcuts import loop_shortcuts
from ui.startup_load import early_application, load_while_shown

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)
WINDOW_KEY = "main"  # ui.main_window.WINDOW_KEY: the same saved geometry


class FirstFrame(QMainWindow):
    """The desk's window as it will look, with the agent's queue; everything else waits for the hand-over."""

    def __init__(self, page: FirstPage, settings: Settings, *, smoke: bool = False) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.page = page
        self.pending_next = False  # Next customer asked for before the desk had loaded
        self.closed_by_user = False  # the agent closed the window before the desk had loaded: it does not open
        self.released = False  # the real window has taken the queue pane over (release_queue)
        self.queue_width = 0
        self.queue_had_focus = False
        self.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Agent Desk — {name} ({role})").format(
                name=page.agent.display_name, role=text.label("role.agent")
            )
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.queue = QueuePane(self._fetch_page, self._now)
        self.queue.set_ready_count(page.ready_count)
        loading = QCoreApplication.translate("FirstFrame", "Loading… this opens in a moment")
        for control in (self.queue.search, self.queue.show_waiting, self.queue.next_button, self.queue.skip_button):
            control.setEnabled(False)
            control.setToolTip(loading)
        self.tabs.addTab(self._workspace(), QCoreApplication.translate("MainWindow", "Workspace"))
        for title in (
            QCoreApplication.translate("SupervisorTabs", "My scorecards"),
            QCoreApplication.translate("MainWindow", "Practice"),
        ):  # an agent's other tabs (ui.main_window), opened after the hand-over
            self.tabs.addTab(QWidget(), title)
            self.tabs.setTabEnabled(self.tabs.count() - 1, False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        for title in ("&File", "&Call", "&Tools", "&Help"):  # the desk's menus, opened after the hand-over
            self.menuBar().addMenu(QCoreApplication.translate("MainWindow", title)).setEnabled(False)
        self._build_status_bar()
        self._remember_next()
        least = self.minimumSizeHint()  # and the real window's, as it last saved it: the hand-over keeps the size
        least = least.expandedTo(settings.window_least(WINDOW_KEY) or least)
        restore_window(self, settings, WINDOW_KEY, least)
        self.painted = _RowPainted(self, smoke)

    def _workspace(self) -> QWidget:
        """The workspace's splitter (ui.workspace.AgentWorkspace): the queue, then the columns still loading."""
        workspace = QWidget()
        workspace.setObjectName("agent_workspace")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.queue)
        middle = QLabel(QCoreApplication.translate("FirstFrame", "Loading the customer's profile and script…"))
        middle.setObjectName("first_frame_loading")
        middle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        middle.setEnabled(False)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(QWidget())
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.queue.setMinimumWidth(360)
        self.splitter.setChildrenCollapsible(False)
        self._sized = False
        layout = QVBoxLayout(workspace)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        return workspace

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._sized:  # the shares AgentWorkspace.showEvent gives the columns
            self._sized = True
            width = self.splitter.width()
            self.splitter.setSizes([int(width * 0.31), int(width * 0.45), int(width * 0.24)])

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.addWidget(QLabel(f"{self.page.agent.display_name} · {text.label('role.agent')}"))
        self.loading_label = QLabel(
            QCoreApplication.translate(
                "FirstFrame", "Loading the desk… the queue is ready to read; calls wait a moment"
            )
        )
        self.loading_label.setObjectName("first_frame_status")
        status.addWidget(self.loading_label, 1)
        status.addPermanentWidget(QLabel(QCoreApplication.translate("MainWindow", "SIP: not configured")))
        shown = text.local_time(self._now(), "Asia/Jakarta", with_date=True)
        clock = QLabel(
            QCoreApplication.translate("MainWindow", "Simulated time: {time}").format(time=shown)
            if self.page.simulated
            else shown
        )
        if self.page.simulated:
            clock.setObjectName("simulated_clock")
        status.addPermanentWidget(clock)

    def _remember_next(self) -> None:
        """Enter in the queue and Ctrl+Enter ask for the next customer: remembered until the desk has loaded."""
        enter = QAction(self)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.triggered.connect(self.ask_next)
        self.queue.view.addAction(enter)
        self._enter = enter
        sequence = next(shortcut for shortcut in loop_shortcuts() if shortcut.name == "next").sequence()
        QShortcut(sequence, self, self.ask_next)

    def ask_next(self) -> None:
        self.pending_next = True
        self.loading_label.setText(
            QCoreApplication.translate("FirstFrame", "Loading the desk… the next customer opens as soon as it is ready")
        )

    def _now(self) -> dt.datetime:
        return self.page.now if self.page.simulated else dt.datetime.now(dt.UTC)

    def _fetch_page(self, offset: int, limit: int, waiting: bool, search: str) -> list[QueueLine]:
        if waiting or search:
            return []
        if offset == 0 and limit == PAGE_SIZE:
            return list(self.page.lines)
        return self.page.more(offset, limit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed_by_user = True  # the hand-over hides the frame, it never closes it
        super().closeEvent(event)

    def release_queue(self) -> QueuePane:
        """The queue pane, for the real window to take over as it is (rows, selection, scroll): the frame's own
        key for Next and its paint watcher let go of it; where it was, its width and its focus are kept
        (:func:`hand_over`)."""
        self.queue_width = self.splitter.sizes()[0]
        self.queue_had_focus = self.queue.view.hasFocus()
        self.queue.view.removeAction(self._enter)
        self.queue.view.viewport().removeEventFilter(self.painted)
        self.released = True
        return self.queue

    def selected_customer(self) -> int | None:
        index = self.queue.view.currentIndex()
        line = self.queue.model.line_at(index.row()) if index.isValid() else None
        return line.customer_id if line is not None else None


class _RowPainted(QObject):
    """Notes when the frame's queue first paints (and, for ``--smoke`` and bench/startup.py, says so when it painted
    a row)."""

    def __init__(self, frame: FirstFrame, smoke: bool) -> None:
        super().__init__(frame)
        self._frame = frame
        self._smoke = smoke
        self.done = False
        frame.queue.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            if self._smoke and self._frame.queue.model.rowCount() > 0:
                cpu = time.process_time()
                print(f"agent-desk: the queue's first row painted ({cpu:.3f} s of CPU)", flush=True)  # noqa: T201
        return False


def show_first_frame(args: argparse.Namespace, page: FirstPage, load: Callable[[], None]) -> FirstFrame:
    """Paint the first frame with ``page``, then run ``load`` (the domain's imports) on another thread while the
    frame stays responsive; returns the frame once ``load`` is done (its error, if any, is raised here, once the
    frame has gone)."""
    settings = early_application(args)[1]
    frame = FirstFrame(page, settings, smoke=args.smoke)
    # Styled as a whole once built (as the desk's window is: ui.application), and on its own: the application's
    # style sheet is set once the real window is built, so the frame is not re-styled meanwhile.
    frame.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    frame.show()
    try:
        load_while_shown(load, lambda: frame.painted.done)
    except BaseException:  # the desk cannot load: the frame goes first (ui.app then says why, in one paragraph)
        frame.hide()
        frame.deleteLater()
        raise
    return frame


def hand_over(frame: FirstFrame, window: MainWindow) -> bool:
    """Show ``window`` where the frame is, with the frame's queue in it (taken over as it is when ``window`` was
    built with ``frame.release_queue()``; else its rows selected and scrolled as in the frame), and close the frame.

    Returns whether Next customer was asked for meanwhile (the caller runs it once the desk has started). When the
    agent closed the frame meanwhile, ``window`` is not shown.
    """
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)  # keys typed meanwhile reach the frame
    if frame.closed_by_user:  # closed in the last moment: the desk does not open (the caller closes the window)
        frame.deleteLater()
        return False
    if frame.isMaximized() or frame.isFullScreen():
        window.setGeometry(frame.normalGeometry())
        window.setWindowState(frame.windowState())
    else:
        window.setGeometry(frame.geometry())  # where the agent sees it (moved or resized meanwhile too)
    workspace = window.workspace
    adopted = workspace is not None and frame.released and workspace.queue is frame.queue
    if not adopted:
        frame.release_queue()  # only to note its width and focus; the window has a queue of its own
    window.show()
    if workspace is not None:
        _keep_queue_width(workspace.splitter, frame.queue_width)
        view = workspace.queue.view
        if not adopted:
            customer = frame.selected_customer()
            row = workspace.queue.model.row_of(customer) if customer is not None else None
            if row is not None:
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                view.selectionModel().setCurrentIndex(workspace.queue.model.index(row, 0), flags)
            view.verticalScrollBar().setValue(frame.queue.view.verticalScrollBar().value())
        if frame.queue_had_focus:
            view.setFocus()
    frame.hide()
    frame.deleteLater()
    return frame.pending_next


def _keep_queue_width(splitter: QSplitter, width: int) -> None:
    """The queue keeps the width it had in the frame; the middle column gives or takes the difference (the right
    column's least width depends on the language: its wrap-up labels)."""
    sizes = splitter.sizes()
    if len(sizes) == 3 and sizes[0] != width:
        splitter.setSizes([width, max(sizes[1] - (width - sizes[0]), 0), sizes[2]])
