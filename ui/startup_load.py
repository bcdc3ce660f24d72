"""Loading the domain on a thread while a first window (the first frame's queue, the sign-in dialog) is on screen
and answers keys (issue 19): Qt and the standard library only."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ui import text
from ui.settings import LANGUAGE, Settings
from ui.translations import install_translations

PAINT_WAIT_S = 1.0  # the load starts once the window has painted, or after this
POLL_MS = 5  # how often the GUI thread looks whether the window has painted (it stops looking once it has)


def early_application(args: argparse.Namespace) -> tuple[QApplication, Settings]:
    """The application as the first window needs it before the domain loads: its names (where the settings live),
    the interface language (``--lang``, else the saved one) and its translations."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName("AgentDesk")
    QCoreApplication.setApplicationName("agent-desk")
    settings = Settings()
    text.set_language(args.lang if args.lang != "en" else settings.get(LANGUAGE))
    install_translations(app, text.language())
    return app, settings


class _Finished(QObject):
    """Says on the GUI thread that the load's thread has ended (no polling while the domain loads: every wake-up
    of the GUI thread would take the interpreter from the loading thread)."""

    finished = Signal()


def load_while_shown(load: Callable[[], None], painted: Callable[[], bool]) -> None:
    """Once the window has painted (or after a second), run ``load`` on a thread; the window answers keys
    meanwhile. An error of ``load`` is raised here."""
    failed: list[BaseException] = []

    loop = QEventLoop()
    done = _Finished()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            load()
        except BaseException as error:  # re-raised on the GUI thread, where the desk reports it
            failed.append(error)
        finally:
            done.finished.emit()

    worker = threading.Thread(target=work, name="load-desk", daemon=True)
    deadline = time.monotonic() + PAINT_WAIT_S

    def check() -> None:
        if painted() or time.monotonic() > deadline:
            poll.stop()
            worker.start()  # the window is on screen: the domain may take the processor now

    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    worker.join()
    if failed:
        raise failed[0]
