"""Start the GUI: Qt application, logging, database, sign-in, main window (and ``--smoke``)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from agent_desk.context import AppContext, open_context
from agent_desk.errors import DeskError
from agent_desk.logs import setup_logging
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.resources import resource_path
from agent_desk.worklist.clock_check import rebuild_for_clock
from db.engine import DatabaseMissingError
from ui import failures, text
from ui.background import Background
from ui.failures import failure_text, install_excepthook, show_failure
from ui.main_window import MainWindow
from ui.settings import LANGUAGE, LAST_USER, Settings
from ui.sign_in import SignInDialog
from ui.translations import install_translations

log = logging.getLogger(__name__)
SMOKE_TIMEOUT_MS = 30_000


def run_gui(args: argparse.Namespace) -> int:
    if args.smoke and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not args.smoke and not _has_display():
        print(
            "agent-desk: no display found. Run it on a desktop, use --smoke to check it starts, or set "
            "QT_QPA_PLATFORM=offscreen.",
            file=sys.stderr,
        )
        return 2
    log_path = setup_logging(getattr(logging, args.log_level))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName("AgentDesk")
    QCoreApplication.setApplicationName("agent-desk")
    qInstallMessageHandler(_qt_message)
    install_excepthook()
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    settings = Settings()
    text.set_language(args.lang if args.lang != "en" else settings.get(LANGUAGE))
    install_translations(app, text.language())
    log.info("Agent Desk starting; log at %s", log_path)
    context = _open_database(args)
    if context is None:
        return 1
    try:
        rebuild_for_clock(context.database, context.clock)  # a worklist computed for another moment than this clock's
    except DeskError as refused:  # a read-only database whose worklist is for another moment: say so, open nothing
        show_failure(text.render(refused.message))
        context.close()
        return 1
    background = Background()
    try:
        return _run_session(app, args, context, settings, background)
    finally:
        background.wait()
        context.close()


def _run_session(
    app: QApplication,
    args: argparse.Namespace,
    context: AppContext,
    settings: Settings,
    background: Background,
) -> int:
    while True:
        user = _choose_user(args, context, settings)
        if user is None:
            return 0 if not args.smoke else 1
        settings.set(LAST_USER, user.login)
        with _style_sheet_applied_after(app):
            window = MainWindow(context, user, settings, background, phone=True)
        switch_requested: list[bool] = []

        def request_switch(window: MainWindow = window, requested: list[bool] = switch_requested) -> None:
            requested.append(True)
            window.close()

        window.switch_user_requested.connect(request_switch)
        reopen: list[bool] = []
        window.reopen_requested.connect(lambda w=window, r=reopen: (r.append(True), w.close()))
        starter = _StartAfterFirstPaint(window)
        window.show()
        if args.smoke:
            return _smoke(app, window, starter)
        app.exec()
        background.wait()  # nothing may still be writing when the window goes
        window.deleteLater()
        app.processEvents()
        if reopen:  # Preferences changed the language: the same user, in a window made in the new language
            args.user = user.login
            text.set_language(settings.get(LANGUAGE))
            install_translations(app, text.language())
            continue
        if window.practice_request is not None:  # the trainee chose to practise: the practice window, then back
            from ui.practice.launch import run_practice

            run_practice(app, context, user, background, window.practice_request)
            args.user = user.login
            continue
        if not switch_requested:
            return 0
        args.user = None  # a switch always asks


def _choose_user(args: argparse.Namespace, context: AppContext, settings: Settings) -> UserSummary | None:
    with context.database.session() as session:
        users = list_users(session)
    if args.user:
        match = next((u for u in users if u.login == args.user), None)
        if match is None:
            print(f"agent-desk: no active user {args.user!r}", file=sys.stderr)
        return match
    if args.smoke:  # no dialog: the first agent, else anyone
        return next((u for u in users if u.role.value == "agent"), users[0] if users else None)
    dialog = SignInDialog(users, settings.get(LAST_USER))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


@contextlib.contextmanager
def _style_sheet_applied_after(app: QApplication) -> Iterator[None]:
    """Build widgets without the application's style sheet, then apply it once.

    Under a style sheet Qt polishes a widget's whole subtree again every time it is put into a layout, a splitter
    or a tab; the main window, built with one in force, took about twice as long as built bare and styled once.
    """
    style_sheet = app.styleSheet()
    app.setStyleSheet("")
    try:
        yield
    finally:
        app.setStyleSheet(style_sheet)


class _StartAfterFirstPaint(QObject):
    """Starts the window's slower parts (softphone, agent state, refreshes) once it has painted: an agent sees the
    desk and the queue first, and the softphone registers a moment later."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.started = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.started:
            self.started = True
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._window.start)
        return False


class _QueuePainted(QObject):
    """Notes when the window first paints and when the queue first paints a row (--smoke and bench/startup.py)."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__()
        self._app = app
        self._window = window
        self.window_painted = False
        self.row_painted = False
        workspace = window.workspace
        self._view = workspace.queue.view if workspace is not None else None
        window.installEventFilter(self)
        if self._view is not None:
            self._view.viewport().installEventFilter(self)

    @property
    def done(self) -> bool:
        return self.window_painted and (self._view is None or self.row_painted or not self._has_rows())

    def _has_rows(self) -> bool:
        return self._view is not None and self._view.model().rowCount() > 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if watched is self._window and not self.window_painted:
            self.window_painted = True
        elif self._view is not None and watched is self._view.viewport() and self._has_rows() and not self.row_painted:
            self.row_painted = True
            print(f"agent-desk: the queue's first row painted ({time.process_time():.3f} s of CPU)", flush=True)
        if self.done:
            QTimer.singleShot(0, self._app.quit)
        return False


def _smoke(app: QApplication, window: MainWindow, starter: _StartAfterFirstPaint) -> int:
    watcher = _QueuePainted(app, window)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)
    window.update()
    app.exec()  # until the queue's first row has painted (or the time-out)
    app.processEvents()
    window.background.wait()
    painted = watcher.done and starter.started and not window.grab().isNull() and not failures.shown
    print("agent-desk: smoke test " + ("passed: the main window painted" if painted else "FAILED: no paint"))
    window.close()
    return 0 if painted else 1


def _open_database(args: argparse.Namespace) -> AppContext | None:
    """Open the database; when there is none, offer to create one (never silently); None when it cannot open."""
    try:
        return open_context(args.db, args.at, language=text.language(), create=False)
    except DatabaseMissingError as missing:
        if missing.reason not in ("missing", "empty") or args.smoke or not _agree_to_create(missing.where):
            _report_open_failure(missing, args)
            return None
    except Exception as error:
        _report_open_failure(error, args)
        return None
    try:
        context = open_context(args.db, args.at, language=text.language(), create=True)
    except Exception as error:
        _report_open_failure(error, args)
        return None
    log.info("created a new database at %s", context.database.location)
    return context


def _agree_to_create(where: str, parent: QWidget | None = None) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Agent Desk",
        QCoreApplication.translate(
            "Application",
            "There is no Agent Desk database at {where} yet.\n\nCreate a new, empty one there? "
            "(To open another database, cancel and start Agent Desk with --db.)",
        ).format(where=where),
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    create = box.addButton(QCoreApplication.translate("Application", "Create"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is create


def _report_open_failure(error: BaseException, args: argparse.Namespace) -> None:
    where = args.db or ""
    if isinstance(error, DatabaseMissingError):
        where = error.where
    show_failure(failure_text(error, where=where, context="opening the database"))


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.INFO), "%s", message)
