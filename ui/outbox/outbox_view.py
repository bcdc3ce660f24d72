"""The supervisor's outbox: every message with filters, failures with their reason, resend, and delivery rates
per channel. Reads run on the background pool; the model is a thin adapter over :class:`OutboxRow`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.outbox import (
    TEMPLATES,
    ChannelRate,
    Deliverer,
    OutboxError,
    OutboxFilter,
    OutboxRow,
    channel_rates,
    count_messages,
    list_messages,
    resend,
)
from agent_desk.portfolio import UserSummary
from db.models import Channel, OutboxStatus
from ui import text
from ui.background import Background
from ui.outbox.words import capital

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 500
STATUS_COLOURS = {
    OutboxStatus.DELIVERED: "#15803d",
    OutboxStatus.SENT: "#1d4ed8",
    OutboxStatus.QUEUED: "#b45309",
    OutboxStatus.SENDING: "#b45309",
    OutboxStatus.FAILED: "#b91c1c",
    OutboxStatus.CANCELLED: "#6b7280",
}
STATE, REASON = 4, 5


class OutboxModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OutboxRow] = []
        self.headers = [
            self.tr("Created"),
            self.tr("Customer"),
            self.tr("To"),
            self.tr("Message"),
            self.tr("State"),
            self.tr("Reason"),
        ]

    def set_rows(self, rows: list[OutboxRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> OutboxRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE:
            return QColor(STATUS_COLOURS.get(row.status, "#111827"))
        if role == Qt.ItemDataRole.ToolTipRole and column == REASON:
            return _reason(row)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return text.local_time(row.created_at, row.zone or "Asia/Jakarta", with_date=True)
        if column == 1:
            return f"{row.customer_name} ({row.customer_number})"
        if column == 2:
            return f"{capital(text.label(f'outbox.channel.{row.channel.value}'))} · {text.render(row.point)}"
        if column == 3:
            return text.label(f"outbox.template.{row.template}")
        if column == STATE:
            return text.label(f"outbox.status.{row.status.value}")
        return _reason(row)


def _reason(row: OutboxRow) -> str:
    words = "; ".join(text.render(reason) for reason in row.reasons)
    if row.reason_detail:
        words = f"{words} — {row.reason_detail}" if words else row.reason_detail
    return words


class OutboxView(QWidget):
    """Supervisors and admins: what went out, what is waiting, what failed and why; resend; rates."""

    def __init__(
        self, context: AppContext, user: UserSummary, background: Background, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._asked = 0  # loads asked for: only the newest one's rows are shown
        self.setObjectName("outbox_view")
        self.context, self.user, self.background = context, user, background
        title = QLabel(self.tr("Outbox"))
        title.setObjectName("pane_title")
        hint = QLabel(
            self.tr(
                "Reminders and confirmations sent by e-mail, SMS and WhatsApp. Each counts as a contact, like a "
                "call. Failed or cancelled messages can be sent again; the rules are checked again when they go."
            )
        )
        hint.setWordWrap(True)
        self.channel = QComboBox()
        self.channel.setObjectName("filter_channel")
        self.channel.addItem(self.tr("All channels"), None)
        for channel in (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP):
            self.channel.addItem(capital(text.label(f"outbox.channel.{channel.value}")), channel.value)
        self.status = QComboBox()
        self.status.setObjectName("filter_status")
        self.status.addItem(self.tr("Every state"), None)
        for status in OutboxStatus:
            self.status.addItem(text.label(f"outbox.status.{status.value}"), status.value)
        self.template = QComboBox()
        self.template.addItem(self.tr("Every message"), None)
        for template in TEMPLATES:
            self.template.addItem(text.label(f"outbox.template.{template}"), template)
        self.period = QComboBox()
        self.period.addItem(self.tr("Today"), 1)
        self.period.addItem(self.tr("Last 7 days"), 7)
        self.period.addItem(self.tr("Last 30 days"), 30)
        self.period.setCurrentIndex(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Customer name or number"))
        self.search.setClearButtonEnabled(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        filters = QHBoxLayout()
        for widget in (self.channel, self.status, self.template, self.period):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.refresh_button)
        self.rates = QLabel()
        self.rates.setObjectName("outbox_rates")
        self.rates.setWordWrap(True)
        self.rates.setFrameShape(QFrame.Shape.StyledPanel)
        self.rates.setMargin(6)
        self.model = OutboxModel(self)
        self.table = QTableView()
        self.table.setObjectName("outbox_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self._size_columns()
        self.count = QLabel()
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("outbox_detail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("Choose a message to see its text and what happened to it"))
        self.resend_button = QPushButton(self.tr("Send again"))
        self.resend_button.setObjectName("resend")
        self.resend_button.setEnabled(False)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        below = QWidget()
        below_layout = QHBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.detail, 1)
        actions = QVBoxLayout()
        actions.addWidget(self.resend_button)
        actions.addWidget(self.notice)
        actions.addStretch(1)
        below_layout.addLayout(actions)
        self.notice.setMaximumWidth(260)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(filters)
        layout.addWidget(self.rates)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)
        for combo in (self.channel, self.status, self.template, self.period):
            combo.currentIndexChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.resend_button.clicked.connect(self.resend_selected)
        self._loading = False
        self.refresh()

    def _size_columns(self) -> None:
        """Widths from the font (and the longest words of either language; the message's from the longest title in
        the desk's language, which "Pembayaran yang dijanjikan belum diterima" is); the reason takes what is left."""
        metrics = self.table.fontMetrics()
        pad = 24
        titles = [self.template.itemText(i) for i in range(1, self.template.count())]
        samples = {
            0: "Sel 24 Nov, 06:00 WITA",
            1: "Ratna Puspita Kogoya (CIF000000261)",
            2: "WhatsApp · ponsel …792",
            3: max(titles, key=metrics.horizontalAdvance, default="Pengingat keterlambatan awal"),
            STATE: "Dalam antrean",
        }
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title)) + pad)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)

    def current_filter(self) -> OutboxFilter:
        days = int(self.period.currentData() or 7)
        since = self.context.clock.now() - dt.timedelta(days=days)
        channel = self.channel.currentData()
        status = self.status.currentData()
        return OutboxFilter(
            channel=Channel(channel) if channel else None,
            status=OutboxStatus(status) if status else None,
            template=self.template.currentData() or None,
            since=since,
            search=self.search.text(),
        )

    @Slot()
    def refresh(self, *_args: object) -> None:
        flt = self.current_filter()
        database = self.context.database
        since = flt.since or self.context.clock.now()

        def load() -> tuple[list[OutboxRow], int, list[ChannelRate]]:
            with database.session() as session:
                return (
                    list_messages(session, flt, limit=PAGE),
                    count_messages(session, flt),
                    channel_rates(session, since),
                )

        self._loading = True
        self._asked += 1
        asked = self._asked

        def loaded(result: tuple[list[OutboxRow], int, list[ChannelRate]]) -> None:
            if asked == self._asked:  # a load asked for earlier that ends later would show the old filter's rows
                self._loaded(result)

        self.background.run(load, loaded, self._failed, owner=self)

    def _loaded(self, loaded: tuple[list[OutboxRow], int, list[ChannelRate]]) -> None:
        rows, total, rates = loaded
        self._loading = False
        self.model.set_rows(rows)
        shown = len(rows)
        self.count.setText(
            self.tr("{shown} of {total} messages").format(shown=shown, total=total)
            if total > shown
            else self.tr("{total} messages").format(total=total)
        )
        self.rates.setText("\n".join(self._rate_text(rate) for rate in rates))
        self._selected()

    def _rate_text(self, rate: ChannelRate) -> str:
        name = capital(text.label(f"outbox.channel.{rate.channel.value}"))
        if rate.total == 0:
            return self.tr("{channel}: none").format(channel=name)
        accepted = f"{rate.accepted_rate:.0%}" if rate.accepted_rate is not None else "—"
        if rate.delivery_rate is None:
            delivered = self.tr("no delivery reports")
        else:
            delivered = self.tr("delivered {rate} ({count})").format(
                rate=f"{rate.delivery_rate:.0%}", count=rate.delivered
            )
        return self.tr(
            "{channel}: {total} · {delivered} · handed over {accepted} · failed {failed} · waiting {queued}"
        ).format(
            channel=name,
            total=rate.total,
            delivered=delivered,
            accepted=accepted,
            failed=rate.failed,
            queued=rate.queued,
        )

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        message = getattr(error, "message", None)
        self.notice.setText(text.render(message) if message is not None else type(error).__name__)

    @Slot()
    def _selected(self, *_args: object) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        self.resend_button.setEnabled(row is not None and row.resendable)
        if row is None:
            self.detail.clear()
            return
        zone = row.zone or "Asia/Jakarta"
        lines = [
            f"{text.label(f'outbox.template.{row.template}')} — {text.label(f'outbox.status.{row.status.value}')}",
            self.tr("To {customer} by {channel}, {address}").format(
                customer=row.customer_name,
                channel=text.label(f"outbox.channel.{row.channel.value}"),
                address=text.render(row.point),
            ),
        ]
        if row.status is OutboxStatus.QUEUED:
            lines.append(self.tr("Goes at {when}").format(when=text.local_time(row.due_at, zone, with_date=True)))
        if row.sent_at is not None:
            lines.append(self.tr("Sent {when}").format(when=text.local_time(row.sent_at, zone, with_date=True)))
        if row.delivered_at is not None:
            lines.append(
                self.tr("Delivered {when}").format(when=text.local_time(row.delivered_at, zone, with_date=True))
            )
        reason = _reason(row)
        if reason:
            lines.append(self.tr("Why: {reason}").format(reason=reason))
        if row.created_by:
            lines.append(self.tr("Sent from the desk by {agent}").format(agent=row.created_by))
        if row.attempts:
            # Plural forms: resources/translations/en/outbox.ts ("1 time", "2 times") and id/outbox.ts ("2 kali").
            lines.append(self.tr("Handed to the provider %n time(s)", "", row.attempts))
        if row.provider_message_id:
            lines.append(self.tr("Provider's id: {id}").format(id=row.provider_message_id))
        if row.body:
            lines.extend(["", row.subject or "", row.body] if row.subject else ["", row.body])
        self.detail.setPlainText("\n".join(lines))

    @Slot()
    def resend_selected(self) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is None or not row.resendable:
            return
        self.resend_button.setEnabled(False)
        context, user_id, message_id = self.context, self.user.id, row.id

        def work() -> int:
            new_id = resend(context.database, context.clock, message_id=message_id, user_id=user_id)
            Deliverer(context.database, context.clock, context.credentials).deliver_due(only_ids=[new_id])
            return new_id

        def done(new_id: int) -> None:
            self.notice.setText(self.tr("Queued again as message {id}.").format(id=new_id))
            self.refresh()

        def failed(error: BaseException) -> None:
            if isinstance(error, OutboxError):
                self.notice.setText(text.render(error.message))
            else:
                self._failed(error)
            self._selected()

        self.background.run(work, done, failed, owner=self)
