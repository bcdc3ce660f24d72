"""Outcome review: the team's outcomes (sortable, filterable by date, agent, disposition, flags, amount), shown
in real time order in the customer's zone, with an amount column and a marker on outcomes recorded without a
call; the selected outcome opens its call detail (with the recording and the QA form) beside the list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.dispositions import seed_catalog
from agent_desk.reporting import Filters, Grouping, Period, Scope
from agent_desk.review import OutcomeLine, OutcomeQuery, list_outcomes
from agent_desk.worklist.settings import settings_for
from db.models import Role, User
from ui import text
from ui.background import Background
from ui.supervisor.call_detail import CallDetailPane
from ui.widgets.date_fields import show_local_dates
from ui.widgets.sort_arrow import use_conventional_sort_arrow
from ui.widgets.table_width import ColumnsToWidth

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


FLEXIBLE = (0, 1, 2, 3)  # when, agent, customer, disposition: they elide where the table is narrow
BY_HAND = "✎"  # a call entered by hand (made from another phone), not dialed through the desk


def _team_of(context: AppContext, user: Any) -> int | None:
    """A supervisor's own team (their views open on it); None for QA reviewers and admins."""
    if getattr(user, "role", None) is not Role.SUPERVISOR:
        return None
    with context.database.session() as session:
        return session.scalar(select(User.team_id).where(User.id == user.id))


class OutcomeTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[OutcomeLine] = []
        self.headers = [
            self.tr("When (customer time)"),
            self.tr("Agent"),
            self.tr("Customer"),
            self.tr("Disposition"),
            self.tr("Amount"),
            self.tr("Call"),
            self.tr("Flags"),
            self.tr("QA"),
        ]

    def set_lines(self, lines: list[OutcomeLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = self.lines[index.row()], index.column()
        if role == SORT_ROLE:
            return (
                line.at.timestamp(),
                line.agent or "",
                line.customer_name,
                line.disposition_code,
                float(line.amount_promised or 0),
                int(line.by_hand),
                line.language_flags,
                float(line.qa_score or -1),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return self._call_tip(line)
        if role == Qt.ItemDataRole.ToolTipRole and column in FLEXIBLE:  # whole where the column elides it
            return self._display(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self._display(line, column) if role == Qt.ItemDataRole.DisplayRole else None

    def _display(self, line: OutcomeLine, column: int) -> str:
        if column == 0:
            return text.local_time(line.at, line.zone or "Asia/Jakarta", with_date=True)
        if column == 1:
            return line.agent or "—"
        if column == 2:
            return line.customer_name
        if column == 3:
            return text.label(f"disposition.{line.disposition_code}")
        if column == 4:
            return text.money(line.amount_promised) if line.amount_promised is not None else ""
        if column == 5:
            return self._call_text(line)
        if column == 6:
            return str(line.language_flags) if line.language_flags else ""
        return f"{line.qa_score * 100:.0f} %" if line.qa_score is not None else ""

    def _call_text(self, line: OutcomeLine) -> str:
        """How the call was made: ✎ by hand (from another phone), ✎ no call (older records), ▶ a recording."""
        if line.manual_reason is not None:
            return BY_HAND + " " + self.tr("by hand")
        if line.without_call:
            return BY_HAND + " " + self.tr("no call")
        return "▶" if line.has_recording else ""

    def _call_tip(self, line: OutcomeLine) -> str:
        if line.manual_reason is not None:
            return self.tr("Made from another phone and entered by hand: %1").replace("%1", line.manual_reason)
        return self.tr("Recorded without a call") if line.without_call else self.tr("Made through the desk")


class OutcomeReviewView(QWidget):
    def __init__(self, context: AppContext, background: Background, user: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcome_review")
        self.context, self.background, self.user = context, background, user
        self.policy = settings_for(context.database, context.clock).policy
        self.zone = self.policy.zones[0]
        today = context.clock.now().astimezone(ZoneInfo(self.zone)).date()
        self.first = QDateEdit(_qdate(today - dt.timedelta(days=6)))
        self.last = QDateEdit(_qdate(today))
        for edit in (self.first, self.last):
            show_local_dates(edit)
        self.agent = QComboBox()
        self.agent.setObjectName("review_agent")
        self.agent.addItem(self.tr("All agents"), None)
        with context.database.session() as session:
            for user_id, name in session.execute(
                select(User.id, User.display_name).where(User.role == Role.AGENT).order_by(User.display_name)
            ):
                self.agent.addItem(name, user_id)
        self.disposition = QComboBox()
        self.disposition.setObjectName("review_disposition")
        self.disposition.addItem(self.tr("All dispositions"), None)
        for spec in seed_catalog():
            self.disposition.addItem(text.label(f"disposition.{spec.code}"), spec.code)
        self.flagged = QCheckBox(self.tr("Flagged wording"))
        self.by_hand = QCheckBox(self.tr("Entered by hand"))
        self.by_hand.setToolTip(self.tr("Calls made from another phone and entered by hand"))
        self.min_amount = QLineEdit()
        self.min_amount.setPlaceholderText(self.tr("Amount from"))
        self.min_amount.setMaximumWidth(110)
        apply = QPushButton(self.tr("Show"))
        self.drill_label = QLabel()
        self.drill_label.setObjectName("drill_label")
        filters = QHBoxLayout()
        widget: QWidget
        for widget in (self.first, QLabel("–"), self.last, self.agent, self.disposition, self.flagged):
            filters.addWidget(widget)
        for widget in (self.by_hand, self.min_amount, apply):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.model = OutcomeTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("review_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        use_conventional_sort_arrow(self.table.horizontalHeader())
        self.columns = ColumnsToWidth(self.table, FLEXIBLE)  # at 1366×768 beside the call detail: no sideways scroll
        self.detail = CallDetailPane(context, background, user, self.policy)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.drill_label)
        left_layout.addWidget(self.table, 1)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        apply.clicked.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self._query: OutcomeQuery | None = None
        self._asked = 0
        self.reload()

    def _own_query(self) -> OutcomeQuery:
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        if last < first:
            first, last = last, first
        agent = self.agent.currentData()
        try:
            amount = (
                Decimal(self.min_amount.text().replace(".", "").replace(",", "")) if self.min_amount.text() else None
            )
        except InvalidOperation:
            amount = None
            self.min_amount.clear()
        scope = Scope(
            Period(first, last, self.zone),
            self.policy,
            Filters(agent_ids=(int(agent),) if agent is not None else None, team_id=_team_of(self.context, self.user)),
            Grouping.TOTAL,
            now=self.context.clock.now(),
        )
        disposition = self.disposition.currentData()
        return OutcomeQuery(
            scope,
            dispositions=(disposition,) if disposition else (),
            flagged_only=self.flagged.isChecked(),
            by_hand_only=self.by_hand.isChecked(),
            min_amount=amount,
        )

    @Slot()
    def reload(self) -> None:
        self.show_query(self._own_query(), label="")

    def show_query(self, query: OutcomeQuery, label: str | None = None) -> None:
        """Show the outcomes of ``query`` (the dashboard's drill-down comes here)."""
        self._query = query
        if label is None:
            period = query.scope.period
            label = self.tr("Outcomes behind the chart: {first} – {last}, {what}").format(
                first=text.date(period.first), last=text.date(period.last), what=query.stage.value
            )
        self.drill_label.setText(label)
        self.drill_label.setVisible(bool(label))
        context = self.context
        self._asked += 1
        asked = self._asked  # only the latest request's answer is shown (a drill-down may overtake a reload)
        viewer = self.user.id
        self.background.run(
            lambda: self._load(context, query, viewer), lambda lines: self._loaded(asked, lines), owner=self
        )

    @staticmethod
    def _load(context: AppContext, query: OutcomeQuery, viewer: int) -> list[OutcomeLine]:
        with context.database.session() as session:
            return list_outcomes(session, query, viewer=viewer)

    def _loaded(self, asked: int, lines: list[OutcomeLine]) -> None:
        if asked != self._asked:
            return
        self.model.set_lines(lines)
        self.columns.fit()
        if lines:
            self.table.selectRow(0)

    @Slot(QModelIndex, QModelIndex)
    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            line = self.model.lines[self.proxy.mapToSource(current).row()]
            self.detail.show_outcome(line.outcome_id)

    def lines(self) -> list[OutcomeLine]:
        return list(self.model.lines)
