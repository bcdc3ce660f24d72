"""The contact timeline: calls, promises, plans and open actions, newest first, two lines per entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk import profile_view as view
from agent_desk.outbox.recipients import mask_address
from agent_desk.worklist.profile import (
    ActionView,
    ContactPointView,
    CustomerProfile,
    InteractionView,
    PlanView,
    PromiseView,
)
from db.models import ActionKind, Channel, Direction, OutboxStatus, PlanKind, PlanStatus, PromiseStatus
from ui import text
from ui.panes.profile_header import ago, kind_label, label, relative, tr
from ui.panes.profile_pages import hint_label

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
LINES_ROLE = Qt.ItemDataRole.UserRole + 2

STRIPES = {
    view.TimelineKind.CALL: QColor("#64748b"),
    view.TimelineKind.PROMISE: QColor("#7c3aed"),
    view.TimelineKind.PLAN: QColor("#0f766e"),
    view.TimelineKind.ACTION: QColor("#d97706"),
}
GREEN, AMBER, RED, BLUE, GREY = "#15803d", "#b45309", "#b91c1c", "#1d4ed8", "#6b7280"
PROMISE_COLOURS = {
    PromiseStatus.PENDING: BLUE,
    PromiseStatus.KEPT: GREEN,
    PromiseStatus.PARTIALLY_KEPT: AMBER,
    PromiseStatus.BROKEN: RED,
    PromiseStatus.CANCELLED: GREY,
}

MESSAGE_COLOURS = {
    OutboxStatus.DELIVERED: GREEN,
    OutboxStatus.SENT: BLUE,
    OutboxStatus.QUEUED: AMBER,
    OutboxStatus.SENDING: AMBER,
    OutboxStatus.FAILED: RED,
    OutboxStatus.CANCELLED: GREY,
}


@dataclasses.dataclass(frozen=True)
class Lines:
    """One entry as painted: the headline, a coloured chip at its right, and a detail line (notes)."""

    head: str
    chip: str
    chip_colour: str
    detail: str

    def plain(self) -> str:
        return f"{self.head} — {self.chip}\n{self.detail}" if self.detail else f"{self.head} — {self.chip}"


def promise_status_label(status: PromiseStatus) -> str:
    return {
        PromiseStatus.PENDING: tr("Pending"),
        PromiseStatus.KEPT: tr("Kept"),
        PromiseStatus.PARTIALLY_KEPT: tr("Partially kept"),
        PromiseStatus.BROKEN: tr("Broken"),
        PromiseStatus.CANCELLED: tr("Cancelled"),
    }.get(status, status.value)


def plan_kind_label(kind: PlanKind) -> str:
    return {
        PlanKind.INSTALLMENTS: tr("Installment plan"),
        PlanKind.SETTLEMENT: tr("Settlement"),
        PlanKind.EARLY_PAYMENT: tr("Early-payment discount"),
    }.get(kind, kind.value)


def plan_status_label(status: PlanStatus) -> tuple[str, str]:
    return {
        PlanStatus.PENDING_APPROVAL: (tr("Awaiting approval"), AMBER),
        PlanStatus.APPROVED: (tr("Approved"), BLUE),
        PlanStatus.REJECTED: (tr("Rejected"), GREY),
        PlanStatus.ACTIVE: (tr("Active"), BLUE),
        PlanStatus.COMPLETED: (tr("Completed"), GREEN),
        PlanStatus.BROKEN: (tr("Broken"), RED),
        PlanStatus.CANCELLED: (tr("Cancelled"), GREY),
    }.get(status, (status.value, GREY))


def duration(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class TimelineModel(QAbstractListModel):
    """Timeline entries of one customer; each is formatted once, when first painted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[view.TimelineEntry] = []
        self._lines: dict[int, Lines] = {}
        self.zone = "Asia/Jakarta"
        self.now = dt.datetime.now(dt.UTC)
        self.agent_names: Mapping[int, str] = {}
        self.points: Mapping[int, ContactPointView] = {}
        self.accounts: Mapping[int, str] = {}
        self.currency = "IDR"

    def set_entries(
        self,
        entries: Sequence[view.TimelineEntry],
        *,
        zone: str,
        now: dt.datetime,
        agent_names: Mapping[int, str],
        points: Mapping[int, ContactPointView],
        accounts: Mapping[int, str],
    ) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._lines = {}
        self.zone, self.now, self.agent_names, self.points, self.accounts = zone, now, agent_names, points, accounts
        self.endResetModel()

    def set_now(self, now: dt.datetime) -> None:
        """Relative words ("due in 2 h") move with the clock: reformat open actions."""
        self.now = now
        rows = [row for row, entry in enumerate(self._entries) if entry.kind is view.TimelineKind.ACTION]
        for row in rows:
            self._lines.pop(row, None)
            index = self.index(row)
            self.dataChanged.emit(index, index, [LINES_ROLE, Qt.ItemDataRole.DisplayRole])

    def entries(self) -> list[view.TimelineEntry]:
        return list(self._entries)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        if role == ENTRY_ROLE:
            return self._entries[index.row()]
        if role in (LINES_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            lines = self.lines(index.row())
            return lines if role == LINES_ROLE else lines.plain()
        return None

    def lines(self, row: int) -> Lines:
        found = self._lines.get(row)
        if found is None:
            found = self._format(self._entries[row])
            self._lines[row] = found
        return found

    def _when(self, moment: dt.datetime) -> str:
        return text.local_time(moment, self.zone, with_date=True)

    def _format(self, entry: view.TimelineEntry) -> Lines:
        item = entry.item
        if isinstance(item, InteractionView):
            return self._call(item)
        if isinstance(item, PromiseView):
            return self._promise(item)
        if isinstance(item, PlanView):
            return self._plan(item, entry.at)
        return self._action(item)

    def _call(self, call: InteractionView) -> Lines:
        if call.channel is not Channel.CALL:
            return self._message(call)
        if call.manual_reason is not None:
            kind = tr("Manual call")
        else:
            kind = tr("Call out") if call.direction is Direction.OUTBOUND else tr("Call in")
        parts = [self._when(call.started_at), kind]
        point = self.points.get(call.contact_point_id) if call.contact_point_id is not None else None
        if point is not None:
            parts.append(f"{kind_label(point.kind.value)} …{view.last_digits(point)}")
        if call.talk_seconds:
            parts.append(duration(call.talk_seconds))
        if call.user_id is not None:
            parts.append(self.agent_names.get(call.user_id) or tr("agent #{id}").format(id=call.user_id))
        if call.disposition_code:
            chip = label("disposition", call.disposition_code)
        elif call.sip_code is not None:
            chip = tr("No outcome (SIP {code})").format(code=call.sip_code)
        else:
            chip = tr("No outcome")
        colour = GREEN if call.right_party else (AMBER if call.answered_at is not None else GREY)
        detail = call.notes or ""
        if call.manual_reason is not None:  # entered by hand: supervisors see it, with why
            manual = tr("entered by hand: {reason}").format(reason=call.manual_reason)
            detail = f"{manual} · {detail}" if detail else manual
        if call.recording_path:
            detail = (tr("Recorded") + " · " + detail) if detail else tr("Recorded")
        return Lines(" · ".join(parts), chip, colour, detail)

    def _message(self, call: InteractionView) -> Lines:
        """A message of the outbox: channel and address, who sent it; its state as the chip (catalog labels)."""
        parts = [self._when(call.started_at), text.label(f"outbox.channel.{call.channel.value}")]
        point = self.points.get(call.contact_point_id) if call.contact_point_id is not None else None
        if point is not None:
            address = point.raw_value if point.kind.value == "email" else point.e164
            parts.append(mask_address(kind_label(point.kind.value), address))
        if call.user_id is not None:
            parts.append(self.agent_names.get(call.user_id) or tr("agent #{id}").format(id=call.user_id))
        status = call.message_status
        chip = text.label(f"outbox.status.{status.value}") if status is not None else text.label("outbox.status.sent")
        colour = MESSAGE_COLOURS.get(status, GREY) if status is not None else GREY
        detail = text.label(f"outbox.template.{call.message_template}") if call.message_template else ""
        return Lines(" · ".join(parts), chip, colour, detail)

    def _promise(self, promise: PromiseView) -> Lines:
        head = tr("{when} · Promise {amount} for {day}").format(
            when=self._when(promise.created_at),
            amount=text.money(promise.amount, promise.currency),
            day=text.date(promise.due_date),
        )
        details = []
        if promise.account_id is not None and promise.account_id in self.accounts:
            details.append(self.accounts[promise.account_id])
        if promise.amount_paid > 0 or promise.status is not PromiseStatus.PENDING:
            details.append(tr("paid {amount}").format(amount=text.money(promise.amount_paid, promise.currency)))
        if promise.check_at is not None and promise.status is PromiseStatus.PENDING:
            details.append(tr("checked {when}").format(when=self._when(promise.check_at)))
        return Lines(head, promise_status_label(promise.status), PROMISE_COLOURS[promise.status], " · ".join(details))

    def _plan(self, plan: PlanView, at: dt.datetime) -> Lines:
        money = text.money(plan.total, plan.currency)
        parts = plan.installments
        if parts and len(parts) > 1:
            what = tr("{kind}: {count} payments, {total}").format(
                kind=plan_kind_label(plan.kind), count=len(parts), total=money
            )
        else:
            what = tr("{kind}: {total}").format(kind=plan_kind_label(plan.kind), total=money)
        details = []
        if parts:
            details.append(
                tr("{first} to {last}").format(first=text.date(parts[0][1]), last=text.date(parts[-1][1]))
                if len(parts) > 1
                else tr("due {day}").format(day=text.date(parts[0][1]))
            )
        if plan.discount_amount > 0:
            details.append(tr("discount {amount}").format(amount=text.money(plan.discount_amount, plan.currency)))
        if plan.account_id is not None and plan.account_id in self.accounts:
            details.append(self.accounts[plan.account_id])
        if plan.decided_by_user_id is not None:
            who = self.agent_names.get(plan.decided_by_user_id) or tr("supervisor #{id}").format(
                id=plan.decided_by_user_id
            )
            decided = (
                tr("decided by {who}: {reason}").format(who=who, reason=plan.decision_reason)
                if plan.decision_reason
                else tr("decided by {who}").format(who=who)
            )
            details.append(decided)
        label, colour = plan_status_label(plan.status)
        return Lines(f"{self._when(at)} · {what}", label, colour, " · ".join(details))

    def _action(self, action: ActionView) -> Lines:
        what = label("action", action.kind.value)
        head = tr("{when} · {action} due").format(when=self._when(action.due_at), action=what)
        if action.kind is ActionKind.HOLD:
            head = tr("{when} · On hold").format(when=self._when(action.created_at))
        if action.due_at > self.now:
            chip, colour = tr("Open, {relative}").format(relative=relative(action.due_at - self.now)), BLUE
        else:
            chip, colour = tr("Open, due {ago}").format(ago=ago(self.now - action.due_at)), AMBER
        point = self.points.get(action.contact_point_id) if action.contact_point_id is not None else None
        detail = ""
        if point is not None:
            detail = tr("on {number}").format(
                number=f"{kind_label(point.kind.value)} {view.mask_phone(point.raw_value, point.e164)}"
            )
        elif action.kind is ActionKind.PROMISE_CHECK:
            detail = tr("Check that the promised payment came in")
        return Lines(head, chip, colour, detail)


class TimelineDelegate(QStyledItemDelegate):
    """Paints an entry: a coloured stripe by kind, the headline, a status chip at the right, the detail line."""

    PADDING = 5

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, 2 * height + 2 * self.PADDING + 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        lines = index.data(LINES_ROLE)
        entry = index.data(ENTRY_ROLE)
        if not isinstance(lines, Lines) or entry is None:
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        metrics = option.fontMetrics
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif index.row() % 2:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        painter.fillRect(QRect(rect.left(), rect.top() + 2, 4, rect.height() - 4), STRIPES[entry.kind])
        pad = self.PADDING
        left = rect.left() + 4 + 2 * pad
        line_height = metrics.height()
        top = rect.top() + pad

        chip_width = metrics.horizontalAdvance(lines.chip) + 2 * pad
        chip = QRect(rect.right() - pad - chip_width, top, chip_width, line_height + 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(lines.chip_colour))
        painter.drawRoundedRect(chip, 6, 6)
        painter.setPen(QColor("white"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, lines.chip)

        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        head_width = max(chip.left() - pad - left, 20)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_colour)
        head = painter.fontMetrics().elidedText(lines.head, Qt.TextElideMode.ElideRight, head_width)
        painter.drawText(QRect(left, top, head_width, line_height + 2), Qt.AlignmentFlag.AlignVCenter, head)
        font.setBold(False)
        painter.setFont(font)
        if lines.detail:
            detail_width = rect.right() - pad - left
            detail = metrics.elidedText(lines.detail.replace("\n", " "), Qt.TextElideMode.ElideRight, detail_width)
            painter.setPen(text_colour if selected else QColor("#4b5563"))
            painter.drawText(
                QRect(left, top + line_height + 3, detail_width, line_height), Qt.AlignmentFlag.AlignVCenter, detail
            )
        painter.restore()


class TimelinePage(QWidget):
    """The timeline list and, under it, the whole of the selected entry (notes are often longer than a line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TimelineModel(self)
        self.view = QListView()
        self.view.setObjectName("profile_timeline")
        self.view.setModel(self.model)
        self.view.setItemDelegate(TimelineDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.detail = QLabel()
        self.detail.setObjectName("timeline_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = hint_label(tr("No calls, promises or plans yet."))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 2, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.empty)
        box.addWidget(self.view, 1)
        box.addWidget(self.detail)
        self.view.selectionModel().currentRowChanged.connect(self._selected)

    def show_timeline(
        self,
        profile: CustomerProfile,
        *,
        zone: str,
        now: dt.datetime,
        agent_names: Mapping[int, str],
        points: Mapping[int, ContactPointView],
    ) -> int:
        entries = view.timeline(profile)
        self.model.set_entries(
            entries,
            zone=zone,
            now=now,
            agent_names=agent_names,
            points=points,
            accounts={account.id: account.account_number for account in profile.accounts},
        )
        self.view.scrollToTop()
        self.empty.setVisible(not entries)
        self.view.setVisible(bool(entries))
        self.detail.setVisible(False)
        return len(entries)

    @Slot(QModelIndex, QModelIndex)
    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        lines = current.data(LINES_ROLE) if current.isValid() else None
        if isinstance(lines, Lines):
            self.detail.setText(lines.plain())
        self.detail.setVisible(isinstance(lines, Lines))

    def clear(self) -> None:
        self.model.set_entries((), zone=self.model.zone, now=self.model.now, agent_names={}, points={}, accounts={})
        self.empty.setVisible(False)
        self.detail.setVisible(False)
