"""Supervisors' views: dashboard, outcome review with recordings and QA, live board, experiments.

``supervisor_tabs`` is what the main window adds for a supervisor (the dashboard first); pyqtgraph is imported
only when the dashboard is built, so agents' start-up never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from agent_desk.context import AppContext
from ui.background import Background


def supervisor_tabs(context: AppContext, background: Background, user: Any) -> list[tuple[QWidget, str]]:
    from PySide6.QtCore import QCoreApplication

    from ui.supervisor.dashboard import DashboardView
    from ui.supervisor.experiments_view import ExperimentsView
    from ui.supervisor.live_board import LiveBoardView
    from ui.supervisor.outcome_review import OutcomeReviewView

    dashboard = DashboardView(context, background, user)
    review = OutcomeReviewView(context, background, user)
    tabs: list[tuple[QWidget, str]] = [
        (dashboard, QCoreApplication.translate("SupervisorTabs", "Dashboard")),
        (review, QCoreApplication.translate("SupervisorTabs", "Outcome review")),
        (LiveBoardView(context, background, user), QCoreApplication.translate("SupervisorTabs", "Live board")),
        (ExperimentsView(context, background, user), QCoreApplication.translate("SupervisorTabs", "Experiments")),
    ]

    def drill(query: Any) -> None:
        review.show_query(query)
        parent = review.parentWidget()
        while parent is not None and not hasattr(parent, "setCurrentWidget"):
            parent = parent.parentWidget()
        if parent is not None:
            parent.setCurrentWidget(review)

    dashboard.drill_down.connect(drill)
    return tabs


def agent_tabs(context: AppContext, user: Any) -> list[tuple[Callable[[], QWidget], str]]:
    """An agent's own tabs, as builders: the window builds each when its tab is first opened."""
    from PySide6.QtCore import QCoreApplication

    def scorecards() -> QWidget:
        from ui.supervisor.my_scorecards import MyScorecardsView

        return MyScorecardsView(context, user)

    return [(scorecards, QCoreApplication.translate("SupervisorTabs", "My scorecards"))]
