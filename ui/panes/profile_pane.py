"""The customer profile: who they are, their flags, their local time, their accounts and numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.clock import Clock
from agent_desk.portfolio import CustomerBasics, mask_national_id
from ui import text
from ui.background import Background

FLAG_STYLE = "QLabel { background: %s; color: white; border-radius: 8px; padding: 2px 8px; font-weight: 600; }"
FLAG_COLORS = {
    "dispute": "#b45309",
    "cease_contact": "#b91c1c",
    "deceased": "#374151",
    "bankruptcy": "#6b21a8",
    "represented_by_lawyer": "#1d4ed8",
    "hardship": "#0f766e",
    "vulnerable": "#be185d",
    "do_not_call": "#b91c1c",
    "no_contact_point": "#6b7280",
}


class ProfilePane(QWidget):
    """Shows one customer; :meth:`show_customer` loads it off the GUI thread."""

    customer_loaded = Signal(object)  # CustomerBasics

    def __init__(
        self,
        load: Callable[[int], CustomerBasics | None],
        background: Background,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profile_pane")
        self._load = load
        self._background = background
        self._clock = clock
        self._customer: CustomerBasics | None = None
        self._wanted: int | None = None

        self.title = QLabel(self.tr("Customer profile"))
        self.title.setObjectName("pane_title")
        self.name = QLabel(self.tr("No customer open"))
        self.name.setObjectName("customer_name")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity = QLabel()
        self.local_clock = QLabel()
        self.local_clock.setObjectName("local_clock")
        self.flags_row = QHBoxLayout()
        self.flags_row.setSpacing(6)
        self.flags_row.addStretch(1)

        self.accounts = _table(
            (
                self.tr("Account"),
                self.tr("Product"),
                self.tr("Outstanding"),
                self.tr("Arrears"),
                self.tr("DPD"),
                self.tr("Next due"),
            )
        )
        self.contacts = _table((self.tr("Number"), self.tr("Kind"), self.tr("Whose"), self.tr("Dialable")))

        header = QGridLayout()
        header.addWidget(self.name, 0, 0)
        header.addWidget(self.local_clock, 0, 1, Qt.AlignmentFlag.AlignRight)
        header.addWidget(self.identity, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(header)
        layout.addLayout(self.flags_row)
        layout.addWidget(_section(self.tr("Accounts")))
        layout.addWidget(self.accounts, 3)
        layout.addWidget(_section(self.tr("Contact points")))
        layout.addWidget(self.contacts, 2)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start()

    @property
    def customer(self) -> CustomerBasics | None:
        return self._customer

    @Slot(int)
    def show_customer(self, customer_id: int) -> None:
        self._wanted = customer_id
        self.name.setText(self.tr("Loading…"))
        self._background.run(lambda: self._load(customer_id), self._loaded, self._failed)

    def _loaded(self, customer: CustomerBasics | None) -> None:
        if customer is None or customer.customer_id != self._wanted:
            return  # a newer request is on its way
        self._customer = customer
        self.name.setText(customer.full_name)
        place = ", ".join(part for part in (customer.city, customer.province) if part) or self.tr("address unknown")
        self.identity.setText(
            self.tr("{number} · NIK {nik} · {place}").format(
                number=customer.customer_number, nik=mask_national_id(customer.national_id), place=place
            )
        )
        self._show_flags(customer)
        self._fill_accounts(customer)
        self._fill_contacts(customer)
        self._update_clock()
        self.customer_loaded.emit(customer)

    def _failed(self, error: BaseException) -> None:
        self.name.setText(self.tr("Could not load the customer: {error}").format(error=error))

    def _show_flags(self, customer: CustomerBasics) -> None:
        while self.flags_row.count() > 1:
            item = self.flags_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, flag in enumerate(customer.flags):
            badge = QLabel(text.label(f"flag.{flag.value}"))
            badge.setStyleSheet(FLAG_STYLE % FLAG_COLORS.get(flag.value, "#6b7280"))
            self.flags_row.insertWidget(index, badge)

    def _fill_accounts(self, customer: CustomerBasics) -> None:
        self.accounts.setRowCount(len(customer.accounts))
        for row, account in enumerate(customer.accounts):
            values = (
                account.account_number,
                text.label(f"product.{account.product}"),
                text.money(account.outstanding, account.currency),
                text.money(account.arrears, account.currency),
                str(account.days_past_due),
                text.date(account.next_due_date) if account.next_due_date else "—",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.accounts.setItem(row, column, item)

    def _fill_contacts(self, customer: CustomerBasics) -> None:
        self.contacts.setRowCount(len(customer.contacts))
        for row, contact in enumerate(customer.contacts):
            whose = contact.owner if not contact.relationship else f"{contact.owner} ({contact.relationship})"
            values = (
                contact.e164 or contact.value,
                contact.kind,
                whose,
                self.tr("yes") if contact.dialable else self.tr("no — invalid"),
            )
            for column, value in enumerate(values):
                self.contacts.setItem(row, column, QTableWidgetItem(value))

    @Slot()
    def _update_clock(self) -> None:
        customer = self._customer
        if customer is None:
            self.local_clock.setText("")
            return
        now = self._clock.now()
        if customer.timezone:
            self.local_clock.setText(self.tr("Local time: {time}").format(time=text.local_time(now, customer.timezone)))
        else:
            self.local_clock.setText(
                self.tr("Local time: unknown zone (WIB {time})").format(
                    time=now.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%H:%M")
                )
            )


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("section_title")
    label.setFrameShape(QFrame.Shape.NoFrame)
    return label
