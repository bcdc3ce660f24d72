"""Small pyqtgraph charts for the dashboard: bars or a line over labelled positions, clickable for drill-down.

The labels under the chart are thinned to what fits its width (recomputed as it resizes), so seven or thirty
days never overlap; the value axis reads as counts, money or percentages; a chart with nothing to show says so
in words instead of an empty frame. pyqtgraph is imported when the first chart is made, never at start-up
(agents never load it).
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from agent_desk.text import currency_format
from ui import text

BAR_COLOUR = "#2563eb"
LINE_COLOUR = "#15803d"
LABEL_GAP_PX = 10


class Values(enum.Enum):
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"


def compact_money(value: float, currency: str = "IDR") -> str:
    """An axis label for an amount: "Rp 150k", "Rp 1.5M" in English; "Rp 150 rb", "Rp 1,5 jt" in Indonesian."""
    symbol = currency_format(currency).symbol
    units = (
        ((1e9, " M"), (1e6, " jt"), (1e3, " rb")) if text.language() == "id" else ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    )
    for size, suffix in units:
        if abs(value) >= size:
            number = f"{value / size:.1f}".removesuffix(".0")
            if text.language() == "id":
                number = number.replace(".", ",")
            return f"{symbol} {number}{suffix}"
    return f"{symbol} {value:.0f}"


def _formatter(kind: Values) -> Callable[[float], str]:
    if kind is Values.MONEY:
        return compact_money
    if kind is Values.PERCENT:
        return lambda value: f"{value:.0f} %"
    return lambda value: f"{value:.0f}" if abs(value - round(value)) < 1e-9 else ""  # counts: whole numbers only


class Chart(QWidget):
    """A titled chart; ``clicked`` carries the index of the bar or point the user clicked. ``empty_text`` is shown
    in place of the plot when there is nothing (or only zeros) to draw."""

    clicked = Signal(int)

    def __init__(
        self,
        title: str,
        *,
        line: bool = False,
        values: Values = Values.COUNT,
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        self._line = line
        self.title = QLabel(title)
        self.title.setObjectName("chart_title")
        formatter = _formatter(values)

        class ValueAxis(pg.AxisItem):
            def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
                return [formatter(value * scale) for value in values]

        value_axis = ValueAxis(orientation="left")
        value_axis.enableAutoSIPrefix(False)
        self.plot = pg.PlotWidget(background="w", axisItems={"left": value_axis})
        self.plot.setMinimumHeight(150)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.2)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("chart_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMinimumHeight(150)
        self.empty.setStyleSheet("color: #6b7280; background: white; border: 1px solid #e5e7eb;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.plot)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        self.labels: list[str] = []
        self.values: list[float] = []
        self.plot.scene().sigMouseClicked.connect(self._scene_clicked)
        self.plot.getPlotItem().getViewBox().sigResized.connect(self._resized)

    @property
    def is_empty(self) -> bool:
        return self.pages.currentWidget() is self.empty

    def set_empty_text(self, words: str) -> None:
        self.empty.setText(words)

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[float | Decimal | int],
        colours: Sequence[str] | None = None,
        *,
        empty: bool | None = None,
    ) -> None:
        """Draw ``values`` over ``labels``. ``empty``: whether there is nothing to show (default: no value but 0,
        right for counts and amounts; a score of 0 % is something, so score charts say it themselves)."""
        pg = self._pg
        self.labels, self.values = list(labels), [float(v) for v in values]
        self.plot.clear()
        if empty if empty is not None else not any(self.values):
            self.pages.setCurrentWidget(self.empty)
            return
        self.pages.setCurrentWidget(self.plot)
        xs = list(range(len(self.values)))
        if self._line:
            self.plot.plot(xs, self.values, pen=pg.mkPen(LINE_COLOUR, width=2), symbol="o", symbolBrush=LINE_COLOUR)
        else:
            brushes = [pg.mkBrush(c) for c in colours] if colours else pg.mkBrush(BAR_COLOUR)
            item = pg.BarGraphItem(x=xs, height=self.values, width=0.7, brushes=brushes if colours else None)
            if not colours:
                item.setOpts(brush=brushes)
            self.plot.addItem(item)
        self._update_ticks()
        top = max(self.values, default=0)
        self.plot.setYRange(0, top * 1.1 if top > 0 else 1, padding=0)

    def shown_labels(self) -> list[str]:
        """The labels under the chart as they are drawn now."""
        return [label for _, label in self._ticks()]

    def _ticks(self) -> list[tuple[int, str]]:
        """Every ``step``-th label, counted back from the last (today, on a trend, is always named), with the
        smallest step at which no two shown labels come closer than the gap at the chart's present width."""
        count = len(self.labels)
        if not count:
            return []
        axis = self.plot.getAxis("bottom")
        metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
        widths = [metrics.horizontalAdvance(label) for label in self.labels]
        slot = (self.plot.getPlotItem().getViewBox().width() or self.plot.width()) / count
        step = 1
        while step < count:
            shown = list(range(count - 1, -1, -step))
            if all((widths[a] + widths[b]) / 2 + LABEL_GAP_PX <= step * slot for a, b in itertools.pairwise(shown)):
                break
            step += 1
        return [(i, self.labels[i]) for i in range(count) if (count - 1 - i) % step == 0]

    def _update_ticks(self) -> None:
        """Set the labels, and leave room at both ends for the outer ones (pyqtgraph hides a label that would
        stick out of the axis, and the last day is the one a supervisor looks for)."""
        ticks = self._ticks()
        self.plot.getAxis("bottom").setTicks([ticks])
        count = len(self.labels)
        width = self.plot.getPlotItem().getViewBox().width() or self.plot.width()
        slot = width / (count + 1.2) if count else 1
        axis = self.plot.getAxis("bottom")
        metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())

        def room(label: str) -> float:
            return max(0.6, (metrics.horizontalAdvance(label) / 2 + 2) / slot) if slot > 0 else 0.6

        left = room(ticks[0][1]) - ticks[0][0] if ticks else 0.6
        right = room(ticks[-1][1]) - (count - 1 - ticks[-1][0]) if ticks else 0.6
        self.plot.setXRange(-max(0.6, left), max(0, count - 1) + max(0.6, right), padding=0)

    def _resized(self, *_: object) -> None:
        if self.labels and not self.is_empty:
            self._update_ticks()

    def point_position(self, index: int) -> QPointF:
        """Where bar/point ``index`` is drawn, in the plot widget's own coordinates (for tests and tooltips)."""
        view = self.plot.getPlotItem().getViewBox()
        height = self.values[index] if index < len(self.values) else 0
        scene = view.mapViewToScene(QPointF(index, height / 2 if not self._line else height))
        return QPointF(self.plot.mapFromScene(scene))

    def _scene_clicked(self, event: Any) -> None:
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view.mapSceneToView(event.scenePos())
        index = round(point.x())
        if 0 <= index < len(self.values) and abs(point.x() - index) <= 0.4:
            self.clicked.emit(index)
