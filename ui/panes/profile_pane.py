"""The customer profile (interim view; the full profile pane replaces this module with the same API)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from agent_desk.clock import Clock
from agent_desk.worklist import CustomerProfile, Evaluation
from ui import text


class ProfilePane(QWidget):
    number_chosen = Signal(int)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_pane")
        self._clock = clock
        self._profile: CustomerProfile | None = None
        self._status: Evaluation | None = None
        self._number_id: int | None = None
        title = QLabel(self.tr("Customer profile"))
        title.setObjectName("pane_title")
        self.name = QLabel(self.tr("No customer open"))
        self.name.setObjectName("customer_name")
        self.local_clock = QLabel()
        self.local_clock.setObjectName("local_clock")
        self.may_call = QLabel()
        self.accounts = QTableWidget(0, 4)
        self.accounts.setHorizontalHeaderLabels(
            [self.tr("Account"), self.tr("Product"), self.tr("Arrears"), self.tr("DPD")]
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (title, self.name, self.local_clock, self.may_call, self.accounts):
            layout.addWidget(widget)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start()

    @property
    def profile(self) -> CustomerProfile | None:
        return self._profile

    @property
    def chosen_number_id(self) -> int | None:
        return self._number_id

    def show_loading(self, name: str | None = None) -> None:
        self.name.setText(name or self.tr("Loading…"))

    def show_profile(
        self,
        profile: CustomerProfile,
        status: Evaluation | None,
        *,
        agent_names: Mapping[int, str],
        number_id: int | None = None,
    ) -> None:
        del agent_names
        self._profile = profile
        self._number_id = number_id
        self.name.setText(profile.full_name)
        self.accounts.setRowCount(len(profile.accounts))
        for row, account in enumerate(profile.accounts):
            for column, value in enumerate(
                (
                    account.account_number,
                    text.label(f"product.{account.product}"),
                    text.money(account.arrears, account.currency),
                    str(account.days_past_due),
                )
            ):
                self.accounts.setItem(row, column, QTableWidgetItem(value))
        self.update_status(status)
        self._update_clock()

    def update_status(self, status: Evaluation | None) -> None:
        self._status = status
        if status is None:
            self.may_call.clear()
        elif status.allowed:
            self.may_call.setText(self.tr("May call now"))
        else:
            self.may_call.setText("; ".join(text.render(m) for m in status.reasons))

    def clear(self) -> None:
        self._profile = None
        self._number_id = None
        self.name.setText(self.tr("No customer open"))
        self.accounts.setRowCount(0)
        self.may_call.clear()
        self.local_clock.clear()

    @Slot()
    def _update_clock(self) -> None:
        if self._profile is None:
            return
        zone = self._profile.timezone or "Asia/Jakarta"
        self.local_clock.setText(text.local_time(self._clock.now(), zone))
