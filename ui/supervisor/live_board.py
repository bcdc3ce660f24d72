"""The live board: each agent's state and for how long, queues per team, promises due today. Polls every 5 s
while shown (cheap aggregates; the same on SQLite for the desks on that file and on PostgreSQL)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from agent_desk.context import AppContext
from agent_desk.reporting.live import LiveBoard, live_board
from agent_desk.worklist.settings import settings_for
from ui import text
from ui.background import Background

POLL_MS = 5_000


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


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
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.agents, 3)
        layout.addWidget(self.queues, 1)
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.refresh()

    @Slot()
    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        context, zone = self.context, self.zone

        def work() -> LiveBoard:
            with context.database.session() as session:
                return live_board(session, context.clock.now(), zone)

        self.background.run(work, self.show_board, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.summary.setText(self.tr("Could not read the board: {reason}").format(reason=str(error)[:120]))

    def show_board(self, board: LiveBoard) -> None:
        self._busy = False
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
