"""Admin › Limits: each role's authority (discounts and payments an agent may agree without approval) and the
promise policy every promise and plan must keep. Changes go through :mod:`agent_desk.negotiation`, audited."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.negotiation import (
    NegotiationError,
    PromisePolicy,
    promise_policy,
    role_defaults,
    set_role_authority,
    store_promise_policy,
)
from agent_desk.portfolio import UserSummary
from agent_desk.wrapup import parse_amount
from db.models import Role
from ui import text
from ui.admin.dialogs import LimitsDialog
from ui.role_views import TitledView
from ui.widgets.table_width import SnugTable


def _percent(value: Decimal) -> str:
    return f"{(value * 100).normalize():f} %"


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _share(value: Decimal) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 100)
    box.setDecimals(1)
    box.setSuffix(" %")
    box.setValue(float(value * 100))
    return box


class LimitsView(TitledView):
    """Roles' limits (a user's own are set under Users) and the promise policy."""

    def __init__(self, context: AppContext, admin: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Limits and promise policy"),
            self.tr(
                "What each role may agree without a supervisor, and the rules every promise and plan keeps. "
                "A user's own limits are set under Users."
            ),
            parent=parent,
        )
        self.setObjectName("admin_limits")
        self.context = context
        self.admin = admin
        self.roles = SnugTable(len(Role), 4)  # as wide as its columns, like Users: no last column stretched
        self.roles.setObjectName("admin_roles_table")
        self.roles.setHorizontalHeaderLabels(
            [self.tr("Role"), self.tr("Settlement discount"), self.tr("Early-payment discount"), self.tr("Payments")]
        )
        self.roles.verticalHeader().hide()
        self.roles.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roles.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.edit_role_button = QPushButton(self.tr("Change the role's limits…"))
        role_row = QHBoxLayout()
        role_row.addWidget(self.edit_role_button)
        role_row.addStretch(1)

        policy_box = QGroupBox(self.tr("Promise policy"))
        policy_box.setMaximumWidth(880)  # a form to read across, not a banner
        self.max_days = _spin(1, 365, 30)
        self.max_months = _spin(1, 120, 36)
        self.max_installments = _spin(1, 240, 60)
        self.first_share = _share(Decimal(0))
        self.affordable = _share(Decimal(0))
        self.minimum = QLineEdit()
        self.minimum.setToolTip(self.tr("The smallest payment in rupiah; a total below it is paid at once"))
        self.follow_up = _spin(1, 720, 48)
        form = QFormLayout(policy_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("A promise or first payment at most (days ahead)"), self.max_days)
        form.addRow(self.tr("The last payment within (months)"), self.max_months)
        form.addRow(self.tr("Payments at most"), self.max_installments)
        form.addRow(self.tr("First payment at least (share of the arrears)"), self.first_share)
        form.addRow(self.tr("Affordable up to (share of what is left after expenses)"), self.affordable)
        form.addRow(self.tr("Smallest payment (IDR)"), self.minimum)
        form.addRow(self.tr("Call back on a plan awaiting a decision after (hours)"), self.follow_up)
        self.save_policy_button = QPushButton(self.tr("Save the policy"))
        self.save_policy_button.setObjectName("primary")
        form.addRow("", self.save_policy_button)
        self.status = QLabel()
        self.status.setObjectName("admin_status")
        self.status.setWordWrap(True)
        self.body_layout.addWidget(self.roles, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addLayout(role_row)
        self.body_layout.addWidget(policy_box)
        self.body_layout.addWidget(self.status)
        self.body_layout.addStretch(1)
        self.edit_role_button.clicked.connect(self.ask_role_limits)
        self.roles.itemDoubleClicked.connect(lambda _item: self.ask_role_limits())
        self.save_policy_button.clicked.connect(self.save_policy)
        self.dialog: LimitsDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        with self.context.database.session() as session:
            limits = {role: role_defaults(session, role) for role in Role}
            policy = promise_policy(session)
        for row, (role, authority) in enumerate(limits.items()):
            cells = (
                text.label(f"role.{role.value}"),
                _percent(authority.max_settlement_discount),
                _percent(authority.max_early_payment_discount),
                str(authority.max_installments),
            )
            for column, value in enumerate(cells):
                self.roles.setItem(row, column, QTableWidgetItem(value))
        self.roles.resizeRowsToContents()
        height = self.roles.horizontalHeader().height() + sum(self.roles.rowHeight(r) for r in range(len(Role)))
        self.roles.setFixedHeight(height + 2 * self.roles.frameWidth())
        if self.roles.currentRow() < 0:
            self.roles.selectRow(0)
        self._show_policy(policy)

    def _show_policy(self, policy: PromisePolicy) -> None:
        self.max_days.setValue(policy.max_days_ahead)
        self.max_months.setValue(policy.max_plan_months)
        self.max_installments.setValue(policy.max_installments)
        self.first_share.setValue(float(policy.min_first_share_of_arrears * 100))
        self.affordable.setValue(float(policy.affordable_share * 100))
        self.minimum.setText(text.money(policy.min_amount.get("IDR", Decimal(0)), "IDR"))
        self.follow_up.setValue(policy.decision_follow_up_hours)

    def selected_role(self) -> Role:
        return list(Role)[max(self.roles.currentRow(), 0)]

    @Slot()
    def ask_role_limits(self) -> None:
        role = self.selected_role()
        with self.context.database.session() as session:
            authority = role_defaults(session, role)
        name = text.label(f"role.{role.value}")
        dialog = LimitsDialog(
            self.tr("Limits of the role {role}").format(role=name), authority, for_user=False, parent=self
        )

        def save() -> str:
            settlement, early, installments = dialog.rates()
            set_role_authority(
                self.context.database,
                self.context.clock,
                actor_id=self.admin.id,
                role=role,
                settlement=settlement,
                early_payment=early,
                installments=installments,
            )
            self.refresh()
            return self.tr("Saved the limits of the role {role}.").format(role=name)

        previous = self.dialog
        if previous is not None and not previous.isVisible():
            previous.deleteLater()
        self.dialog = dialog
        dialog.on_save = save
        dialog.accepted.connect(lambda: self.status.setText(dialog.saved))
        dialog.open()

    @Slot()
    def save_policy(self) -> bool:
        try:
            minimum = parse_amount(self.minimum.text(), "IDR") if self.minimum.text().strip() else Decimal(0)
        except ValueError:
            self.status.setText(self.tr("“{text}” is not an amount.").format(text=self.minimum.text()))
            return False

        def share(box: QDoubleSpinBox) -> str:
            return str((Decimal(str(round(box.value(), 1))) / 100).quantize(Decimal("0.001")))

        values = {
            "max_days_ahead": self.max_days.value(),
            "max_plan_months": self.max_months.value(),
            "max_installments": self.max_installments.value(),
            "min_first_share_of_arrears": share(self.first_share),
            "affordable_share": share(self.affordable),
            "min_amount": {"IDR": str(minimum)},
            "decision_follow_up_hours": self.follow_up.value(),
        }
        try:
            policy = store_promise_policy(
                self.context.database, self.context.clock, actor_id=self.admin.id, values=values
            )
        except NegotiationError as error:
            self.status.setText(text.render(error.message))
            return False
        self._show_policy(policy)
        self.status.setText(self.tr("Saved the promise policy."))
        return True
