"""The profile's money tabs: accounts with the selected one's installments, how to pay, payment history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from agent_desk import profile_view as view
from agent_desk.worklist.profile import AccountView
from ui import text
from ui.panes.profile_header import tr
from ui.panes.profile_models import AccountsModel, InstallmentsModel, InstructionsModel, PaymentsModel
from ui.panes.profile_pages import Copier, ProfileChart, hint_label, set_widths, table_view
from ui.widgets.payment_chart import DUE_COLOUR, PAID_COLOUR

MONTHS_CHARTED = 12


def swatch(colour: str) -> str:
    """A coloured square for rich text: the chart's key, in words' place."""
    return f'<span style="color:{colour}">■</span>'


def _section(title: str = "") -> QLabel:
    label = QLabel(title)
    label.setObjectName("section_title")
    return label


def _column(*widgets: QWidget, stretch_last: bool = True) -> QWidget:
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 2, 0, 0)
    box.setSpacing(2)
    for position, widget in enumerate(widgets):
        box.addWidget(widget, 1 if stretch_last and position == len(widgets) - 1 else 0)
    return page


class AccountsPage(QSplitter):
    """Every account (product, creditor, arrears, days past due and bucket, next due, status); below, the
    installment table of the selected one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setChildrenCollapsible(False)
        self.model = AccountsModel(self)
        self.view = table_view(self.model, two_lines=True, stretch=0)
        self.view.setObjectName("profile_accounts")
        set_widths(self.view, ("", "of Rp 999.999.999", "61–90 days past due", "30 Sep 2026"))
        self.installments_model = InstallmentsModel(self)
        self.installments_view = table_view(self.installments_model, stretch=5)
        self.installments_view.setObjectName("profile_installments")
        set_widths(self.installments_view, ("99", "30 Sep 2026", "Rp 99.999.999", "Rp 99.999.999", "30 Sep 2026"))
        self.installments_title = _section()
        self.addWidget(self.view)
        self.addWidget(_column(self.installments_title, self.installments_view))
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self._today = dt.date(1970, 1, 1)  # set with each customer
        self.view.selectionModel().currentRowChanged.connect(self._selected)

    def show_accounts(self, accounts: Sequence[AccountView], today: dt.date, main_account_id: int | None) -> None:
        self._today = today
        self.model.set_rows(accounts)
        self._fit(len(accounts))
        if accounts:
            row = next((i for i, account in enumerate(accounts) if account.id == main_account_id), 0)
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self.show_installments(None)

    def _fit(self, rows: int) -> None:
        """The accounts table as tall as its rows (up to four), the installments below get the rest."""
        if self.height() <= 0:
            return
        view = self.view
        wanted = (
            view.horizontalHeader().sizeHint().height()
            + max(1, min(rows, 4)) * view.verticalHeader().defaultSectionSize()
        )
        wanted += 2 * view.frameWidth() + 2
        total = sum(self.sizes())
        top = min(wanted, total // 2)
        if total > 0 and self.sizes()[0] != top:
            self.setSizes([top, total - top])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(self.model.rowCount())

    def selected_account(self) -> AccountView | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @Slot(QModelIndex, QModelIndex)
    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_installments(self.model.row_at(current.row()) if current.isValid() else None)

    def show_installments(self, account: AccountView | None) -> None:
        if account is None:
            self.installments_model.set_rows(())
            self.installments_title.setText(tr("Installments"))
            return
        self.installments_model.currency = account.currency
        self.installments_model.set_rows(view.installment_rows(account, self._today))
        self.installments_view.scrollToTop()
        if account.installments:
            title = tr("Installments of {account} ({count})").format(
                account=account.account_number, count=len(account.installments)
            )
        else:
            title = tr("{account} has no installment schedule").format(account=account.account_number)
        self.installments_title.setText(title)

    def clear(self) -> None:
        self.model.set_rows(())
        self.show_installments(None)


class InstructionsPage(QWidget):
    """How to pay each account — VA numbers per bank, minimarket codes, links — grouped for reading, exact to copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = InstructionsModel(self)
        self.view = table_view(self.model, two_lines=True, stretch=2)
        self.view.setObjectName("profile_instructions")
        set_widths(self.view, ("arrears Rp 999.999.999", "Virtual account Mandiri"))
        self.copier = Copier(self.view, 2, self)
        self.copy_button = QPushButton(tr("Copy number"))
        self.copy_button.clicked.connect(self.copier.copy_current)
        self.note = QLabel()
        self.note.setObjectName("profile_hint")
        self.copier.copied.connect(self._copied)
        self.empty = hint_label(tr("No payment instructions on record."))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 2, 0, 0)
        box.setSpacing(3)
        box.addWidget(self.empty)
        box.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.note, 1)
        box.addLayout(row)
        box.addWidget(hint_label(tr("Double-click, Enter or Ctrl+C copies the number exactly, without spaces.")))

    def show_accounts(self, accounts: Sequence[AccountView]) -> None:
        pairs = [(account, how) for account in accounts for how in account.instructions]
        self.model.set_rows(pairs)
        self.empty.setVisible(not pairs)
        self.note.setText("")

    @Slot(str)
    def _copied(self, value: str) -> None:
        self.note.setText(tr("Copied {value}").format(value=value))

    def clear(self) -> None:
        self.show_accounts(())


class PaymentsPage(QSplitter):
    """Due vs paid per month (12 months, reversals lower their month) and every payment, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setChildrenCollapsible(False)
        self.chart = ProfileChart()
        self.caption = _section()
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.model = PaymentsModel(self)
        self.view = table_view(self.model, stretch=4)
        self.view.setObjectName("profile_payments")
        set_widths(self.view, ("Wed 30 Sep 2026", "-Rp 99.999.999", "PL7000002289", "Reversal (Indomaret)"))
        self.empty = hint_label(tr("No payments on record."))
        self.addWidget(_column(self.caption, self.chart))
        self.addWidget(_column(self.empty, self.view))
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self.setSizes([1000, 1000])

    def show_payments(self, accounts: Sequence[AccountView], zone: str, today: dt.date) -> int:
        """Fill the list and the chart; returns how many payments there are."""
        lines = view.payment_lines(accounts)
        self.model.zone = zone
        self.model.set_rows(lines)
        self.view.scrollToTop()
        self.empty.setVisible(not lines)
        totals = view.totals(accounts)
        currency = totals[0].currency if totals else "IDR"
        self.chart.show_figures(view.payment_history(accounts, currency, zone, today, MONTHS_CHARTED))
        due, paid = self.chart.totals()
        self.caption.setText(
            tr("Last {months} months: {due_box} due {due}, {paid_box} paid {paid}").format(
                months=MONTHS_CHARTED,
                due_box=swatch(DUE_COLOUR),
                due=text.money(due, currency),
                paid_box=swatch(PAID_COLOUR),
                paid=text.money(paid, currency),
            )
        )
        return len(lines)

    def clear(self) -> None:
        self.model.set_rows(())
        self.chart.show_figures(())
        self.caption.setText("")
