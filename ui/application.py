"""Start the GUI: Qt application, logging, database, sign-in, main window (and ``--smoke``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from agent_desk.context import AppContext, open_context
from agent_desk.logs import setup_logging
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.resources import resource_path
from agent_desk.worklist.clock_check import rebuild_for_clock
from ui import text
from ui.background import Background
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
    sys.excepthook = _excepthook
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    settings = Settings()
    text.set_language(args.lang if args.lang != "en" else settings.get(LANGUAGE))
    install_translations(app, text.language())
    log.info("Agent Desk starting; log at %s", log_path)
    try:
        context = open_context(args.db, args.at, language=text.language())
    except Exception as error:
        log.exception("could not open the database")
        if args.smoke:
            print(f"agent-desk: could not open the database: {error}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, "Agent Desk", f"Could not open the database:\n{error}")
        return 1
    rebuild_for_clock(context.database, context.clock)  # a worklist computed for another moment than this clock's
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
        window = MainWindow(context, user, settings, background, phone=True)
        switch_requested: list[bool] = []

        def request_switch(window: MainWindow = window, requested: list[bool] = switch_requested) -> None:
            requested.append(True)
            window.close()

        window.switch_user_requested.connect(request_switch)
        reopen: list[bool] = []
        window.reopen_requested.connect(lambda w=window, r=reopen: (r.append(True), w.close()))
        window.show()
        window.start()
        if args.smoke:
            return _smoke(app, window)
        app.exec()
        background.wait()  # nothing may still be writing when the window goes
        window.deleteLater()
        app.processEvents()
        if reopen:  # Preferences changed the language: the same user, in a window made in the new language
            args.user = user.login
            text.set_language(settings.get(LANGUAGE))
            install_translations(app, text.language())
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


class _FirstPaint(QObject):
    """Quits the event loop once the window has painted for the first time."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, self._app.quit)
        return False


def _smoke(app: QApplication, window: MainWindow) -> int:
    watcher = _FirstPaint(app)
    window.installEventFilter(watcher)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)
    window.update()
    app.exec()
    window.background.wait()
    painted = watcher.painted and not window.grab().isNull()
    print("agent-desk: smoke test " + ("passed: the main window painted" if painted else "FAILED: no paint"))
    window.close()
    return 0 if painted else 1


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


def _excepthook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    log.critical("unhandled error", exc_info=(kind, error, trace))
    if QApplication.instance() is not None and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        details = "".join(traceback.format_exception(kind, error, trace))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Agent Desk",
            QCoreApplication.translate(
                "Application", "Something went wrong. Your work is kept; the details are in the log."
            ),
        )
        box.setDetailedText(details)
        box.exec()
