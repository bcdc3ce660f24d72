"""Supervisor: plans beyond an agent's authority, waiting for a decision. Approve, or reject with a reason; the
agent sees the decision on the customer's profile. The service layer decides who may approve what."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.language_guard import FlagRow, ReviewError, list_flags, mark_reviewed
from agent_desk.negotiation import (
    ApprovalRequest,
    ApproverChoice,
    NegotiationError,
    approvers_for,
    decide,
    escalate,
    pending_approvals,
)
from agent_desk.portfolio import UserSummary
from ui import text
from ui.role_views import TitledView
from ui.widgets.choice_dialog import ChoiceDialog


class ApprovalsView(TitledView):
    decided = Signal(int, bool)  # plan id, approved

    def __init__(self, context: AppContext, user: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Plans waiting for approval"),
            self.tr(
                "Plans agents offered beyond their authority. The customer was told a supervisor decides; "
                "the agent sees your decision on the customer."
            ),
            parent=parent,
        )
        self.setObjectName("approvals_view")
        self.context = context
        self.user = user
        self._requests: list[ApprovalRequest] = []
        self.table = review_table(
            "approvals_table",
            [
                self.tr("Requested"),
                self.tr("Agent"),
                self.tr("Customer"),
                self.tr("Offer"),
                self.tr("Base"),
                self.tr("Discount"),
                self.tr("Total and payments"),
                self.tr("Why approval"),
            ],
            stretch=7,
        )
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason (needed to reject; shown to the agent)"))
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("primary")
        self.reject_button = QPushButton(self.tr("Reject"))
        self.escalate_button = QPushButton(self.tr("Escalate…"))
        self.escalate_button.setObjectName("escalate_button")
        self.escalate_button.setToolTip(
            self.tr("Beyond your own authority: hand it to someone whose authority covers it (the reason goes along)")
        )
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.status = QLabel()
        self.status.setObjectName("approvals_status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.escalate_button)
        buttons.addWidget(self.refresh_button)
        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addLayout(buttons)
        self.body_layout.addWidget(self.status)
        self.approve_button.clicked.connect(lambda: self.decide_selected(approve=True))
        self.reject_button.clicked.connect(lambda: self.decide_selected(approve=False))
        self.escalate_button.clicked.connect(self.ask_escalation)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._requests = pending_approvals(self.context.database, supervisor_id=self.user.id)
        self.table.setRowCount(len(self._requests))
        for row, request in enumerate(self._requests):
            zone = "Asia/Jakarta"
            cells = (
                text.local_time(request.requested_at, zone, with_date=True),
                request.requested_by,
                request.customer_name,
                text.label(f"negotiation.kind.{request.kind.value}"),
                text.money(request.base_amount, request.currency),
                _discount(request),
                self.tr("{total} in {count} from {day}").format(
                    total=text.money(request.total, request.currency),
                    count=request.installments,
                    day=text.date(request.first_date) if request.first_date else "—",
                ),
                _why(request),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, request.plan_id)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if self._requests:
            self.table.selectRow(0)
        else:
            self.status.setText(self.tr("Nothing is waiting for a decision."))
        self._selection_changed()

    def select_plan(self, plan_id: int) -> bool:
        for row, request in enumerate(self._requests):
            if request.plan_id == plan_id:
                self.table.selectRow(row)
                return True
        return False

    def decide_selected(self, *, approve: bool, reason: str | None = None) -> bool:
        row = self.table.currentRow()
        if row < 0 or row >= len(self._requests):
            return False
        request = self._requests[row]
        why = reason if reason is not None else self.reason.text().strip()
        if not approve and not why:
            why, ok = QInputDialog.getText(self, self.tr("Reject the plan"), self.tr("Why? The agent will see this."))
            if not ok or not why.strip():
                self.status.setText(self.tr("A rejection needs a reason."))
                return False
        try:
            decide(
                self.context.database,
                self.context.clock,
                plan_id=request.plan_id,
                supervisor_id=self.user.id,
                approve=approve,
                reason=why.strip(),
            )
        except NegotiationError as error:
            said = text.render(error.message)
            if error.message.code == "negotiation.error.beyond_approver":
                said += " " + self.tr("Escalate it to someone whose authority covers it.")
            self.status.setText(said)
            return False
        self.status.setText(
            (self.tr("Approved the plan for {name}.") if approve else self.tr("Rejected the plan for {name}.")).format(
                name=request.customer_name
            )
        )
        self.reason.clear()
        self.decided.emit(request.plan_id, approve)
        self.refresh()
        return True

    def selected(self) -> ApprovalRequest | None:
        row = self.table.currentRow()
        return self._requests[row] if 0 <= row < len(self._requests) else None

    @Slot()
    def ask_escalation(self) -> None:
        """Escalate…: choose who, among those whose own authority covers the plan."""
        request = self.selected()
        if request is None:
            return
        try:
            choices = approvers_for(self.context.database, plan_id=request.plan_id, supervisor_id=self.user.id)
        except NegotiationError as error:
            self.status.setText(text.render(error.message))
            return
        if not choices:
            self.status.setText(
                self.tr(
                    "Nobody's authority covers this plan. An admin can raise a limit (Admin › Limits), or reject it."
                )
            )
            return
        dialog = ChoiceDialog(
            self.tr("Escalate the plan"),
            self.tr("Who decides the plan for {name}? Only those whose authority covers it are listed.").format(
                name=request.customer_name
            ),
            [(str(choice.user_id), _approver_line(choice)) for choice in choices],
            ok_text=self.tr("Escalate"),
            parent=self,
        )
        dialog.accepted.connect(lambda: self.escalate_selected(int(dialog.code)) if dialog.code else None)
        self.escalation_dialog = dialog
        dialog.open()

    def escalate_selected(self, to_user_id: int) -> bool:
        request = self.selected()
        if request is None:
            return False
        try:
            chosen = escalate(
                self.context.database,
                self.context.clock,
                plan_id=request.plan_id,
                supervisor_id=self.user.id,
                to_user_id=to_user_id,
                note=self.reason.text(),
            )
        except NegotiationError as error:
            self.status.setText(text.render(error.message))
            return False
        self.reason.clear()
        self.refresh()
        self.status.setText(
            self.tr("Escalated the plan for {name} to {to}.").format(name=request.customer_name, to=chosen.name)
        )
        return True

    @Slot()
    def _selection_changed(self) -> None:
        request = self.selected()
        chosen = request is not None
        self.approve_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)
        self.escalate_button.setEnabled(bool(request and request.beyond_you))


def _why(request: ApprovalRequest) -> str:
    """Whose limit the plan is beyond: the agent's, the reader's own too, and where it was escalated."""
    lines = ["; ".join(text.render(reason) for reason in request.reasons)]
    if request.beyond_you:
        lines.append("; ".join(text.render(reason) for reason in request.beyond_you))
    if request.escalation is not None:
        lines.append(text.render(request.escalation))
    return "\n".join(line for line in lines if line)


def _approver_line(choice: ApproverChoice) -> str:
    authority = choice.authority
    return QCoreApplication.translate(
        "ApprovalsView",
        "{name} · {role} · settlement up to {settlement}%, early payment up to {early}%, {count} payments",
    ).format(
        name=choice.name,
        role=text.label(f"role.{choice.role.value}"),
        settlement=f"{(authority.max_settlement_discount * 100).normalize():f}",
        early=f"{(authority.max_early_payment_discount * 100).normalize():f}",
        count=authority.max_installments,
    )


def _discount(request: ApprovalRequest) -> str:
    if not request.discount_amount:
        return "—"
    percent = f"{(request.discount_rate * 100).normalize():f}"
    return f"{percent} % · {text.money(request.discount_amount, request.currency)}"


class FlaggedWordingView(TitledView):
    """Supervisor: notes whose wording may threaten, humiliate or coerce, kept by the wrap-up save for review."""

    def __init__(self, context: AppContext, user: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Flagged wording"),
            self.tr(
                "Notes an agent saved although the desk warned that the words may sound threatening, humiliating "
                "or coercive. Talk it through with the agent, then mark it reviewed."
            ),
            parent=parent,
        )
        self.setObjectName("flagged_wording_view")
        self.context = context
        self.user = user
        self._flags: list[FlagRow] = []
        self.table = review_table(
            "flags_table",
            [self.tr("Saved"), self.tr("Agent"), self.tr("Customer"), self.tr("Kind"), self.tr("Words"), self.tr("In")],
            stretch=4,
        )
        self.reviewed_button = QPushButton(self.tr("Mark reviewed"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.reviewed_button)
        buttons.addWidget(self.refresh_button)
        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addLayout(buttons)
        self.reviewed_button.clicked.connect(self.mark_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        with self.context.database.session() as session:
            self._flags = list_flags(session)
        self.table.setRowCount(len(self._flags))
        kinds = {
            "threat": self.tr("Threat"),
            "humiliation": self.tr("Humiliation"),
            "coercion": self.tr("Coercion"),
        }
        for row, flag in enumerate(self._flags):
            cells = (
                text.local_time(flag.created_at, flag.customer_zone or "Asia/Jakarta", with_date=True),
                flag.user_name or "—",
                flag.customer_name or "—",
                kinds.get(flag.category, flag.category),
                f"“{flag.matched_text}”",
                self.tr("Notes") if flag.field == "notes" else flag.field,
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.status.setText("" if self._flags else self.tr("Nothing to review."))
        self.reviewed_button.setEnabled(bool(self._flags))

    @Slot()
    def mark_selected(self) -> bool:
        row = self.table.currentRow()
        if row < 0 or row >= len(self._flags):
            return False
        try:
            mark_reviewed(
                self.context.database, self.context.clock, flag_id=self._flags[row].id, reviewer_id=self.user.id
            )
        except ReviewError as error:
            self.status.setText(text.render(error.message))
            return False
        self.refresh()
        return True


def review_table(name: str, headers: list[str], *, stretch: int) -> QTableWidget:
    """A read-only list of items to decide on, one selected row at a time; ``stretch`` takes the spare width."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # Rows as tall as their wrapped text at the width the columns really have (not the width before the table showed):
    # measured once the columns have all settled, after the event that resized them (a row measured while the
    # stretched column was still narrow kept eight lines' height for two).
    rows = QTimer(table)
    rows.setSingleShot(True)
    rows.setInterval(0)
    rows.timeout.connect(table.resizeRowsToContents)
    header.sectionResized.connect(lambda *_: rows.start())
    return table
