"""Small pyqtgraph charts for the dashboard: bars or a line over labelled positions, clickable for drill-down.

pyqtgraph is imported when the first chart is made, never at start-up (agents never load it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

BAR_COLOUR = "#2563eb"
LINE_COLOUR = "#15803d"


class Chart(QWidget):
    """A titled chart; ``clicked`` carries the index of the bar or point the user clicked."""

    clicked = Signal(int)

    def __init__(self, title: str, *, line: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        self._line = line
        self.title = QLabel(title)
        self.title.setObjectName("chart_title")
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(150)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        self.labels: list[str] = []
        self.values: list[float] = []
        self.plot.scene().sigMouseClicked.connect(self._scene_clicked)

    def set_data(self, labels: Sequence[str], values: Sequence[float], colours: Sequence[str] | None = None) -> None:
        pg = self._pg
        self.labels, self.values = list(labels), [float(v) for v in values]
        self.plot.clear()
        xs = list(range(len(self.values)))
        if self._line:
            self.plot.plot(xs, self.values, pen=pg.mkPen(LINE_COLOUR, width=2), symbol="o", symbolBrush=LINE_COLOUR)
        else:
            brushes = [pg.mkBrush(c) for c in colours] if colours else pg.mkBrush(BAR_COLOUR)
            item = pg.BarGraphItem(x=xs, height=self.values, width=0.7, brushes=brushes if colours else None)
            if not colours:
                item.setOpts(brush=brushes)
            self.plot.addItem(item)
        axis = self.plot.getAxis("bottom")
        step = max(1, len(self.labels) // 12)
        axis.setTicks([[(i, label) for i, label in enumerate(self.labels) if i % step == 0]])
        self.plot.setXRange(-0.6, max(0, len(xs) - 1) + 0.6, padding=0)
        top = max(self.values, default=0)
        self.plot.setYRange(0, top * 1.1 if top > 0 else 1, padding=0)

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
