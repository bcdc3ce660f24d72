"""Amount due vs amount paid per month, as grouped bars (pyqtgraph, loaded when the chart is first drawn)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

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


class PaymentChart(QWidget):
    """Grouped bars per month: grey what was due, green what was paid."""

    MINIMUM_HEIGHT = 130

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payment_chart")
        self.setMinimumHeight(self.MINIMUM_HEIGHT)  # the room is kept while the plot is not made yet
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._plot: Any = None
        self._month_axis: Any = None
        self.figures: list[MonthFigures] = []

    @property
    def plot(self) -> Any:
        """The pyqtgraph plot (made, and pyqtgraph imported, on first use)."""
        self.ensure_plot()
        return self._plot

    def ensure_plot(self) -> None:
        """Make the plot now (the window calls this after its first paint, so the first customer opens fast)."""
        if self._plot is not None:
            return
        from ui.widgets.chart_items import make_plot

        self._plot, self._month_axis = make_plot()
        self._plot.setMinimumHeight(self.MINIMUM_HEIGHT)
        self._layout.addWidget(self._plot)
        self._build()

    def _build(self) -> None:
        """Subclasses add their items to the new plot here."""

    def show_figures(self, figures: Sequence[MonthFigures]) -> None:
        from ui.widgets.chart_items import bar_item

        self.figures = list(figures)
        self.plot.clear()
        self._month_axis.labels = [domain_text.month_name(f.month, text.language()) for f in self.figures]
        xs = list(range(len(self.figures)))
        due = [float(f.due) for f in self.figures]
        paid = [float(f.paid) for f in self.figures]
        self.plot.addItem(
            bar_item(
                x=[x - BAR_WIDTH / 2 for x in xs],
                height=due,
                width=BAR_WIDTH,
                brush=DUE_COLOUR,
                pen=None,
                name=self.tr("Due"),
            )
        )
        self.plot.addItem(
            bar_item(
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
