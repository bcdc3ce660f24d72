"""In team mode (a shared PostgreSQL database) each running app takes part in delivering the outbox: a pass every
minute on the background pool. Claims keep the desks (and any cron job) from sending anything twice."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agent_desk.context import AppContext
from agent_desk.outbox import PassReport, run_pass
from ui.background import Background

log = logging.getLogger(__name__)
PASS_INTERVAL_MS = 60 * 1000


class OutboxWorker(QObject):
    """Runs :func:`agent_desk.outbox.run_pass` every minute (never two at once in this app)."""

    finished = Signal(object)  # PassReport

    def __init__(self, context: AppContext, background: Background, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.background = background
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(PASS_INTERVAL_MS)
        self.timer.timeout.connect(self.run_once)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def run_once(self) -> None:
        if self.running:
            return
        self.running = True
        context = self.context
        self.background.run(
            lambda: run_pass(context.database, context.clock, context.credentials),
            self._done,
            self._failed,
            owner=self,
        )

    def _done(self, report: PassReport) -> None:
        self.running = False
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        log.warning("outbox pass failed: %s", type(error).__name__)
