"""The queue: who to call next and why, a page at a time; Next leases the top customer, Skip passes one by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_desk import text as domain_text
from agent_desk.first_frame.lines import PAGE_SIZE, QueueLine  # one page size: the first frame reads it too
from ui import text
from ui.background import Background

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
WHY_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
# fetch(offset, limit, waiting, search) -> lines
PageFetcher = Callable[[int, int, bool, str], list[QueueLine]]
# runner(work, on_result, on_error): run ``work`` off the GUI thread, the result or error back on it (ui.background)
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]
SEARCH_DELAY_MS = 300
READY_COLOUR = QColor("#15803d")
WAITING_COLOUR = QColor("#9ca3af")
READY_BRUSH = QBrush(READY_COLOUR)
WAITING_BRUSH = QBrush(WAITING_COLOUR)
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class QueueModel(QAbstractTableModel):
    """The agent's queue, fetched a page at a time: callable customers first, then (optionally) the waiting ones."""

    COLUMNS = ("customer", "dpd", "arrears", "local")

    loading_changed = Signal(bool)  # a search page is being fetched off the GUI thread
    search_failed = Signal(str)

    def __init__(
        self,
        fetch_page: PageFetcher,
        now: Callable[[], dt.datetime],
        parent: QWidget | None = None,
        *,
        runner: Runner | None = None,
    ):
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._now = now
        self._runner = runner
        self._rows: list[QueueLine] = []
        self._search = ""
        self._show_waiting = False
        self._phase_waiting = False  # which part of the queue the next page comes from
        self._phase_offset = 0
        self._exhausted = False
        self._generation = 0  # bumped by every reload: pages asked for before it are dropped
        self.loading = False
        # (row, column or role) -> text: the header sizes its columns to their contents, asking every cell's text
        # again at each relayout and re-polish (hundreds of times at start); the texts are made once per row and
        # clock tick instead (refresh_times and reload drop them).
        self._texts: dict[tuple[int, int], str] = {}

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Customer — why"), self.tr("DPD"), self.tr("Arrears"), self.tr("Local"))[section]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        line = self._rows[row]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            key = (row, index.column())
            shown = self._texts.get(key)
            if shown is None:
                shown = self._texts[key] = self._display(line, column)
            return shown
        if role == CUSTOMER_ID_ROLE:
            return line.customer_id
        if role == WHY_ROLE:
            key = (row, -1)
            why = self._texts.get(key)
            if why is None:
                why = self._texts[key] = self._why(line)
            return why
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "local":
                return READY_BRUSH if line.ready else WAITING_BRUSH
            return None if line.ready else WAITING_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("dpd", "arrears"):
            return RIGHT_ALIGNED
        return None

    def _display(self, line: QueueLine, column: str) -> str:
        if column == "customer":
            return line.customer_name
        if column == "dpd":
            return str(line.max_days_past_due)
        if column == "arrears":
            return text.money(line.arrears, line.currency)
        if column == "local":
            zone = line.timezone or "Asia/Jakarta"
            clock = domain_text.format_local_time(self._now(), zone, text.language(), with_weekday=False)
            mark = "●" if line.ready else "○"
            return f"{mark} {clock}" if line.timezone else f"{mark} {clock}?"
        return ""

    @staticmethod
    def _why(line: QueueLine) -> str:
        if not line.ready and line.reasons:
            return text.render(line.reasons[0])
        return "; ".join(text.render(message) for message in line.headline)

    def _tooltip(self, line: QueueLine) -> str:
        products = ", ".join(text.label(f"product.{product}") for product in line.products)
        stage = f" · {text.label(f'bucket.{line.stage}')}" if line.stage else ""
        parts = [f"<b>{line.customer_name}</b> · {line.customer_number}", products + stage]
        if line.due_kind and line.due_at and line.timezone:
            due = text.local_time(line.due_at, line.timezone, with_date=True)
            parts.append(f"{text.label(f'action.{line.due_kind}')} {due}")
        if not line.ready:
            if line.held_by_other:
                parts.append(self.tr("Another agent has this customer open."))
            if line.ready_at is not None and line.timezone:
                parts.append(
                    self.tr("Callable from {time}").format(
                        time=text.local_time(line.ready_at, line.timezone, with_date=True)
                    )
                )
            parts.extend(text.render(message) for message in line.reasons)
        parts.extend(text.render(message) for message in line.why)
        if line.parts:
            parts.append(
                self.tr("Score {score}: {parts}").format(
                    score=f"{line.score:.1f}",
                    parts=", ".join(f"{name} {value:+.1f}" for name, value in line.parts.items()),
                )
            )
        return "<br>".join(parts)

    def serve(self, fetch_page: PageFetcher, now: Callable[[], dt.datetime], runner: Runner | None) -> None:
        """Pages and the clock from another source from now on (QueuePane.serve); the rows read so far stay."""
        self._fetch_page, self._now, self._runner = fetch_page, now, runner

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._exhausted or self.loading:
            return
        if self._search and self._runner is not None:
            # A search reads names across the whole book (seconds at a million accounts): off the GUI thread.
            offset, waiting, search, generation = (
                self._phase_offset,
                self._phase_waiting,
                self._search,
                self._generation,
            )
            self._set_loading(True)
            self._runner(
                lambda: self._fetch_page(offset, PAGE_SIZE, waiting, search),
                lambda page: self._page_arrived(generation, page),
                lambda error: self._page_failed(generation, error),
            )
            return
        self._add_page(self._fetch_page(self._phase_offset, PAGE_SIZE, self._phase_waiting, self._search))

    def _page_arrived(self, generation: int, page: list[QueueLine]) -> None:
        if generation != self._generation:
            return  # the agent typed on: a newer search is on its way
        self._set_loading(False)
        self._add_page(page)

    def _page_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._exhausted = True
            self._set_loading(False)
            self.search_failed.emit(type(error).__name__)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def _add_page(self, page: list[QueueLine]) -> None:
        self._phase_offset += len(page)
        if len(page) < PAGE_SIZE:
            if self._show_waiting and not self._phase_waiting:
                self._phase_waiting, self._phase_offset = True, 0
            else:
                self._exhausted = True
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        elif not self._exhausted:
            self.fetchMore(QModelIndex())  # the callable part ended exactly on a page: go on with the waiting part

    def reload(self, *, search: str | None = None, show_waiting: bool | None = None) -> None:
        self.beginResetModel()
        if search is not None:
            self._search = search
        if show_waiting is not None:
            self._show_waiting = show_waiting
        self._rows = []
        self._texts.clear()
        self._phase_waiting, self._phase_offset, self._exhausted = False, 0, False
        self._generation += 1
        self._set_loading(False)
        self.endResetModel()
        self.fetchMore(QModelIndex())

    @property
    def search(self) -> str:
        return self._search

    def line_at(self, row: int) -> QueueLine | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, customer_id: int) -> int | None:
        return next((i for i, line in enumerate(self._rows) if line.customer_id == customer_id), None)

    def refresh_times(self) -> None:
        """The local-time column moves with the clock."""
        self._texts.clear()
        if self._rows:
            column = self.COLUMNS.index("local")
            self.dataChanged.emit(
                self.index(0, column), self.index(len(self._rows) - 1, column), [Qt.ItemDataRole.DisplayRole]
            )


