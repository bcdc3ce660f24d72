"""Building blocks of the profile's tabs: the payment chart updated in place, table views, copy support."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from agent_desk import text as domain_text
from agent_desk.charts import MonthFigures
from ui import text
from ui.panes.profile_models import COPY_ROLE
from ui.widgets.payment_chart import BAR_WIDTH, DUE_COLOUR, PAID_COLOUR, PaymentChart

SECOND_LINE = "#6b7280"


class ProfileChart(PaymentChart):
    """The due-vs-paid chart with its two bar items made once and updated in place for each customer."""

    MINIMUM_HEIGHT = 110

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._due: Any = None
        self._paid: Any = None
        self._y_range = (0.0, 0.0)

    def _build(self) -> None:
        from ui.widgets.chart_items import bar_item

        self._due = bar_item(x=[0.0], height=[0.0], width=BAR_WIDTH, brush=DUE_COLOUR, pen=None, name=self.tr("Due"))
        self._paid = bar_item(x=[0.0], height=[0.0], width=BAR_WIDTH, brush=PAID_COLOUR, pen=None, name=self.tr("Paid"))
        self._plot.addItem(self._due)
        self._plot.addItem(self._paid)
        self._plot.showGrid(y=False)  # a see-through grid over the plot cost more than the rest of the chart
        legend = self._plot.getPlotItem().legend
        if legend is not None:  # the caption above says which colour is which: the bars get the whole height
            legend.setVisible(False)

    def show_figures(self, figures: Sequence[MonthFigures]) -> None:
        if not figures and self._plot is None:  # nothing to draw yet: no need to load pyqtgraph for it
            self.figures = []
            return
        self.ensure_plot()
        self.figures = list(figures)
        labels = [domain_text.month_name(f.month, text.language()) for f in self.figures]
        if labels != self._month_axis.labels:
            self._month_axis.labels = labels
            self._month_axis.picture = None
            self._month_axis.update()
            self.plot.setXRange(-0.6, max(len(labels) - 0.4, 0.6), padding=0)
        xs = range(len(self.figures))
        due = [float(f.due) for f in self.figures]
        paid = [float(f.paid) for f in self.figures]
        self._due.setOpts(x=[x - BAR_WIDTH / 2 for x in xs], height=due)
        self._paid.setOpts(x=[x + BAR_WIDTH / 2 for x in xs], height=paid)
        top = max([*due, *paid, 1.0])
        bottom = min([*paid, 0.0])  # a month whose reversals outweigh its payments goes below zero
        if (bottom, top) != self._y_range:
            self._y_range = (bottom, top)
            self.plot.setYRange(bottom * 1.1, top * 1.1, padding=0)

    def bar_heights(self) -> tuple[list[float], list[float]]:
        """What the bars show (due, paid), as drawn."""
        self.ensure_plot()
        return list(self._due.opts["height"]), list(self._paid.opts["height"])


def table_view(model: QObject, *, two_lines: bool = False, stretch: int = -1) -> QTableView:
    """A read-only, row-selecting table with fixed row heights (no measuring of every row)."""
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    lines = 2 if two_lines else 1
    vertical.setDefaultSectionSize(lines * table.fontMetrics().height() + 8)
    if two_lines:
        table.setItemDelegate(TwoLineDelegate(table))
    horizontal = table.horizontalHeader()
    horizontal.setHighlightSections(False)
    horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    horizontal.setStretchLastSection(stretch < 0)
    if stretch >= 0:
        horizontal.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # Columns follow what they hold (in either language), measured once per customer, not on every paint.
    model.modelReset.connect(lambda: fit_columns(table))  # type: ignore[attr-defined]
    return table


def set_widths(table: QTableView, samples: Sequence[str]) -> None:
    """Smallest column widths from sample texts; the stretching column ignores its sample. Titles and contents
    widen a column further (:func:`fit_columns`)."""
    metrics = table.fontMetrics()
    smallest: dict[int, int] = {}
    for column, sample in enumerate(samples):
        if sample:
            smallest[column] = max(metrics.horizontalAdvance(line) for line in sample.split("\n")) + 14
    table.setProperty("smallest_widths", smallest)
    fit_columns(table)


def fit_columns(table: QTableView) -> None:
    """Every column except the stretching one as wide as its title, its rows and its sample, whichever is widest."""
    header = table.horizontalHeader()
    model = table.model()
    if model is None:
        return
    smallest = table.property("smallest_widths") or {}
    fixed: list[int] = []
    stretching: list[int] = []
    for column in range(model.columnCount()):
        if header.sectionResizeMode(column) is QHeaderView.ResizeMode.Stretch:
            stretching.append(header.sectionSizeFromContents(column).width())
            continue
        wanted = max(
            int(smallest.get(column, 0)),
            header.sectionSizeFromContents(column).width(),
            table.sizeHintForColumn(column) if model.rowCount() else 0,
        )
        fixed.append(wanted)
        if header.sectionSize(column) != wanted:
            table.setColumnWidth(column, wanted)
    # The stretching column never narrower than its title: when the others take the width, the table scrolls.
    if stretching and all(width >= max(stretching) for width in fixed):
        header.setMinimumSectionSize(max(header.minimumSectionSize(), *stretching))


class Copier(QObject):
    """Copies the current row's value (COPY_ROLE) of a table: double-click, Enter, Ctrl+C or the context menu."""

    copied = Signal(str)

    def __init__(self, table: QTableView, column: int, parent: QObject | None = None) -> None:
        super().__init__(parent or table)
        self._table = table
        self._column = column
        action = QAction(self.tr("Copy"), table)
        action.setShortcut(QKeySequence.StandardKey.Copy)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.copy_current)
        table.addAction(action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.activated.connect(self._activated)
        self.action = action

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.copy_row(index.row())

    @Slot()
    def copy_current(self) -> None:
        index = self._table.currentIndex()
        if index.isValid():
            self.copy_row(index.row())

    def copy_row(self, row: int) -> str | None:
        value = self._table.model().index(row, self._column).data(COPY_ROLE)
        if not value:
            return None
        QGuiApplication.clipboard().setText(str(value))
        self.copied.emit(str(value))
        return str(value)


def hint_label(value: str) -> QLabel:
    label = QLabel(value)
    label.setObjectName("profile_hint")
    label.setWordWrap(True)
    return label


class TwoLineDelegate(QStyledItemDelegate):
    """Cells written "first\\nsecond": the first line as the model styles it, the second smaller and grey."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Wide enough for the wider of the two lines, each in the font it is painted in (columns fit to it)."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        first, _, second = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        plain = QFont(item.font)
        plain.setBold(False)
        width = max(QFontMetrics(item.font).horizontalAdvance(first), QFontMetrics(plain).horizontalAdvance(second))
        return QSize(width + 14, super().sizeHint(option, index).height())

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        first, _, second = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect = item.rect.adjusted(5, 2, -5, -2)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        align = item.displayAlignment & Qt.AlignmentFlag.AlignHorizontal_Mask
        painter.save()
        painter.setFont(item.font)
        metrics = QFontMetrics(item.font)
        line = metrics.height()
        if not second:
            painter.setPen(
                item.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
            )
            shown = metrics.elidedText(first, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, shown)
            painter.restore()
            return
        top = rect.top() + max(0, (rect.height() - 2 * line) // 2)
        painter.setPen(item.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        shown = metrics.elidedText(first, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), top, rect.width(), line), align | Qt.AlignmentFlag.AlignVCenter, shown)
        plain = QFont(item.font)
        plain.setBold(False)
        painter.setFont(plain)
        painter.setPen(item.palette.color(QPalette.ColorRole.HighlightedText) if selected else QColor(SECOND_LINE))
        shown = QFontMetrics(plain).elidedText(second, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRect(rect.left(), top + line, rect.width(), line), align | Qt.AlignmentFlag.AlignVCenter, shown
        )
        painter.restore()
