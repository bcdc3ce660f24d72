"""The plan calculator: an installment plan, a settlement or an early-payment discount, checked against the
customer's stated means, the agent's authority and the promise policy — quoted by the service layer, never here.

What the agent types is turned into a :class:`PlanDraft`; the quote (schedule, affordability, authority, policy)
comes from :func:`agent_desk.negotiation.quote_plan` on a worker thread. *Use in wrap-up* hands the quote on.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.negotiation import FREQUENCIES, PlanDraft, PlanQuote, quote_plan
from agent_desk.portfolio import UserSummary
from agent_desk.worklist import CustomerProfile
from agent_desk.wrapup import parse_amount
from db.models import PlanKind
from ui import text
from ui.background import Background
from ui.widgets.date_fields import show_local_dates

QUOTE_DELAY_MS = 150
ALL_ACCOUNTS = -1


class PlanPanel(QWidget):
    plan_ready = Signal(object)  # the PlanQuote to use

    def __init__(
        self,
        context: AppContext,
        user: UserSummary,
        background: Background | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_panel")
        self.context = context
        self.user = user
        self.background = background or Background(self)
        self._profile: CustomerProfile | None = None
        self._quote: PlanQuote | None = None
        self._asked = 0  # the newest quote asked for; older answers are dropped
        self.answered = 0  # the newest quote shown
        self._stale = False  # the form changed since the last quote
        self._language: str | None = None  # the script's language, for the read-back
        self._filling = False

        self.kind = QComboBox()
        self.kind.addItem(self.tr("Installment plan"), PlanKind.INSTALLMENTS.value)
        self.kind.addItem(self.tr("Settlement (discount off the outstanding)"), PlanKind.SETTLEMENT.value)
        self.kind.addItem(self.tr("Early payment (discount off the arrears)"), PlanKind.EARLY_PAYMENT.value)
        self.account = QComboBox()
        self.account.setPlaceholderText(self.tr("Open a customer first"))
        for combo in (self.kind, self.account):  # long offers and account names shorten rather than widen the form
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self.base_label = QLabel()
        self.discount = QDoubleSpinBox()
        self.discount.setRange(0, 100)
        self.discount.setDecimals(1)
        self.discount.setSuffix(" %")
        self.payments = QSpinBox()
        self.payments.setRange(1, 60)
        self.frequency = QComboBox()
        for code in FREQUENCIES:
            self.frequency.addItem(text.label(f"negotiation.frequency.{code}"), code)
        self.frequency.setCurrentIndex(max(self.frequency.findData("monthly"), 0))
        self.first_amount = QLineEdit()
        self.first_amount.setPlaceholderText(self.tr("all equal"))
        self.first_date = QDateEdit()
        show_local_dates(self.first_date, weekday=True)
        self.income = QLineEdit()
        self.expenses = QLineEdit()

        self.income.setPlaceholderText(self.tr("income a month"))
        self.expenses.setPlaceholderText(self.tr("expenses a month"))
        self.income.setToolTip(self.tr("The customer's income a month, as they state it"))
        self.expenses.setToolTip(self.tr("The customer's expenses a month, as they state them"))
        self.first_amount.setToolTip(
            self.tr(
                "First payment, {hint} when empty. Type an amount for a first payment different from the others "
                "(a down payment)"
            ).format(hint=self.first_amount.placeholderText())
        )
        form = QFormLayout()
        form.addRow(self.tr("Offer"), self.kind)
        form.addRow(self.tr("Account"), self.account)
        discount_row = QHBoxLayout()
        discount_row.addWidget(self.discount)
        discount_row.addWidget(self.base_label, 1)
        form.addRow(self.tr("Discount"), discount_row)
        payments_row = QHBoxLayout()
        payments_row.addWidget(self.payments)
        payments_row.addWidget(self.frequency, 1)
        form.addRow(self.tr("Payments"), payments_row)
        first_row = QHBoxLayout()
        first_row.addWidget(self.first_date, 1)
        first_row.addWidget(self.first_amount, 1)
        form.addRow(self.tr("First"), first_row)
        means_row = QHBoxLayout()
        means_row.addWidget(self.income, 1)
        means_row.addWidget(self.expenses, 1)
        form.addRow(self.tr("Means"), means_row)
        self._form = form

        self.summary = QLabel()
        self.summary.setObjectName("plan_summary")
        self.summary.setWordWrap(True)
        self.affordability = QLabel()
        self.affordability.setObjectName("plan_affordability")
        self.affordability.setWordWrap(True)
        self.authority = QLabel()
        self.authority.setObjectName("plan_authority")
        self.authority.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("plan_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b91c1c;")
        self.schedule = QTableWidget(0, 3)
        self.schedule.setObjectName("plan_schedule")
        self.schedule.setHorizontalHeaderLabels([self.tr("#"), self.tr("Due"), self.tr("Amount")])
        self.schedule.verticalHeader().hide()
        self.schedule.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.schedule.horizontalHeader().setStretchLastSection(True)
        self.read_back = QTextBrowser()
        self.read_back.setObjectName("plan_read_back")
        self.use_button = QPushButton(self.tr("Use in wrap-up"))
        self.use_button.setObjectName("primary")
        self.use_button.setEnabled(False)

        # The read-back is what the agent reads aloud: it has a column of its own, as tall as the pane, and the
        # schedule as a table one tab behind it; the form and what the plan comes to share the other column.
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.summary)
        left.addWidget(self.affordability)
        left.addWidget(self.authority)
        left.addWidget(self.problems)
        left.addWidget(self.use_button)
        left.addStretch(1)
        self.results = QTabWidget()
        self.results.setObjectName("plan_results")
        self.results.setDocumentMode(True)
        self.results.addTab(self.read_back, self.tr("Read back"))
        self.results.setTabToolTip(0, self.tr("Read back to the customer"))
        self.results.addTab(self.schedule, self.tr("Schedule"))
        self.results.tabBar().setElideMode(Qt.TextElideMode.ElideRight)  # both tabs in sight in any language
        self.results.setUsesScrollButtons(False)
        right = QVBoxLayout()
        right.addWidget(self.results, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(left, 5)
        layout.addLayout(right, 6)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUOTE_DELAY_MS)
        self._timer.timeout.connect(self.quote_now)
        for signal in (
            self.kind.currentIndexChanged,
            self.account.currentIndexChanged,
            self.discount.valueChanged,
            self.payments.valueChanged,
            self.frequency.currentIndexChanged,
            self.first_amount.textChanged,
            self.first_date.dateChanged,
            self.income.textChanged,
            self.expenses.textChanged,
        ):
            signal.connect(self._edited)
        self.use_button.clicked.connect(self.use)
        self.clear()

    @property
    def quote(self) -> PlanQuote | None:
        return self._quote

    # --- opening and closing a customer ---

    def show_customer(self, profile: CustomerProfile) -> None:
        self._filling = True
        try:
            self._profile = profile
            self.account.clear()
            if len(profile.accounts) > 1:
                self.account.addItem(self.tr("All accounts"), ALL_ACCOUNTS)
            for account in profile.accounts:
                name = account.product_name or text.label(f"product.{account.product}")
                self.account.addItem(f"{name} · {account.account_number}", account.id)
            self.account.setCurrentIndex(0)  # with a placeholder, a refilled list chooses nothing by itself
            today = self._today()
            start = today + dt.timedelta(days=3)
            self.first_date.setMinimumDate(QDate(today.year, today.month, today.day))
            self.first_date.setDate(QDate(start.year, start.month, start.day))
            self.kind.setCurrentIndex(0)
            self.discount.setValue(0)
            self.payments.setValue(3)
            self.first_amount.clear()
            self.income.clear()
            self.expenses.clear()
        finally:
            self._filling = False
        self.setEnabled(True)
        self._edited()

    def clear(self) -> None:
        self._profile = None
        self._quote = None
        self._asked += 1
        self.account.clear()
        self.summary.setText(self.tr("Open a customer to build a plan."))
        for label in (self.affordability, self.authority, self.problems, self.base_label):
            label.clear()
        self.schedule.setRowCount(0)
        self.read_back.clear()
        self.use_button.setEnabled(False)
        self.setEnabled(False)

    # --- the draft and its quote ---

    def draft(self) -> PlanDraft | None:
        """What the form says, or None (with the problem shown) when an amount cannot be read."""
        profile = self._profile
        if profile is None or not profile.accounts:
            return None
        chosen = self.account.currentData()
        accounts = [a for a in profile.accounts if chosen in (ALL_ACCOUNTS, None) or a.id == chosen]
        currency = accounts[0].currency
        kind = PlanKind(str(self.kind.currentData()))
        if kind is PlanKind.EARLY_PAYMENT:
            base = sum((a.arrears for a in accounts), Decimal(0))
        else:
            base = sum((a.outstanding for a in accounts), Decimal(0))
        self.base_label.setText(
            (self.tr("Arrears {amount}") if kind is PlanKind.EARLY_PAYMENT else self.tr("Outstanding {amount}")).format(
                amount=text.money(base, currency)
            )
        )
        try:
            first_amount = self._amount(self.first_amount, currency)
            income = self._amount(self.income, currency)
            expenses = self._amount(self.expenses, currency)
        except ValueError as error:
            self.problems.setText(self.tr("Cannot read the amount “{text}”.").format(text=str(error)))
            return None
        day = self.first_date.date()
        return PlanDraft(
            kind=kind,
            customer_id=profile.id,
            account_id=None if chosen in (ALL_ACCOUNTS, None) else int(chosen),
            currency=currency,
            base_amount=base,
            discount_rate=(Decimal(str(self.discount.value())) / 100).quantize(Decimal("0.0001")),
            installments=self.payments.value(),
            first_amount=first_amount,
            first_date=dt.date(day.year(), day.month(), day.day()),
            frequency=str(self.frequency.currentData()),
            stated_income=income,
            stated_expenses=expenses,
        )

    @property
    def asked(self) -> int:
        return self._asked

    @Slot()
    def quote_now(self) -> None:
        self.problems.clear()
        draft = self.draft()
        if draft is None:
            self._quote = None
            self.use_button.setEnabled(False)
            return
        self._stale = False
        self._asked += 1
        asked = self._asked
        database, user_id, today = self.context.database, self.user.id, self._today()

        def work() -> PlanQuote:
            with database.session() as session:
                return quote_plan(session, user_id, draft, today=today)

        self.background.run(work, lambda quote: self._quoted(asked, quote), self._failed, owner=self)

    def _quoted(self, asked: int, quote: PlanQuote) -> None:
        if asked != self._asked or self._profile is None:
            return
        self._quote = quote
        self.answered = asked
        currency = quote.draft.currency
        if quote.discount_amount:
            self.summary.setText(
                self.tr("Total {total} after a discount of {discount}").format(
                    total=text.money(quote.total, currency), discount=text.money(quote.discount_amount, currency)
                )
            )
        else:
            self.summary.setText(self.tr("Total {total}").format(total=text.money(quote.total, currency)))
        self.affordability.setText(text.render(quote.affordability.message))
        colour = {True: "#15803d", False: "#b45309", None: "#475569"}[quote.affordability.affordable]
        self.affordability.setStyleSheet(f"color: {colour};")
        if quote.beyond_authority:
            reasons = "; ".join(text.render(m) for m in quote.beyond_authority)
            self.authority.setText(self.tr("Needs a supervisor's approval: {reasons}").format(reasons=reasons))
            self.authority.setStyleSheet("color: #b45309; font-weight: 600;")
        else:
            self.authority.setText(self.tr("Within your authority"))
            self.authority.setStyleSheet("color: #15803d;")
        self.problems.setText("\n".join(text.render(m) for m in quote.policy_problems))
        self.schedule.setRowCount(len(quote.schedule))
        for row, payment in enumerate(quote.schedule):
            self.schedule.setItem(row, 0, QTableWidgetItem(str(payment.seq)))
            self.schedule.setItem(row, 1, QTableWidgetItem(text.date(payment.due_date)))
            self.schedule.setItem(row, 2, QTableWidgetItem(text.money(payment.amount, currency)))
        self._show_read_back(quote)
        self.use_button.setEnabled(quote.can_save)
        self.use_button.setText(
            self.tr("Request approval in wrap-up") if quote.needs_approval else self.tr("Use in wrap-up")
        )

    def _failed(self, error: BaseException) -> None:
        self._quote = None
        self.use_button.setEnabled(False)
        self.problems.setText(self.tr("The plan could not be checked: {error}").format(error=type(error).__name__))

    # --- inside ---

    def set_language(self, language: str) -> None:
        """The read-back follows the language the script is read in."""
        self._language = language
        if self._quote is not None:
            self._show_read_back(self._quote)

    def _script_language(self) -> str:
        if self._language:
            return self._language
        profile = self._profile
        return profile.language if profile is not None and profile.language in ("en", "id") else text.language()

    def _show_read_back(self, quote: PlanQuote) -> None:
        name = self._profile.full_name if self._profile is not None else ""
        self.read_back.setHtml(
            "".join(
                f'<p style="margin: 0 0 6px 0">{html.escape(part)}</p>'
                for part in quote.read_back(self._script_language(), name).split("\n")
                if part.strip()
            )
        )

    def _today(self) -> dt.date:
        zone = (self._profile.timezone if self._profile else None) or "Asia/Jakarta"
        return self.context.clock.now().astimezone(ZoneInfo(zone)).date()

    @staticmethod
    def _amount(field: QLineEdit, currency: str) -> Decimal | None:
        typed = field.text().strip()
        if not typed:
            return None
        try:
            return parse_amount(typed, currency)
        except ValueError as error:
            raise ValueError(typed) from error

    @Slot()
    def _edited(self, *_args: object) -> None:
        if self._filling:
            return
        kind = PlanKind(str(self.kind.currentData() or PlanKind.INSTALLMENTS.value))
        self.discount.setEnabled(kind is not PlanKind.INSTALLMENTS)
        if kind is PlanKind.INSTALLMENTS and self.discount.value():
            self.discount.setValue(0)
        self.use_button.setEnabled(False)
        self._stale = True
        if self.isVisible():  # a hidden calculator is quoted when the agent opens it, not on every Next
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._profile is not None:
            self._timer.start()

    @Slot()
    def use(self) -> None:
        """Use in wrap-up (Ctrl+U): the quote shown, if it is current and may be saved."""
        if self._quote is not None and self._quote.can_save and not self._stale and self.use_button.isEnabled():
            self.plan_ready.emit(self._quote)
