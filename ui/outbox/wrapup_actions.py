"""The wrap-up's two message buttons: *Send payment details…* (any time a customer is open) and *Send plan
summary…* (once a plan from the calculator, or a promise with its amount and date, is in the wrap-up).

:func:`attach_message_actions` is the whole hook: it puts the buttons into the workspace's wrap-up pane and
follows the call loop; the workspace and the pane know nothing else of the outbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.background import Background

if TYPE_CHECKING:
    from ui.outbox.send_dialog import SendMessageDialog


class MessageActions(QWidget):
    def __init__(self, workspace: Any, background: Background, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_actions")
        self.workspace = workspace
        self.background = background
        self.dialog: SendMessageDialog | None = None
        self.payment_button = QPushButton(self.tr("Send payment details…"))
        self.payment_button.setObjectName("send_payment_details")
        self.plan_button = QPushButton(self.tr("Send plan summary…"))
        self.plan_button.setObjectName("send_plan_summary")
        self.plan_button.setToolTip(self.tr("Needs a plan from the calculator, or a promise with its amount and date"))
        layout = QVBoxLayout(self)  # one above the other: the wrap-up column stays narrow on a small screen
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.payment_button)
        layout.addWidget(self.plan_button)
        self.payment_button.clicked.connect(lambda: self.open("payment_details"))
        self.plan_button.clicked.connect(lambda: self.open("plan_summary"))
        workspace.loop.customer_changed.connect(self._refresh)
        workspace.wrapup.draft_changed.connect(self._refresh)
        workspace.wrapup.disposition.currentIndexChanged.connect(self._refresh)
        workspace.wrapup.amount.textChanged.connect(self._refresh)
        self._refresh()

    @Slot()
    def _refresh(self, *_args: object) -> None:
        current = self.workspace.loop.current
        wrapup = self.workspace.wrapup
        self.payment_button.setEnabled(current is not None)
        spec = wrapup.spec
        promised = bool(spec and spec.needs_promise and (wrapup.plan or wrapup.amount.text().strip()))
        self.plan_button.setEnabled(current is not None and promised)

    def open(self, template: str) -> None:
        from agent_desk.outbox import plan_context  # the outbox loads when a message is first sent, not at start
        from ui.outbox.send_dialog import SendMessageDialog

        current = self.workspace.loop.current
        if current is None:
            return
        profile = current.profile
        context, user = self.workspace.context, self.workspace.user
        prepare = None
        if template == "plan_summary":
            zone = profile.timezone or (current.status.shown_zone if current.status else "Asia/Jakarta")
            today = context.clock.now().astimezone(ZoneInfo(zone)).date()
            currency = profile.accounts[0].currency if profile.accounts else "IDR"
            fields = self.workspace.wrapup.fields()

            def prepare() -> dict[str, Any]:
                return plan_context(context.database, user.id, fields, today=today, currency=currency)

        self.dialog = SendMessageDialog(
            context,
            user,
            self.background,
            customer_id=profile.id,
            customer_name=profile.full_name,
            template=template,
            prepare=prepare,
            parent=self.window(),
        )
        self.dialog.sent.connect(self._sent)
        self.dialog.open()

    @Slot(object)
    def _sent(self, result: Any) -> None:
        self.workspace.wrapup.show_notice(result.summary)


def attach_message_actions(workspace: Any) -> MessageActions:
    """Add the message buttons to ``workspace``'s wrap-up pane (below the form, above *Save outcome*)."""
    actions = MessageActions(workspace, workspace.loop.background)
    workspace.wrapup.add_actions(actions)
    return actions
