"""The pyqtgraph side of the payment charts, imported only when a chart is first drawn (pyqtgraph and numpy take
a large share of a cold start, and the desk shows no chart before the first customer opens)."""

from __future__ import annotations

import pyqtgraph as pg

from ui.widgets.payment_chart import short_amount


class MoneyAxis(pg.AxisItem):
    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [short_amount(v * scale) for v in values]


class MonthAxis(pg.AxisItem):
    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self.labels: list[str] = []

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        return [(1.0, [float(i) for i in range(len(self.labels))])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self.labels[int(v)] if 0 <= int(v) < len(self.labels) else "" for v in values]


def make_plot() -> tuple[pg.PlotWidget, MonthAxis]:
    """A plot with month labels below and short amounts on the left, fixed (no mouse, no menu)."""
    month_axis = MonthAxis()
    plot = pg.PlotWidget(axisItems={"bottom": month_axis, "left": MoneyAxis(orientation="left")}, background="w")
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.showGrid(y=True, alpha=0.25)
    plot.addLegend(offset=(8, 2), labelTextColor="#374151", colCount=2)
    return plot, month_axis


def bar_item(**options: object) -> pg.BarGraphItem:
    return pg.BarGraphItem(**options)
