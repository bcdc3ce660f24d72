"""Loading the domain on a thread while a first window (the first frame's queue, the sign-in dialog) is on screen
and answers keys (issue 19): Qt and the standard library only."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer

PAINT_WAIT_S = 1.0  # the load starts once the window has painted, or after this
POLL_MS = 5


def load_while_shown(load: Callable[[], None], painted: Callable[[], bool]) -> None:
    """Once the window has painted (or after a second), run ``load`` on a thread; the window answers keys
    meanwhile. An error of ``load`` is raised here."""
    failed: list[BaseException] = []

    def work() -> None:
        try:
            load()
        except BaseException as error:  # re-raised on the GUI thread, where the desk reports it
            failed.append(error)

    worker = threading.Thread(target=work, name="load-desk", daemon=True)
    loop = QEventLoop()
    deadline = time.monotonic() + PAINT_WAIT_S

    def check() -> None:
        if worker.ident is None and (painted() or time.monotonic() > deadline):
            worker.start()  # the window is on screen: the domain may take the processor now
        elif worker.ident is not None and not worker.is_alive():
            loop.quit()

    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    worker.join()
    if failed:
        raise failed[0]
