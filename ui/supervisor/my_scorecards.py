"""An agent's own QA scorecards with the reviewers' comments (agents see only their own)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from agent_desk.context import AppContext
from agent_desk.qa import scorecards_for
from ui import text
from ui.role_views import TitledView


class MyScorecardsView(TitledView):
    def __init__(self, context: AppContext, user: Any, parent: QWidget | None = None) -> None:
        with context.database.session() as session:
            cards = scorecards_for(session, user.id, user.id)
        table = QTableWidget(len(cards), 4)
        table.setObjectName("my_scorecards")
        table.setHorizontalHeaderLabels([self.tr("Scored"), self.tr("Reviewer"), self.tr("Score"), self.tr("Comment")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for row, card in enumerate(cards):
            score = f"{card.score * 100:.0f} %" + (" ✖" if card.instant_fail else "")
            values = (
                text.local_time(card.created_at, "Asia/Jakarta", with_date=True),
                card.reviewer,
                score,
                card.comment or "",
            )
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        super().__init__(
            self.tr("My scorecards"),
            self.tr("How reviewers scored your calls, with their comments."),
            table,
            parent,
        )
        self.table = table