class CustomerWhyDelegate(QStyledItemDelegate):
    """The customer column in two lines: the name, and under it, smaller and grey, why they are where they are.

    The reason shortens with "…" (whole in the tooltip); with ``wrap`` it runs on over as many lines as it needs
    and the row grows to hold it (a queue of a few customers, as in practice, has the room)."""

    def __init__(self, parent: QTableView | None = None, *, wrap: bool = False) -> None:
        super().__init__(parent)
        self.wrap = wrap

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name_font = QFont(option.font)
        name_font.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.88)
        return name_font, small

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        why = index.data(WHY_ROLE) or ""
        name_option = QStyleOptionViewItem(option)
        self.initStyleOption(name_option, index)
        name_option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, name_option, painter, option.widget)
        rect = option.rect.adjusted(4, 2, -4, -2)
        name_font, small = self._fonts(option)
        half = QFontMetrics(name_font).height() + 2 if self.wrap else rect.height() // 2
        painter.save()
        painter.setFont(name_font)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(foreground.color() if isinstance(foreground, QBrush) else option.palette.text().color())
        name = QFontMetrics(name_font).elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight, rect.width())
        name_rect = rect.adjusted(0, 0, 0, -(rect.height() - half) if self.wrap else -half)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(small)
        painter.setPen(QColor("#4b5563"))
        if self.wrap:
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(rect.adjusted(0, half, 0, 0), int(flags), why)
        else:
            why = QFontMetrics(small).elidedText(why, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(
                rect.adjusted(0, half, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, why
            )
        painter.restore()

    def why_height(self, option: QStyleOptionViewItem, index: Index, width: int) -> int:
        """The height the wrapped reason takes in a column ``width`` wide."""
        _name_font, small = self._fonts(option)
        box = QRect(0, 0, max(width - 8, 20), 10_000)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        return QFontMetrics(small).boundingRect(box, int(flags), index.data(WHY_ROLE) or "").height()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        if not self.wrap or not isinstance(view, QTableView):
            return hint
        name_font, _small = self._fonts(option)
        height = QFontMetrics(name_font).height() + 2 + self.why_height(option, index, view.columnWidth(0)) + 6
        return QSize(hint.width(), max(40, height))


class QueuePane(QWidget):
    """The queue with search, the waiting customers on demand, and the Next / Skip buttons.

    The search filters as the agent types (after a short pause); with a ``background`` its pages are read off the
    GUI thread, so typing never waits on a search across a large book.
    """

    next_requested = Signal()
    skip_requested = Signal()
    customer_selected = Signal(int)  # the agent looked at a row (not a lease)
    customer_activated = Signal(int)  # the agent double-clicked a row: the desk says how customers open

    def __init__(
        self,
        fetch_page: PageFetcher,
        now: Callable[[], dt.datetime],
        parent: QWidget | None = None,
        *,
        background: Background | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("queue_pane")
        self.model = QueueModel(fetch_page, now, self, runner=self._runner(background))
        title = QLabel(self.tr("Queue"))
        title.setObjectName("pane_title")
        self.count_label = QLabel()
        self.count_label.setObjectName("queue_count")
        self.search = QLineEdit()
        self.search.setObjectName("queue_search")
        self.search.setPlaceholderText(self.tr("Search a name or customer number"))
        self.search.setToolTip(self.tr("Filters as you type (Ctrl+F). Esc clears it."))
        self.search.setClearButtonEnabled(True)
        self.search_status = QLabel()
        self.search_status.setObjectName("queue_search_status")
        self.show_waiting = QCheckBox(self.tr("Show waiting and blocked"))
        self.view = QTableView()
        self.view.setObjectName("queue_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(40)
        self.why_delegate = CustomerWhyDelegate(self.view)
        self.view.setItemDelegateForColumn(0, self.why_delegate)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.next_button = QPushButton(self.tr("Next customer"))
        self.next_button.setObjectName("primary")
        self.next_button.setToolTip(self.tr("Opens the best customer to call now (Ctrl+Enter, or Enter in the queue)"))
        self.skip_button = QPushButton(self.tr("Skip…"))
        self.skip_button.setToolTip(self.tr("Pass this customer by, with a reason (Ctrl+K)"))
        self.skip_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.show_waiting)
        filters.addStretch(1)
        filters.addWidget(self.search_status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button, 2)
        buttons.addWidget(self.skip_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.returnPressed.connect(self._apply_filters)
        self.search.textChanged.connect(self._search_typed)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)
        self.show_waiting.toggled.connect(self._apply_filters)
        self.next_button.clicked.connect(self.next_requested)
        self.skip_button.clicked.connect(self.skip_requested)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.doubleClicked.connect(self._row_activated)
        self.model.loading_changed.connect(self._show_search_state)
        self.model.search_failed.connect(self._search_failed)
        self.model.rowsInserted.connect(lambda *_: self._show_search_state(self.model.loading))
        self.model.modelReset.connect(lambda: self._show_search_state(self.model.loading))
        self.model.fetchMore(QModelIndex())

    def serve(self, fetch_page: PageFetcher, now: Callable[[], dt.datetime], *, background: Background) -> None:
        """From now on the pages, searches and the clock come from ``fetch_page`` and ``now`` (the desk taking
        over the first frame's pane, ui.first_frame): the rows shown stay as they are."""
        self.model.serve(fetch_page, now, self._runner(background))
        for control in (self.search, self.show_waiting, self.next_button):
            control.setEnabled(True)
        self.search.setToolTip(self.tr("Filters as you type (Ctrl+F). Esc clears it."))
        self.show_waiting.setToolTip("")
        self.next_button.setToolTip(self.tr("Opens the best customer to call now (Ctrl+Enter, or Enter in the queue)"))
        self.skip_button.setToolTip(self.tr("Pass this customer by, with a reason (Ctrl+K)"))

    def _runner(self, background: Background | None) -> Runner | None:
        if background is None:
            return None
        return lambda work, done, failed: background.run(work, done, failed, owner=self)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot()
    def _apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.reload(search=self.search.text().strip(), show_waiting=self.show_waiting.isChecked())

    @Slot(str)
    def _search_typed(self, value: str) -> None:
        if not value.strip():
            self._apply_filters()  # cleared: the whole queue again at once
        else:
            self._search_timer.start()

    @Slot(bool)
    def _show_search_state(self, loading: bool) -> None:
        searched = self.model.search
        if not searched:
            self.search_status.clear()
        elif loading:
            self.search_status.setText(self.tr("Searching…"))
        elif self.model.rowCount() == 0:
            self.search_status.setText(self.tr("Nobody matches"))
        else:
            self.search_status.setText(self.tr("{count} found").format(count=self.model.rowCount()))

    @Slot(str)
    def _search_failed(self, error: str) -> None:
        self.search_status.setText(self.tr("The search failed ({error})").format(error=error))

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        line = self.model.line_at(current.row())
        if line is not None:
            self.customer_selected.emit(line.customer_id)

    @Slot(QModelIndex)
    def _row_activated(self, index: QModelIndex) -> None:
        line = self.model.line_at(index.row())
        if line is not None:
            self.customer_activated.emit(line.customer_id)

    def set_ready_count(self, count: int) -> None:
        self.count_label.setText(self.tr("{count} callable now").format(count=count))

    def show_current(self, customer_id: int | None) -> None:
        """Highlight the customer the agent has open (if the row is loaded)."""
        row = self.model.row_of(customer_id) if customer_id is not None else None
        blocker = self.view.selectionModel().blockSignals(True)
        try:
            if row is None:
                self.view.clearSelection()
            else:
                self.view.selectRow(row)
        finally:
            self.view.selectionModel().blockSignals(blocker)

    def refresh(self) -> None:
        self.model.reload()

    def wrap_reasons(self) -> None:
        """Show each customer's whole reason, over as many lines as it takes (for a queue of a few customers)."""
        self.why_delegate.wrap = True
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().sectionResized.connect(self._column_resized)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            signal.connect(self._fit_rows)  # a reload or a new page: the rows take their heights again
        self.view.resizeRowsToContents()

    @Slot()
    def _fit_rows(self, *_args: object) -> None:
        if self.why_delegate.wrap:
            self.view.resizeRowsToContents()

    @Slot(int, int, int)
    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 0:  # the reasons wrap anew: the rows take their new heights
            self.view.resizeRowsToContents()
