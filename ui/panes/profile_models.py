"""Table models of the profile's tabs: thin adapters over agent_desk's profile views (formatted when painted)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from agent_desk import profile_view as view
from agent_desk import text as domain_text
from agent_desk.text import zone_abbreviation
from agent_desk.worklist.profile import AccountView, ConsentView, ContactPointView, InstructionView
from db.models import AccountStatus, ConsentKind, ContactOwner
from ui import text
from ui.panes.profile_header import days, kind_label, label, tr

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's object (AccountView, InstallmentRow, …)
COPY_ROLE = Qt.ItemDataRole.UserRole + 2  # the exact text to copy (a VA number without spaces)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RED = QBrush(QColor("#b91c1c"))
AMBER = QBrush(QColor("#b45309"))
GREEN = QBrush(QColor("#15803d"))
GREY = QBrush(QColor("#6b7280"))
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
COPY = int(COPY_ROLE)
BOLD = QFont()
BOLD.setBold(True)


def status_label(status: AccountStatus) -> str:
    return {
        AccountStatus.CURRENT: tr("Current"),
        AccountStatus.DELINQUENT: tr("Delinquent"),
        AccountStatus.IN_PLAN: tr("In a plan"),
        AccountStatus.SETTLED: tr("Settled"),
        AccountStatus.WRITTEN_OFF: tr("Written off"),
        AccountStatus.LEGAL: tr("Legal"),
        AccountStatus.RECALLED: tr("Recalled"),
    }.get(status, status.value)


def short_date(day: dt.date) -> str:
    """ "17 Dec 2026" (the weekday is left out where columns are narrow)."""
    return domain_text.format_date(day, text.language(), with_weekday=False)


TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of one kind, replaced whole for each customer (``beginResetModel``).

    Cells are formatted when first painted and kept; views ask for a dozen roles per cell per paint, so roles a
    model does not style (``STYLED``) are answered at once.
    """

    STYLED: frozenset[int] = frozenset()

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[T] = []
        self._texts: dict[tuple[int, int], str] = {}
        self._roles = TEXT_ROLES | {int(ROW_ROLE)} | self.STYLED

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}
        self.endResetModel()

    def refresh_row(self, row: int) -> None:
        """The row's object changed in place: format it again."""
        for column in range(len(self._headers)):
            self._texts.pop((row, column), None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self._roles:
            return None
        number = index.row()
        if not 0 <= number < len(self._rows) or not index.isValid():
            return None
        row = self._rows[number]
        if role == ROW_ROLE:
            return row
        column = index.column()
        if role in TEXT_ROLES:
            key = (number, column)
            found = self._texts.get(key)
            if found is None:
                found = self._texts[key] = self.display(row, column)
            return found
        return self.decorate(row, column, role)

    def display(self, row: T, column: int) -> str:
        raise NotImplementedError

    def decorate(self, row: T, column: int, role: int) -> Any:
        """Alignment, colour, font or copy text of a cell; None for Qt's default."""
        return None


class AccountsModel(RowsModel[AccountView]):
    """Two lines a cell: product / number and creditor; arrears / outstanding; days / bucket; next due / status."""

    STYLED = frozenset({ALIGN, FOREGROUND, FONT})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((tr("Account"), tr("Arrears"), tr("Past due"), tr("Next due")), parent)

    def display(self, row: AccountView, column: int) -> str:
        if column == 0:
            product = label("product", row.product)
            name = f"{product} · {row.product_name}" if row.product_name else product
            return f"{name}\n{row.account_number}" + (f" · {row.creditor}" if row.creditor else "")
        if column == 1:
            outstanding = tr("of {amount}").format(amount=text.money(row.outstanding, row.currency))
            return f"{text.money(row.arrears, row.currency)}\n{outstanding}"
        if column == 2:
            return days(row.days_past_due) + "\n" + label("bucket", row.bucket)
        due = short_date(row.next_due_date) if row.next_due_date else "—"
        return f"{due}\n{status_label(row.status)}"

    def decorate(self, row: AccountView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (1, 2) else LEFT
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and row.arrears > 0:
            return RED
        if role == Qt.ItemDataRole.FontRole and column == 1:
            return BOLD
        return None


class InstallmentsModel(RowsModel[view.InstallmentRow]):
    STYLED = frozenset({ALIGN, FOREGROUND})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((tr("#"), tr("Due"), tr("Amount"), tr("Paid"), tr("Paid on"), tr("State")), parent)
        self.currency = "IDR"

    def display(self, row: view.InstallmentRow, column: int) -> str:
        if column == 0:
            return str(row.seq)
        if column == 1:
            return short_date(row.due_date)
        if column == 2:
            return text.money(row.amount_due, self.currency)
        if column == 3:
            return text.money(row.amount_paid, self.currency)
        if column == 4:
            return short_date(row.paid_on) if row.paid_on else "—"
        state = row.state
        if state is view.InstallmentState.PAID:
            return tr("Paid")
        if state is view.InstallmentState.PAID_LATE:
            return tr("Paid {days} late").format(days=days(row.days or 0))
        if state is view.InstallmentState.OVERDUE:
            return tr("Overdue {days}").format(days=days(row.days or 0))
        if state is view.InstallmentState.PARTLY_PAID:
            if row.days:
                return tr("Partly paid, overdue {days}").format(days=days(row.days))
            return tr("Partly paid")
        if state is view.InstallmentState.DUE_TODAY:
            return tr("Due today")
        return tr("Upcoming")

    def decorate(self, row: view.InstallmentRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (0, 2, 3) else LEFT
        if role == Qt.ItemDataRole.ForegroundRole and column == 5:
            return {
                view.InstallmentState.OVERDUE: RED,
                view.InstallmentState.PARTLY_PAID: AMBER,
                view.InstallmentState.PAID_LATE: AMBER,
                view.InstallmentState.PAID: GREEN,
                view.InstallmentState.DUE_TODAY: AMBER,
            }.get(row.state, GREY)
        return None


class PaymentsModel(RowsModel[view.PaymentLine]):
    STYLED = frozenset({ALIGN, FOREGROUND})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((tr("Date"), tr("Amount"), tr("Account"), tr("Channel"), tr("Reference")), parent)
        self.zone = "Asia/Jakarta"

    def display(self, row: view.PaymentLine, column: int) -> str:
        if column == 0:
            return text.date(row.paid_at.astimezone(view.zone_info(self.zone)).date())
        if column == 1:
            return text.money(row.amount, row.account.currency)
        if column == 2:
            return row.account.account_number
        if column == 3:
            channel = row.channel or "—"
            return tr("Reversal ({channel})").format(channel=channel) if row.is_reversal else channel
        if row.is_reversal and row.reversed_reference:
            return tr("reverses {reference}").format(reference=row.reversed_reference)
        return row.reference or "—"

    def decorate(self, row: view.PaymentLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column == 1 else LEFT
        if role == Qt.ItemDataRole.ForegroundRole and row.is_reversal:
            return RED
        return None


def grouped(value: str, size: int = 4) -> str:
    """ "9880700000228937" → "9880 7000 0022 8937": easier to read out; digits only."""
    if not value.isdigit():
        return value
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


class InstructionsModel(RowsModel[tuple[AccountView, InstructionView]]):
    """How to pay: VA numbers per bank, minimarket codes, payment links — for the agent to read out or copy."""

    STYLED = frozenset({COPY, FONT})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((tr("Account"), tr("Pay by"), tr("Number / code")), parent)

    def display(self, row: tuple[AccountView, InstructionView], column: int) -> str:
        account, how = row
        if column == 0:
            due = text.money(account.arrears, account.currency)
            return f"{account.account_number}\n{tr('arrears {amount}').format(amount=due)}"
        if column == 1:
            if how.kind == "virtual_account":
                return tr("Virtual account {bank}").format(bank=how.provider)
            if how.kind == "minimarket_code":
                return tr("{shop} payment code").format(shop=how.provider)
            if how.kind == "payment_link":
                return tr("Payment link")
            return f"{how.kind} {how.provider}"
        return grouped(how.value) if how.kind != "payment_link" else how.value

    def decorate(self, row: tuple[AccountView, InstructionView], column: int, role: int) -> Any:
        if role == COPY_ROLE:
            return row[1].value
        if role == Qt.ItemDataRole.FontRole and column == 2:
            return BOLD
        return None


class ContactRow:
    """A contact point with what the table says about it (computed once per customer)."""

    __slots__ = ("chosen", "hours", "point", "status", "zone")

    def __init__(
        self,
        point: ContactPointView,
        status: view.NumberStatus,
        hours: view.AnswerHours | None,
        zone: str | None,
    ) -> None:
        self.point = point
        self.status = status
        self.hours = hours
        self.zone = zone
        self.chosen = False


def owner_text(point: ContactPointView) -> str:
    owner = {
        ContactOwner.SELF: tr("the customer"),
        ContactOwner.SPOUSE: tr("spouse"),
        ContactOwner.EMERGENCY_CONTACT: tr("emergency contact"),
        ContactOwner.EMPLOYER: tr("employer"),
        ContactOwner.OTHER: tr("another person"),
    }.get(point.owner, point.owner.value)
    # ContactPointView has no relationship yet (the database has relationship_to_customer): shown once it does.
    relationship = getattr(point, "relationship", None)
    if relationship and relationship != point.owner.value:
        owner = f"{owner} ({relationship_label(str(relationship))})"
    return f"{owner}: {point.owner_name}" if point.owner_name else owner


def relationship_label(value: str) -> str:
    return {
        "spouse": tr("spouse"),
        "parent": tr("parent"),
        "sibling": tr("sibling"),
        "child": tr("child"),
        "colleague": tr("colleague"),
        "friend": tr("friend"),
        "relative": tr("relative"),
    }.get(value, value)


def invalid_text(reason: str | None) -> str:
    if reason in ("wrong_number", "number_invalid", "unparseable", "unknown"):
        return label("invalid", reason)
    return reason or tr("not a valid phone number")


def dialable_text(row: ContactRow) -> str:
    status, point = row.status, row.point
    state = status.state
    if state is view.NumberState.DIALABLE:
        return tr("Dialable")
    if state is view.NumberState.LOCATE_ONLY:
        return tr("Locate only")
    if state is view.NumberState.NOT_A_PHONE:
        return tr("Not a phone number")
    if state is view.NumberState.INVALIDATED:
        return tr("No — taken out of use ({why})").format(why=invalid_text(point.invalid_reason))
    if state is view.NumberState.INVALID:
        return tr("No — {why}").format(why=invalid_text(point.invalid_reason))
    if state is view.NumberState.FLAGGED:
        flags = ", ".join(label("flag", flag.value) for flag in status.flags)
        return tr("No — flagged: {flags}").format(flags=flags)
    if state is view.NumberState.EXPIRED and point.valid_until is not None:
        return tr("No — valid until {day}").format(day=short_date(point.valid_until.date()))
    if point.valid_from is not None:
        return tr("No — valid from {day}").format(day=short_date(point.valid_from.date()))
    return tr("No")


def hours_text(row: ContactRow) -> str:
    hours = row.hours
    if hours is None:
        return "—"
    counts = tr("{answered} of {attempts} answered").format(answered=hours.answered, attempts=hours.attempts)
    if not hours.ranges or row.zone is None:
        return tr("Too few answers yet") + "\n" + counts
    spans = ", ".join(f"{start:02d}–{end:02d}" for start, end in hours.ranges)
    zone = zone_abbreviation(row.zone)
    return tr("Answers {spans} {zone}").format(spans=spans, zone=zone) + "\n" + counts


class ContactsModel(RowsModel[ContactRow]):
    STYLED = frozenset({FOREGROUND, FONT})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((tr("Number"), tr("Can dial"), tr("Best hours")), parent)

    def display(self, row: ContactRow, column: int) -> str:
        point = row.point
        if column == 0:
            number = f"{kind_label(point.kind.value)} {view.mask_phone(point.raw_value, point.e164)}"
            if point.is_primary:
                number += " · " + tr("primary")
            if row.chosen:
                number = "▶ " + number
            return number + "\n" + owner_text(point)
        if column == 1:
            checks = tr("verified {verified}× · wrong {wrong}×").format(
                verified=point.verified_count, wrong=point.wrong_number_count
            )
            if point.timezone_override:
                checks += " · " + tr("zone {zone}").format(zone=zone_abbreviation(point.timezone_override))
            return dialable_text(row) + "\n" + checks
        return hours_text(row)

    def decorate(self, row: ContactRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            if row.status.state is view.NumberState.DIALABLE:
                return GREEN
            return AMBER if row.status.state is view.NumberState.LOCATE_ONLY else RED
        if role == Qt.ItemDataRole.FontRole and column == 0 and row.chosen:
            return BOLD
        return None


def consent_kind_label(kind: ConsentKind) -> str:
    return {
        ConsentKind.CONTACT_OUTSIDE_HOURS: tr("Calls outside the usual hours"),
        ConsentKind.CALL_RECORDING: tr("Call recording"),
        ConsentKind.WHATSAPP_CONTACT: tr("Contact by WhatsApp"),
        ConsentKind.EMAIL_CONTACT: tr("Contact by e-mail"),
    }.get(kind, kind.value)


def how_label(how: str) -> str:
    return {
        "recorded_call": tr("on a recorded call"),
        "written": tr("in writing"),
        "app": tr("in the app"),
        "sms": tr("by SMS"),
        "email": tr("by e-mail"),
    }.get(how, how.replace("_", " "))


class ConsentsModel(RowsModel[ConsentView]):
    STYLED = frozenset({FOREGROUND})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((tr("Consent"), tr("Given"), tr("State")), parent)
        self.now = dt.datetime.now(dt.UTC)
        self.zone = "Asia/Jakarta"

    def _day(self, moment: dt.datetime) -> str:
        return short_date(view.local_date(moment, self.zone))

    def display(self, row: ConsentView, column: int) -> str:
        if column == 0:
            what = consent_kind_label(row.kind)
            if row.hours is not None:
                start, end = row.hours
                what += f" ({start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d})"
            return what
        if column == 1:
            return f"{self._day(row.granted_at)}, {how_label(row.how)}"
        if row.revoked_at is not None:
            return tr("Revoked {day}").format(day=self._day(row.revoked_at))
        if row.expires_at is not None and row.expires_at <= self.now:
            return tr("Expired {day}").format(day=self._day(row.expires_at))
        if row.expires_at is not None:
            return tr("In force until {day}").format(day=self._day(row.expires_at))
        return tr("In force, no end date")

    def decorate(self, row: ConsentView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            active = row.revoked_at is None and (row.expires_at is None or row.expires_at > self.now)
            return GREEN if active else GREY
        return None
