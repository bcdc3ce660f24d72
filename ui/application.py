"""Start the GUI: Qt application, logging, database, sign-in, main window (and ``--smoke``)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from shiboken6 import Shiboken
from sqlalchemy import select

from agent_desk.context import AppContext, open_context
from agent_desk.errors import DeskError
from agent_desk.first_frame.page import shown_location
from agent_desk.logs import setup_logging
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.resources import resource_path
from agent_desk.worklist.clock_check import rebuild_for_clock
from db.engine import DatabaseMissingError
from db.models import ImportRun
from ui import failures, text
from ui.app import has_display
from ui.background import Background
from ui.failures import failure_text, install_excepthook, show_failure
from ui.first_frame import FirstFrame, hand_over
from ui.main_window import MainWindow
from ui.settings import LANGUAGE, LAST_USER, Settings
from ui.startup_load import early_application
from ui.translations import install_translations

if TYPE_CHECKING:  # the sign-in modules load only when a password is asked
    from ui.early_sign_in import EarlySignIn
    from ui.sign_in import SignInDialog

log = logging.getLogger(__name__)
SMOKE_TIMEOUT_MS = 30_000


def run_gui(
    args: argparse.Namespace,
    *,
    first_frame: FirstFrame | None = None,
    first_frame_skipped: str | None = None,
    sign_in: EarlySignIn | None = None,
) -> int:
    """The desk: after ``first_frame`` (ui.first_frame; None when it was skipped, ``first_frame_skipped`` says
    why), after the sign-in dialog shown while the domain loaded (``sign_in``, ui.early_sign_in) or from nothing."""
    try:
        return _run_gui(args, first_frame, first_frame_skipped, sign_in)
    finally:
        if first_frame is not None and Shiboken.isValid(first_frame) and first_frame.isVisible():  # no queue left
            first_frame.close()
        if sign_in is not None and Shiboken.isValid(sign_in.dialog) and sign_in.dialog.isVisible():
            sign_in.dialog.close()


def _run_gui(
    args: argparse.Namespace,
    first_frame: FirstFrame | None,
    first_frame_skipped: str | None,
    sign_in: EarlySignIn | None = None,
) -> int:
    if not has_display(args):  # --smoke without a display uses the offscreen platform
        print(
            "agent-desk: no display found. Run it on a desktop, use --smoke to check it starts, or set "
            "QT_QPA_PLATFORM=offscreen.",
            file=sys.stderr,
        )
        return 2
    log_path = setup_logging(getattr(logging, args.log_level))
    if first_frame is None and sign_in is None:  # names, language and translations, as a first window sets them
        app, settings = early_application(args)
    else:  # the first frame or the dialog has made the application that way already
        made = QApplication.instance()
        assert isinstance(made, QApplication)
        app, settings = made, Settings()
    qInstallMessageHandler(_qt_message)
    install_excepthook()
    style_sheet = resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8")
    if first_frame is None and sign_in is None:  # else the frame carries it, or the dialog has it already
        app.setStyleSheet(style_sheet)
    log.info("Agent Desk starting; log at %s", log_path)
    if first_frame is None:
        log.info("no first frame before the desk loads: %s", first_frame_skipped)
    else:
        log.info("first frame shown (%s's queue) while the desk loaded", first_frame.page.agent.login)
    shown = sign_in.dialog if sign_in is not None else None  # on screen since before the domain loaded
    context = _open_database(args, shown)
    if context is None:
        return 1
    undo_failed = _undo_interrupted_imports(context, shown)
    if undo_failed is not None:  # the book stays closed: its customers would be half-imported
        _close_sign_in(shown)
        show_failure(undo_failed)
        context.close()
        return 1
    try:
        rebuild_for_clock(context.database, context.clock)  # a worklist computed for another moment than this clock's
    except DeskError as refused:  # a read-only database whose worklist is for another moment: say so, open nothing
        _close_sign_in(shown)
        show_failure(text.render(refused.message))
        context.close()
        return 1
    background = Background()
    try:
        return _run_session(app, args, context, settings, background, style_sheet, first_frame, sign_in)
    finally:
        background.wait()
        context.close()


def _undo_interrupted_imports(context: AppContext, shown: SignInDialog | None = None) -> str | None:
    """An import that died part-way on SQLite is undone before anyone works (its customers were kept out of reach
    meanwhile), on a worker thread behind a progress window (ui.start_undo). The importer's modules load only when
    such a run is there. Returns the paragraph to show when the undo failed, else None."""
    if not context.database.is_sqlite or context.database.read_only:  # nothing to undo there (recover_at_start)
        return None
    with context.database.session() as session:
        file_name = session.scalar(select(ImportRun.file_name).where(ImportRun.status == "applying").limit(1))
    if file_name is None:
        return None
    from ui.start_undo import undo_with_progress

    return undo_with_progress(context, file_name, shown if shown is not None and shown.isVisible() else None)


def _run_session(
    app: QApplication,
    args: argparse.Namespace,
    context: AppContext,
    settings: Settings,
    background: Background,
    style_sheet: str,
    first_frame: FirstFrame | None = None,
    sign_in: EarlySignIn | None = None,
) -> int:
    probing = sign_in is not None and bool(sign_in.probe_login)  # bench/startup.py times the desk as --smoke does
    while True:
        user = _choose_user(args, context, settings, sign_in.dialog if sign_in is not None else None)
        sign_in = None  # shown once: a switch of user asks in a new one
        if user is None:
            return 0 if not args.smoke else 1
        settings.set(LAST_USER, user.login)
        queue = None
        if first_frame is not None and first_frame.page.agent.login == user.login:
            QCoreApplication.processEvents()  # keys typed while the desk loaded reach the frame's queue first
            if first_frame.closed_by_user:  # closed in the last moment: nothing opens
                first_frame.deleteLater()
                return 0
            queue = first_frame.release_queue()  # the window takes the frame's queue pane over as it is
        with _style_sheet_applied_after(app, style_sheet, first_frame):
            window = MainWindow(context, user, settings, background, phone=True, queue=queue)
        switch_requested: list[bool] = []

        def request_switch(window: MainWindow = window, requested: list[bool] = switch_requested) -> None:
            requested.append(True)
            window.close()

        window.switch_user_requested.connect(request_switch)
        reopen: list[bool] = []
        window.reopen_requested.connect(lambda w=window, r=reopen: (r.append(True), w.close()))
        handed_over = first_frame is not None
        next_asked = False
        if first_frame is not None and first_frame.page.agent.login == user.login:
            next_asked = hand_over(first_frame, window)  # the same place and row; the frame goes
            if first_frame.closed_by_user:  # the agent closed it in the last moment: nothing opens
                window.close()
                return 0
        else:
            window.show()
            if first_frame is not None:
                first_frame.close()
                handed_over = False
        first_frame = None
        starter = _StartAfterFirstPaint(window, _next_customer(window) if next_asked else None)
        if args.smoke or probing:
            return _smoke(app, window, starter, handed_over=handed_over)
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


def _choose_user(
    args: argparse.Namespace, context: AppContext, settings: Settings, shown: SignInDialog | None = None
) -> UserSummary | None:
    """Who works at this desk: the sign-in dialog (``shown``: the one on screen since before the domain loaded),
    or — on a demo database only — ``--user LOGIN`` / ``--smoke``."""
    from agent_desk.auth.accounts import change_password, is_demo_database, sign_in, sign_in_demo
    from agent_desk.auth.passwords import policy
    from agent_desk.errors import DeskError

    database, clock = context.database, context.clock
    login = args.user
    if login is None and args.smoke:  # no dialog: the first demo agent, else anyone
        with database.session() as session:
            users = list_users(session)
        first = next((u for u in users if u.role.value == "agent"), users[0] if users else None)
        login = first.login if first else None
        if login is None:
            print("agent-desk: no users in this database", file=sys.stderr)
            return None
    if login:
        try:
            return sign_in_demo(database, clock, login).user
        except DeskError as error:
            print(f"agent-desk: {text.render(error.message)}", file=sys.stderr)
            return None
    demo = policy().demo_password if is_demo_database(database) else None
    check = lambda name, password: sign_in(database, clock, name, password)  # noqa: E731
    change = lambda actor, current, new: change_password(database, clock, actor, current, new)  # noqa: E731
    if shown is not None:  # typed into while the desk loaded: the password can be checked now
        dialog = shown
        dialog.set_ready(check, change, where=database.location, demo_password=demo)
        if dialog.signed_in is not None:  # Sign in was pressed meanwhile and the password was right
            return dialog.signed_in.user
    else:
        from ui.sign_in import SignInDialog

        dialog = SignInDialog(
            check, change, last_login=settings.get(LAST_USER), where=database.location, demo_password=demo
        )
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.signed_in is None:
        return None
    return dialog.signed_in.user


@contextlib.contextmanager
def _style_sheet_applied_after(
    app: QApplication, style_sheet: str, first_frame: FirstFrame | None = None
) -> Iterator[None]:
    """Build widgets without the application's style sheet, then apply it once.

    Under a style sheet Qt polishes a widget's whole subtree again every time it is put into a layout, a splitter
    or a tab; the main window, built with one in force, took about twice as long as built bare and styled once.
    """
    if app.styleSheet():  # empty already after a first frame (it carries its own): nothing to re-polish
        app.setStyleSheet("")
    try:
        yield
    finally:
        if first_frame is not None:  # it carried the sheet itself: the application's takes over (in one polish,
            first_frame.setUpdatesEnabled(False)  # not two: a widget with its own sheet re-polishes slowly, ≈ 0.06 s;
            first_frame.setStyleSheet("")  # and no repaint of the frame, whose look does not change, before it goes)
        app.setStyleSheet(style_sheet)


class _StartAfterFirstPaint(QObject):
    """Starts the window's slower parts (softphone, agent state, refreshes) once it has painted: an agent sees the
    desk and the queue first, and the softphone registers a moment later."""

    def __init__(self, window: MainWindow, then: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._then = then  # e.g. the Next customer asked for in the first frame
        self.started = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.started:
            self.started = True
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._start)
        return False

    def _start(self) -> None:
        self._window.start()
        if self._then is not None:
            self._then()


def _next_customer(window: MainWindow) -> Callable[[], None]:
    """Next customer, as Enter in the queue asks it (asked for in the first frame, carried out now)."""

    def run() -> None:
        if window.workspace is not None and not window.isHidden():
            window.workspace.loop.next_customer()

    return run


class _QueuePainted(QObject):
    """Notes when the window first paints and when the queue first paints a row (--smoke and bench/startup.py)."""

    def __init__(self, app: QApplication, window: MainWindow, *, handed_over: bool = False) -> None:
        super().__init__()
        self._handed_over = handed_over  # the first frame has painted the first row already
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
            cpu = time.process_time()
            if not self._handed_over:
                print(f"agent-desk: the queue's first row painted ({cpu:.3f} s of CPU)", flush=True)
            print(f"agent-desk: hand-over done, the desk is interactive ({cpu:.3f} s of CPU)", flush=True)
        if self.done:
            QTimer.singleShot(0, self._app.quit)
        return False


def _smoke(app: QApplication, window: MainWindow, starter: _StartAfterFirstPaint, *, handed_over: bool) -> int:
    watcher = _QueuePainted(app, window, handed_over=handed_over)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)
    window.update()
    app.exec()  # until the queue's first row has painted (or the time-out)
    app.processEvents()
    window.background.wait()
    painted = watcher.done and starter.started and not window.grab().isNull() and not failures.shown
    print("agent-desk: smoke test " + ("passed: the main window painted" if painted else "FAILED: no paint"))
    window.close()
    return 0 if painted else 1


def _open_database(args: argparse.Namespace, sign_in: SignInDialog | None = None) -> AppContext | None:
    """Open the database; when there is none, offer to create one (never silently); None when it cannot open.

    ``sign_in``: the sign-in dialog shown while the domain loaded (ui.early_sign_in). A question is asked in
    front of it; a failure closes it first (a Sign in pressed meanwhile is dropped, its password never checked),
    so that the message is the one window on screen and nothing is left behind it; the desk then ends (exit 1) and
    the agent starts it again once the message's advice is followed."""
    try:
        return open_context(args.db, args.at, language=text.language(), create=False)
    except DatabaseMissingError as missing:
        if missing.reason not in ("missing", "empty") or args.smoke or not _agree_to_create(missing.where, sign_in):
            _report_open_failure(missing, args, sign_in)
            return None
    except Exception as error:
        _report_open_failure(error, args, sign_in)
        return None
    try:
        context = open_context(args.db, args.at, language=text.language(), create=True)
    except Exception as error:
        _report_open_failure(error, args, sign_in)
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


def _report_open_failure(error: BaseException, args: argparse.Namespace, sign_in: SignInDialog | None = None) -> None:
    where = shown_location(args.db)  # never a password written into --db
    if isinstance(error, DatabaseMissingError):
        where = error.where
    message = failure_text(error, where=where, context="opening the database")
    _close_sign_in(sign_in)
    show_failure(message)


def _close_sign_in(dialog: SignInDialog | None) -> None:
    """Close the sign-in dialog shown while the desk loaded, so that a failure shown next is not behind it."""
    if dialog is not None and Shiboken.isValid(dialog) and dialog.isVisible():
        dialog.pending = False  # a Sign in pressed while loading is not carried out
        dialog.reject()


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.INFO), "%s", message)
