"""The admin room's dialogs: a user (new or changed), a user's SIP account, a user's or a role's authority limits.

Each only collects what the admin types; the room hands it to :mod:`agent_desk.admin` or
:mod:`agent_desk.negotiation`, which check it again and audit it, and shows their refusal in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from agent_desk.admin import AdminError, SipAccountForm, TeamChoice, UserRecord
from agent_desk.negotiation import Authority, NegotiationError
from agent_desk.text import LANGUAGES
from db.models import Role, SipTransport
from ui import text
from ui.preferences import LANGUAGE_NAMES


class FormDialog(QDialog):
    """A form, a line for problems, and Save / Cancel in the interface language."""

    base_only = True  # shown only as one of the dialogs below (ui.examples)

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.problem = QLabel()
        self.problem.setObjectName("admin_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b91c1c;")
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

        self.on_save: Callable[[], str] | None = None  # does the change; its refusal is shown here
        self.saved = ""

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)

    @Slot()
    def accept(self) -> None:
        if self.on_save is not None:
            try:
                self.saved = self.on_save()
            except (AdminError, NegotiationError) as error:
                self.show_problem(text.render(error.message))
                return
        super().accept()

    def set_note(self, message: str) -> None:
        self.note.setText(message)
        self.note.setVisible(bool(message))


class UserDialog(FormDialog):
    """A new user (with their login), or the name, role, team and language of one."""

    def __init__(self, teams: list[TeamChoice], user: UserRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a user") if user is None else self.tr("Change a user"), "user_dialog", parent)
        self.user = user
        self.login = QLineEdit(user.login if user else "")
        self.login.setPlaceholderText(self.tr("e.g. dewi.lestari"))
        self.login.setReadOnly(user is not None)
        self.login.setToolTip(self.tr("The login never changes: it names the user in the audit trail"))
        self.name = QLineEdit(user.display_name if user else "")
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(text.label(f"role.{role.value}"), role.value)
        self.role.setCurrentIndex(max(self.role.findData((user.role if user else Role.AGENT).value), 0))
        self.team = QComboBox()
        self.team.addItem(self.tr("No team"), None)
        for team in teams:
            self.team.addItem(team.name, team.id)
        self.team.setCurrentIndex(max(self.team.findData(user.team_id) if user and user.team_id else 0, 0))
        self.language = QComboBox()
        self.language.setProperty("own_language_names", True)
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(self.language.findData(user.language if user else "id"), 0))
        self.form.addRow(self.tr("Login"), self.login)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("Team"), self.team)
        self.form.addRow(self.tr("Language"), self.language)
        (self.name if user else self.login).setFocus()

    @property
    def chosen_role(self) -> Role:
        return Role(str(self.role.currentData()))

    @property
    def chosen_team(self) -> int | None:
        data = self.team.currentData()
        return int(data) if data is not None else None


class SipAccountDialog(FormDialog):
    """A user's line: registrar, user, transport, proxy, recording; the password only for this computer."""

    def __init__(
        self, user: UserRecord, account: SipAccountForm | None, keyring_available: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("SIP account of {name}").format(name=user.display_name), "sip_account_dialog", parent)
        account = account or SipAccountForm(registrar="", sip_user="")
        self.registrar = QLineEdit(account.registrar)
        self.registrar.setPlaceholderText("sip.example.co.id:5060")
        self.sip_user = QLineEdit(account.sip_user)
        self.sip_user.setPlaceholderText(self.tr("extension or SIP user"))
        self.auth_user = QLineEdit(account.auth_user)
        self.auth_user.setPlaceholderText(self.tr("only if it differs"))
        self.display_name = QLineEdit(account.display_name or user.display_name)
        self.transport = QComboBox()
        for transport in SipTransport:
            self.transport.addItem(transport.value.upper(), transport.value)
        self.transport.setCurrentIndex(max(self.transport.findData(account.transport.value), 0))
        self.proxy = QLineEdit(account.outbound_proxy)
        self.proxy.setPlaceholderText(self.tr("none"))
        self.record_calls = QCheckBox(self.tr("Record this user's calls"))
        self.record_calls.setChecked(account.record_calls)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("empty: asked at their desk"))
        self.password.setToolTip(self.password.placeholderText())
        self.password.setEnabled(keyring_available)
        self.form.addRow(self.tr("Registrar"), self.registrar)
        self.form.addRow(self.tr("SIP user"), self.sip_user)
        self.form.addRow(self.tr("Auth user"), self.auth_user)
        self.form.addRow(self.tr("Shown as"), self.display_name)
        self.form.addRow(self.tr("Transport"), self.transport)
        self.form.addRow(self.tr("Outbound proxy"), self.proxy)
        self.form.addRow("", self.record_calls)
        self.form.addRow(self.tr("Password"), self.password)
        self.set_note(
            self.tr(
                "The password is never stored in the database. Type it here only when this computer is the "
                "user's own desk: it goes to this computer's keyring. Otherwise their desk asks for it once."
            )
            if keyring_available
            else self.tr("This computer has no keyring: the user's desk asks for the password.")
        )

    def account(self) -> SipAccountForm:
        return SipAccountForm(
            registrar=self.registrar.text(),
            sip_user=self.sip_user.text(),
            auth_user=self.auth_user.text(),
            display_name=self.display_name.text(),
            transport=SipTransport(str(self.transport.currentData())),
            outbound_proxy=self.proxy.text(),
            record_calls=self.record_calls.isChecked(),
        )


def _percent_box(value: Decimal) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 100)
    box.setDecimals(2)
    box.setSuffix(" %")
    box.setValue(float(value * 100))
    return box


class LimitsDialog(FormDialog):
    """Authority limits of a role, or a user's own (with "use the role's limits")."""

    def __init__(self, title: str, authority: Authority, *, for_user: bool, parent: QWidget | None = None) -> None:
        super().__init__(title, "limits_dialog", parent)
        self.settlement = _percent_box(authority.max_settlement_discount)
        self.early_payment = _percent_box(authority.max_early_payment_discount)
        self.installments = QSpinBox()
        self.installments.setRange(1, 120)
        self.installments.setValue(authority.max_installments)
        self.use_role = QCheckBox(self.tr("Use the role's limits (no limits of their own)"))
        self.use_role.setVisible(for_user)
        self.use_role.setChecked(for_user and authority.source == "role")
        self.use_role.toggled.connect(self._own_toggled)
        self.form.addRow("", self.use_role)
        self.form.addRow(self.tr("Settlement discount up to"), self.settlement)
        self.form.addRow(self.tr("Early-payment discount up to"), self.early_payment)
        self.form.addRow(self.tr("Payments at most"), self.installments)
        self._own_toggled(self.use_role.isChecked())

    def _own_toggled(self, role_limits: bool) -> None:
        for box in (self.settlement, self.early_payment, self.installments):
            box.setEnabled(not role_limits)

    def rates(self) -> tuple[Decimal, Decimal, int]:
        def rate(box: QDoubleSpinBox) -> Decimal:
            return (Decimal(str(round(box.value(), 2))) / 100).quantize(Decimal("0.0001"))

        return rate(self.settlement), rate(self.early_payment), self.installments.value()
