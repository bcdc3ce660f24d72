"""A table header whose sort arrow reads the same on every platform: ▲ for ascending, ▼ for descending.

Qt hands the style ``SortDown`` for ascending order and ``SortUp`` for descending, and each style draws those its
own way (Fusion on Linux draws descending as an up arrow, on Windows as a down arrow). A list shown newest first
then carried an arrow pointing up; this style draws the arrow from the order itself."""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

_ASCENDING = QStyleOptionHeader.SortIndicator.SortDown  # Qt's name for the ascending indicator
_DESCENDING = QStyleOptionHeader.SortIndicator.SortUp


class SortArrowStyle(QProxyStyle):
    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            if option.sortIndicator == _ASCENDING:
                element = QStyle.PrimitiveElement.PE_IndicatorArrowUp
            elif option.sortIndicator == _DESCENDING:
                element = QStyle.PrimitiveElement.PE_IndicatorArrowDown
        super().drawPrimitive(element, option, painter, widget)


def use_conventional_sort_arrow(header: QHeaderView) -> None:
    """Give ``header`` the ▲ ascending / ▼ descending arrow (the style lives as long as the header)."""
    style = SortArrowStyle()
    style.setParent(header)
    header.setStyle(style)
