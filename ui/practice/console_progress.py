"""The console's Progress tab: a trainee's score per session and per rubric item over time (pyqtgraph), and the
team's weakest rubric items."""

from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from agent_desk.context import AppContext
from agent_desk.practice.catalog import load_rubric
from agent_desk.practice.sandbox import practice_user
from agent_desk.practice.store import ItemStanding, ScorePoint, progress, weakest_items
from agent_desk.text import format_date
from ui import text
from ui.practice.console_assign import trainees
from ui.practice.launch import practice_database

ITEM_COLOURS = ("#1d4ed8", "#15803d", "#b45309", "#7c3aed", "#be123c", "#0f766e", "#a16207", "#475569", "#db2777")


class IndexAxis(pg.AxisItem):
    """An axis naming each index (a session's date, a rubric item): every label where they fit, else every second,
    third… so that no two labels are drawn over each other."""

    GAP = 12  # pixels between two labels

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation=orientation)
        self.labels: list[str] = []

    def step(self, minVal: float, maxVal: float, size: float) -> int:
        """Every how many indexes a label is shown on an axis ``size`` pixels long showing minVal…maxVal."""
        if not self.labels or size <= 0 or maxVal <= minVal:
            return 1
        metrics = QFontMetrics(self.style.get("tickFont") or self.font())
        if self.orientation in ("bottom", "top"):
            needed = max(metrics.horizontalAdvance(label) for label in self.labels) + self.GAP
        else:
            needed = metrics.height() + 2
        per_index = size / (maxVal - minVal)
        return max(1, math.ceil(needed / per_index))

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        step = self.step(minVal, maxVal, size)
        return [(float(step), [float(i) for i in range(0, len(self.labels), step)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self.labels[int(v)] if 0 <= int(v) < len(self.labels) else "" for v in values]


def _plot(bottom: pg.AxisItem | None = None, left: pg.AxisItem | None = None) -> pg.PlotWidget:
    axes = {}
    if bottom is not None:
        axes["bottom"] = bottom
    if left is not None:
        axes["left"] = left
    plot = pg.PlotWidget(axisItems=axes, background="w")
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.showGrid(y=True, alpha=0.25)
    plot.setMinimumHeight(150)
    return plot


class ProgressTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.points: list[ScorePoint] = []
        self.standings: list[ItemStanding] = []
        self.trainee = QComboBox()
        self.trainee.setObjectName("progress_trainee")
        self.summary = QLabel()
        self._session_axis = IndexAxis()
        self.score_plot = _plot(self._session_axis)
        self.score_plot.setYRange(0, 100)
        self.score_plot.setTitle(self.tr("Score per session"), color="#374151", size="10pt")
        self._item_axis = IndexAxis()
        self.item_plot = _plot(self._item_axis)
        self.item_plot.setYRange(0, 100)
        self.item_plot.setTitle(self.tr("Each rubric item, % of its points"), color="#374151", size="10pt")
        self.item_legend = QLabel()
        self.item_legend.setObjectName("progress_legend")
        self.item_legend.setWordWrap(True)
        self._team_axis = IndexAxis("left")
        self.team_plot = _plot(left=self._team_axis)
        self.team_plot.setXRange(0, 100)
        self.team_plot.setTitle(self.tr("Team: weakest items first (% of points)"), color="#374151", size="10pt")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Trainee")))
        top.addWidget(self.trainee, 1)
        top.addWidget(self.summary, 2)
        mine = QWidget()
        mine_layout = QVBoxLayout(mine)
        mine_layout.setContentsMargins(0, 0, 0, 0)
        mine_layout.addLayout(top)
        mine_layout.addWidget(self.score_plot, 1)
        mine_layout.addWidget(self.item_plot, 1)
        mine_layout.addWidget(self.item_legend)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(mine)
        split.addWidget(self.team_plot)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.trainee.currentIndexChanged.connect(self._show_trainee)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._loaded = True
        chosen = self.trainee.currentData()
        self.trainee.blockSignals(True)
        self.trainee.clear()
        for person in trainees(self.context):
            self.trainee.addItem(person.display_name, person.login)
        if chosen is not None:
            self.trainee.setCurrentIndex(max(self.trainee.findData(chosen), 0))
        self.trainee.blockSignals(False)
        self._show_trainee()
        self._show_team()

    @Slot()
    def _show_trainee(self) -> None:
        login = self.trainee.currentData()
        self.score_plot.clear()
        self.item_plot.clear()
        self.item_legend.clear()
        if not login:
            self.points = []
            return
        practice = practice_database(self.context)
        self.points = progress(practice, practice_user(practice, str(login)).id)
        language = text.language()
        labels = [format_date(point.started_at.date(), language, with_weekday=False) for point in self.points]
        self._session_axis.labels = labels
        self._item_axis.labels = labels
        xs = list(range(len(self.points)))
        if not self.points:
            self.summary.setText(self.tr("No finished sessions yet."))
            return
        scores = [point.score for point in self.points]
        self.summary.setText(
            self.tr("{count} sessions · last {last} · best {best}").format(
                count=len(scores), last=scores[-1], best=max(scores)
            )
        )
        self.score_plot.plot(xs, scores, pen=pg.mkPen("#1d4ed8", width=2), symbol="o", symbolBrush="#1d4ed8")
        self.score_plot.setXRange(-0.5, max(len(xs) - 0.5, 0.5))
        rubric = load_rubric()
        legend = []
        for colour, item in zip(ITEM_COLOURS, rubric.items, strict=False):
            series = [
                (x, point.items[item.code] * 100) for x, point in enumerate(self.points) if item.code in point.items
            ]
            if not series:
                continue
            self.item_plot.plot(
                [x for x, _ in series],
                [y for _, y in series],
                pen=pg.mkPen(colour, width=1.5),
                symbol="o",
                symbolSize=5,
                symbolBrush=colour,
            )
            legend.append(f"<span style='color:{colour}'>■</span> {html.escape(item.title(text.language()))}")
        self.item_legend.setText(" &nbsp; ".join(legend))
        self.item_plot.setXRange(-0.5, max(len(xs) - 0.5, 0.5))

    def _show_team(self) -> None:
        self.standings = weakest_items(practice_database(self.context))
        self.team_plot.clear()
        rubric = {item.code: item for item in load_rubric().items}
        shown = list(reversed(self.standings))  # the weakest at the top of the chart
        self._team_axis.labels = [rubric[s.item].title(text.language()) if s.item in rubric else s.item for s in shown]
        if not shown:
            return
        shares = [standing.share * 100 for standing in shown]
        brushes = [pg.mkBrush("#b91c1c" if share < 50 else "#b45309" if share < 75 else "#15803d") for share in shares]
        self.team_plot.addItem(
            pg.BarGraphItem(x0=0, y=list(range(len(shown))), height=0.6, width=shares, brushes=brushes)
        )
        self.team_plot.setYRange(-0.6, len(shown) - 0.4)
        self.team_plot.setXRange(0, 100, padding=0.02)
