"""Run work off the GUI thread and get the result (or the error) back on it.

``Background.run(fn, on_result, on_error)`` uses the shared pool; ``Background.ordered`` is a single-thread
pool for writes that must stay in order (outcomes). Worker threads never touch widgets: results come back
through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import Shiboken

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as error:  # handed to the GUI thread; logged there
            self._relay.failed.emit(error)
        else:
            self._relay.finished.emit(result)


class Background(QObject):
    """Owner of the worker pools; one per application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self._ordered = QThreadPool(self)
        self._ordered.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        ordered: bool = False,
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn`` on a worker; ``on_result`` / ``on_error`` follow on the GUI thread — unless ``owner`` (the
        object the callbacks belong to) has been destroyed by then, in which case the result is dropped."""
        relay = _Relay()  # lives on the GUI thread, so its signals are delivered there
        self._relays.add(relay)

        def alive() -> bool:
            return owner is None or Shiboken.isValid(owner)

        def done(result: Any) -> None:
            self._relays.discard(relay)
            if on_result is not None and alive():
                on_result(result)

        def failed(error: BaseException) -> None:
            self._relays.discard(relay)
            if not alive():
                log.warning("background task failed after its window closed: %s", type(error).__name__)
            elif on_error is not None:
                on_error(error)
            else:
                log.error("background task failed", exc_info=error)

        relay.finished.connect(done)
        relay.failed.connect(failed)
        (self._ordered if ordered else self._pool).start(_Task(fn, relay))

    @Slot()
    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for every task (used at shutdown and in tests)."""
        return bool(self._pool.waitForDone(msecs) and self._ordered.waitForDone(msecs))

    @property
    def active(self) -> int:
        return int(self._pool.activeThreadCount() + self._ordered.activeThreadCount())
