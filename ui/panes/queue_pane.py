"""The queue: who to call next. Until the worklist engine lands it lists the portfolio's customers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from agent_desk import text as domain_text
from agent_desk.portfolio import CustomerRow
from ui import text

PAGE_SIZE = 200
CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
PageFetcher = Callable[[int, int, str], list[CustomerRow]]


class CustomerListModel(QAbstractTableModel):
    """Customers fetched a page at a time as the view scrolls (``canFetchMore``/``fetchMore``)."""

    COLUMNS = ("customer", "dpd", "arrears", "zone", "products")

    def __init__(self, fetch_page: PageFetcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._rows: list[CustomerRow] = []
        self._search = ""
        self._exhausted = False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Customer"),
            self.tr("DPD"),
            self.tr("Arrears"),
            self.tr("Zone"),
            self.tr("Products"),
        )[section]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == CUSTOMER_ID_ROLE:
            return row.customer_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("dpd", "arrears"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == "customer":
            return f"{row.full_name} · {row.customer_number}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "customer":
            return row.full_name
        if column == "products":
            return ", ".join(text.label(f"product.{product}") for product in row.products)
        if column == "dpd":
            return str(row.max_days_past_due)
        if column == "arrears":
            return text.money(row.arrears, row.currency)
        return domain_text.zone_abbreviation(row.timezone) if row.timezone else self.tr("unknown")

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch_page(len(self._rows), PAGE_SIZE, self._search)
        if len(page) < PAGE_SIZE:
            self._exhausted = True
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def set_search(self, search: str) -> None:
        self.beginResetModel()
        self._search = search
        self._rows = []
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def customer_at(self, row: int) -> CustomerRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class QueuePane(QWidget):
    """The list of customers to work, with search; selecting one opens the profile."""

    customer_selected = Signal(int)

    def __init__(self, fetch_page: PageFetcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queue_pane")
        self.model = CustomerListModel(fetch_page, self)
        title = QLabel(self.tr("Queue"))
        title.setObjectName("pane_title")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or customer number"))
        self.search.setClearButtonEnabled(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setColumnWidth(0, 170)
        self.view.setColumnWidth(1, 48)
        self.view.setColumnWidth(2, 110)
        self.view.setColumnWidth(3, 56)
        self.view.verticalHeader().setDefaultSectionSize(26)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.search.returnPressed.connect(self._apply_search)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.fetchMore(QModelIndex())

    @Slot()
    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.customer_at(current.row())
        if row is not None:
            self.customer_selected.emit(row.customer_id)

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
