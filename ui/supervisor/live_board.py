"""The live board: each agent's state and for how long, queues per team, promises due today. Polls every 5 s
while shown (cheap aggregates; the same on SQLite for the desks on that file and on PostgreSQL). On PostgreSQL
it also listens for agent state changes (LISTEN/NOTIFY, agent_desk.reporting.notify) while shown, and redraws
as soon as one commits; the poll stays, for the queues and promises and whenever the listener is reconnecting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from agent_desk.context import AppContext
from agent_desk.reporting.live import LiveBoard, live_board
from agent_desk.reporting.notify import StateChangeListener, can_listen
from agent_desk.worklist.settings import settings_for
from ui import text
from ui.background import Background
from ui.failures import failure_text

POLL_MS = 5_000


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class _Relay(QObject):
    """Carries the listener thread's call back to the GUI thread (a queued signal)."""

    changed = Signal()


class LiveBoardView(QWidget):
    def __init__(self, context: AppContext, background: Background, user: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("live_board")
        self.context, self.background, self.user = context, background, user
        self.zone = settings_for(context.database, context.clock).policy.zones[0]
        self.summary = QLabel()
        self.summary.setObjectName("live_summary")
        self.agents = QTableWidget(0, 4)
        self.agents.setObjectName("live_agents")
        self.agents.setHorizontalHeaderLabels([self.tr("Agent"), self.tr("Team"), self.tr("State"), self.tr("For")])
        self.queues = QTableWidget(0, 3)
        self.queues.setObjectName("live_queues")
        self.queues.setHorizontalHeaderLabels([self.tr("Team"), self.tr("Queue"), self.tr("Callable now")])
        for table in (self.agents, self.queues):
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mode = QLabel()
        self.mode.setObjectName("live_mode")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.agents, 3)
        layout.addWidget(self.queues, 1)
        layout.addWidget(self.mode)
        self._busy = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._relay = _Relay(self)
        self._relay.changed.connect(self._pushed)
        self.listener: StateChangeListener | None = None
        self._show_mode()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.listener is None and can_listen(self.context.database):
            self.listener = StateChangeListener(self.context.database, self._relay.changed.emit)
            self.listener.start()
        self._show_mode()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.stop_listening()

    def stop_listening(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop()

    def _show_mode(self) -> None:
        if can_listen(self.context.database):
            self.mode.setText(self.tr("Agents' states show as they change; queues and promises refresh every 5 s."))
        else:
            self.mode.setText(self.tr("Refreshed every 5 s."))

    @Slot()
    def _pushed(self) -> None:
        """A state change committed: refresh now (or right after the refresh under way)."""
        if self._busy:
            self._again = True
        elif self.isVisible():
            self.refresh()

    @Slot()
    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        context, zone, viewer = self.context, self.zone, self.user.id

        def work() -> LiveBoard:
            with context.database.session() as session:
                return live_board(session, context.clock.now(), zone, viewer=viewer)

        self.background.run(work, self.show_board, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._again = False
        # The one-paragraph failure text (a database that went away says so), never the driver's own words.
        self.summary.setText(failure_text(error, where=self.context.database.location, context="the live board"))

    def show_board(self, board: LiveBoard) -> None:
        self._busy = False
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.refresh)
        self.summary.setText(
            self.tr("Promises due today: {due} · kept so far: {kept}").format(
                due=board.promises_due_today, kept=board.promises_kept_today
            )
        )
        self.agents.setRowCount(len(board.agents))
        for row, agent in enumerate(board.agents):
            state = text.label(f"agent_state.{agent.state.value}")
            if agent.reason:
                state += f" · {text.label(f'break.{agent.reason}')}"
            since = _duration((board.at - agent.since).total_seconds()) if agent.since else ""
            for column, value in enumerate((agent.name, agent.team or "—", state, since)):
                self.agents.setItem(row, column, QTableWidgetItem(value))
        self.queues.setRowCount(len(board.queues))
        for row, queue in enumerate(board.queues):
            for column, value in enumerate(
                (queue.team or self.tr("No team"), str(queue.depth), str(queue.callable_now))
            ):
                self.queues.setItem(row, column, QTableWidgetItem(value))
