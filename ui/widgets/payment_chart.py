"""Amount due vs amount paid per month, as grouped bars (pyqtgraph)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from agent_desk import text as domain_text
from agent_desk.charts import MonthFigures
from ui import text

DUE_COLOUR = "#94a3b8"
PAID_COLOUR = "#0f766e"
BAR_WIDTH = 0.38


def short_amount(value: float) -> str:
    """Axis labels: "1,2 jt" (juta, millions) / "850 rb" (ribu, thousands) in Indonesian; "1.2M" / "850k" in English."""
    indonesian = text.language() == "id"
    if abs(value) >= 1_000_000:
        shown = f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".")
        return (shown.replace(".", ",") + " jt") if indonesian else shown + "M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:.0f}" + (" rb" if indonesian else "k")
    return f"{value:.0f}"


class _MoneyAxis(pg.AxisItem):
    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [short_amount(v * scale) for v in values]


class _MonthAxis(pg.AxisItem):
    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self.labels: list[str] = []

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        return [(1.0, [float(i) for i in range(len(self.labels))])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self.labels[int(v)] if 0 <= int(v) < len(self.labels) else "" for v in values]


class PaymentChart(QWidget):
    """Grouped bars per month: grey what was due, green what was paid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payment_chart")
        self._month_axis = _MonthAxis()
        self.plot = pg.PlotWidget(
            axisItems={"bottom": self._month_axis, "left": _MoneyAxis(orientation="left")}, background="w"
        )
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.addLegend(offset=(8, 2), labelTextColor="#374151", colCount=2)
        self.plot.setMinimumHeight(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.figures: list[MonthFigures] = []

    def show_figures(self, figures: Sequence[MonthFigures]) -> None:
        self.figures = list(figures)
        self.plot.clear()
        self._month_axis.labels = [domain_text.month_name(f.month, text.language()) for f in self.figures]
        xs = list(range(len(self.figures)))
        due = [float(f.due) for f in self.figures]
        paid = [float(f.paid) for f in self.figures]
        self.plot.addItem(
            pg.BarGraphItem(
                x=[x - BAR_WIDTH / 2 for x in xs],
                height=due,
                width=BAR_WIDTH,
                brush=DUE_COLOUR,
                pen=None,
                name=self.tr("Due"),
            )
        )
        self.plot.addItem(
            pg.BarGraphItem(
                x=[x + BAR_WIDTH / 2 for x in xs],
                height=paid,
                width=BAR_WIDTH,
                brush=PAID_COLOUR,
                pen=None,
                name=self.tr("Paid"),
            )
        )
        top = max([*due, *paid, 1.0])
        self.plot.setXRange(-0.6, max(len(xs) - 0.4, 0.6), padding=0)
        self.plot.setYRange(0, top * 1.3, padding=0)  # room for the legend

    def totals(self) -> tuple[Decimal, Decimal]:
        return (sum((f.due for f in self.figures), Decimal(0)), sum((f.paid for f in self.figures), Decimal(0)))
