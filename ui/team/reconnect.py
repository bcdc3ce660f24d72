"""Waiting out a database outage on the desk: retry every few seconds, replay the outcomes that waited, say when
the database is back. Qt-side only; the replay itself is ``agent_desk.journal.OutcomeDesk``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agent_desk.journal import OutcomeDesk, ReplayReport, is_outage
from agent_desk.text import Message
from ui import text
from ui.background import Background

log = logging.getLogger(__name__)
RECONNECT_MS = 3 * 1000


class Reconnector(QObject):
    """Knows whether the desk is offline and brings it back."""

    lost = Signal(int)  # outcomes waiting in the local journal
    back = Signal(int)  # outcomes replayed once the server answered
    notice = Signal(str)

    def __init__(
        self,
        desk: OutcomeDesk,
        background: Background,
        open_customer: Callable[[], int | None],
        busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.background = background
        self.offline = False
        self._open_customer = open_customer
        self._busy = busy
        self._replaying = False  # one replay at a time: a slow one must not be overtaken by the next tick's
        self._replayed_count = 0  # outcomes written since the outage began (a tick may save some, then lose the server)
        self.timer = QTimer(self)
        self.timer.setInterval(RECONNECT_MS)
        self.timer.timeout.connect(self.try_now)

    def go_offline(self) -> None:
        """The database cannot be reached: say so and keep trying."""
        if not self.offline:
            self.offline = True
            log.warning("database unreachable: the desk waits and retries every %d s", RECONNECT_MS // 1000)
        self.lost.emit(self.desk.waiting)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def try_now(self) -> None:
        """Replay what waited (which also tells whether the server answers); back online when all is in."""
        if self._busy() or self._replaying:
            return
        self._replaying = True
        desk, keep = self.desk, self._open_customer()

        def work() -> tuple[ReplayReport, bool]:
            report = desk.replay()
            if not report.done:
                return report, False
            try:
                desk.give_back_stray_leases(keep)
            except Exception as error:  # the server went again after the replay: what was saved stays counted
                if not is_outage(error):
                    raise
                return report, False
            return report, True

        self.background.run(work, self._replayed, self._still_away, ordered=True, owner=self)

    def _replayed(self, result: tuple[ReplayReport, bool]) -> None:
        report, back = result
        self._replaying = False
        self._replayed_count += len(report.saved)
        for entry, reason in report.refused:
            self.notice.emit(text.render(Message.of("outage.refused", name=entry.customer_name, reason=reason)))
        if not back:
            self.lost.emit(self.desk.waiting)
            return
        self.offline = False
        self.timer.stop()
        count, self._replayed_count = self._replayed_count, 0
        self.back.emit(count)
        self.notice.emit(
            text.render(Message.of("outage.back", count=count) if count else Message.of("outage.back_none"))
        )

    def _still_away(self, error: BaseException) -> None:
        self._replaying = False
        if not is_outage(error):
            log.error("replaying waiting outcomes failed: %s", type(error).__name__)
