"""The customer profile: the header always in view, the rest in tabs; painted from one CustomerProfile.

The workspace loads the profile off the GUI thread and calls :meth:`ProfilePane.show_profile` with it. Showing a
customer replaces the rows of the tabs' models and updates the header and the chart in place: no widget is made
or destroyed per customer, and nothing is measured row by row, so it stays fast on the *Next* path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agent_desk import profile_view as view
from agent_desk.clock import Clock
from agent_desk.compliance.policy import Policy, load_policy
from agent_desk.worklist.evaluate import Evaluation
from agent_desk.worklist.profile import ContactPointView, CustomerProfile
from ui import text
from ui.panes.profile_accounts import AccountsPage, InstructionsPage, PaymentsPage
from ui.panes.profile_contacts import ContactsPage, CustomerPage
from ui.panes.profile_header import ProfileHeader, days, flag_badges, label, tr
from ui.panes.profile_timeline import TimelinePage

ACCOUNTS_TAB, INSTRUCTIONS_TAB, PAYMENTS_TAB, HISTORY_TAB, NUMBERS_TAB, CUSTOMER_TAB = range(6)


class ProfilePane(QWidget):
    """One customer: identity, flags, local clock and may-call line on top; accounts, how to pay, payments,
    history, numbers and the customer's details and consents in tabs.

    ``policy`` (default: the default policy pack) says which flags block, who the debtor's numbers belong to and
    the country's zones (shown when the customer's zone is unknown); pass the policy in force.

    Signals:
        number_chosen(int): the agent picked a dialable contact point (double-click or Enter on it).
    """

    number_chosen = Signal(int)

    def __init__(self, clock: Clock, parent: QWidget | None = None, *, policy: Policy | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_pane")
        self._clock = clock
        self._policy = policy or load_policy()
        self._profile: CustomerProfile | None = None
        self._status: Evaluation | None = None
        self._chosen: int | None = None
        self._chosen_by_agent = False
        self._zone: str | None = None
        self._shown_zone = self._policy.zones[0]
        self._points: dict[int, ContactPointView] = {}
        self._minute: dt.datetime | None = None

        self.header = ProfileHeader()
        self.name = self.header.name
        self.local_clock = self.header.local_clock
        self.may_call = self.header.may_call
        self.accounts = AccountsPage()
        self.instructions = InstructionsPage()
        self.payments = PaymentsPage()
        self.timeline = TimelinePage()
        self.contacts = ContactsPage()
        self.customer = CustomerPage()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("profile_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        for page in (self.accounts, self.instructions, self.payments, self.timeline, self.contacts, self.customer):
            self.tabs.addTab(page, "")
        self.tabs.setTabText(INSTRUCTIONS_TAB, tr("How to pay"))
        self.tabs.setTabText(CUSTOMER_TAB, tr("Customer"))
        self.contacts.chosen.connect(self._number_picked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self.clear()

    # --- the API the workspace calls ----------------------------------------------------------------------------

    @property
    def profile(self) -> CustomerProfile | None:
        return self._profile

    @property
    def status(self) -> Evaluation | None:
        return self._status

    @property
    def chosen_number_id(self) -> int | None:
        """The number to dial: the agent's pick, else the one *Next* chose, else the contact check's."""
        return self._chosen

    def show_loading(self, name: str | None = None) -> None:
        """While the workspace loads a customer: nothing of the previous one stays on screen."""
        self._forget()
        self.header.show_loading(name)

    def clear(self) -> None:
        self._forget()
        self.header.show_blank()

    def show_profile(
        self,
        profile: CustomerProfile,
        status: Evaluation | None,
        *,
        agent_names: Mapping[int, str],
        number_id: int | None = None,
    ) -> None:
        """Paint ``profile``; ``status`` is its contact check, ``number_id`` the number *Next* chose to dial."""
        now = self._clock.now()
        policy = self._policy
        self._profile = profile
        self._status = status if status is not None and status.customer_id == profile.id else None
        self._zone = view.customer_zone(profile, policy)
        self._shown_zone = self._zone or (self._status.shown_zone if self._status else policy.zones[0])
        self._points = {point.id: point for point in profile.contact_points}
        self._chosen_by_agent = False
        self._chosen = number_id if number_id in self._points else None
        if self._chosen is None and self._status is not None and self._status.number_id in self._points:
            self._chosen = self._status.number_id
        today = view.local_date(now, self._shown_zone)
        self._minute = now.replace(second=0, microsecond=0)

        self.header.show_identity(profile, today)
        self.header.show_flags(flag_badges(profile, policy.blocking_flags, self._points))
        self.header.show_clock(now, self._zone, policy.zones)
        self._show_status_line(now)
        self._show_glance(profile)

        main = self._status.main_account_id if self._status else None
        self.accounts.show_accounts(profile.accounts, today, main)
        self.instructions.show_accounts(profile.accounts)
        payments = self.payments.show_payments(profile.accounts, self._shown_zone, today)
        entries = self.timeline.show_timeline(
            profile, zone=self._shown_zone, now=now, agent_names=agent_names, points=self._points
        )
        numbers = self.contacts.show_contacts(
            profile,
            now,
            self._zone,
            self._shown_zone,
            self._chosen,
            debtor_owners=policy.debtor_owners,
            blocking_flags=policy.blocking_flags,
        )
        self.customer.show_customer(profile, now, today, self._zone, self._shown_zone, agent_names)
        counts = {
            ACCOUNTS_TAB: len(profile.accounts),
            PAYMENTS_TAB: payments,
            HISTORY_TAB: entries,
            NUMBERS_TAB: numbers,
        }
        for tab, title in _counted_tabs().items():
            self.tabs.setTabText(tab, f"{title} ({counts[tab]})")
        self.tabs.setEnabled(True)
        if not self._tick.isActive():
            self._tick.start()

    def update_status(self, status: Evaluation | None) -> None:
        """A fresh contact check (the workspace re-checks every minute); one for another customer is ignored."""
        profile = self._profile
        if profile is None or (status is not None and status.customer_id != profile.id):
            return
        self._status = status
        if not self._chosen_by_agent and status is not None and status.number_id in self._points:
            self._chosen = status.number_id
            self.contacts.set_chosen(self._chosen)
        self._show_status_line(self._clock.now())

    def choose_number(self, number_id: int) -> bool:
        """Choose a number as the agent would (False, with the reason shown, if it cannot be dialled)."""
        row = next((i for i, row in enumerate(self.contacts.model.rows()) if row.point.id == number_id), -1)
        return self.contacts.choose_row(row)

    # --- header ----------------------------------------------------------------------------------------------

    @Slot(int)
    def _number_picked(self, number_id: int) -> None:
        self._chosen_by_agent = True
        self._chosen = number_id
        self._show_status_line(self._clock.now())
        self.number_chosen.emit(number_id)

    def _show_status_line(self, now: dt.datetime) -> None:
        number = self._points.get(self._chosen) if self._chosen is not None else None
        profile = self._profile
        blocking = view.blocking_flags(profile, self._policy.blocking_flags) if profile is not None else []
        self.header.show_status(self._status, now, number, blocking)

    def _show_glance(self, profile: CustomerProfile) -> None:
        """Two lines an agent reads before dialling: the money, and where the relationship stands."""
        money = [
            tr("Arrears {arrears} of {outstanding} outstanding").format(
                arrears=text.money(total.arrears, total.currency),
                outstanding=text.money(total.outstanding, total.currency),
            )
            for total in view.totals(profile.accounts)
        ]
        count = len(profile.accounts)
        money.append(tr("1 account") if count == 1 else tr("{count} accounts").format(count=count))
        if profile.accounts:
            worst = max(account.days_past_due for account in profile.accounts)
            money.append(tr("up to {days} past due").format(days=days(worst)))
        self.header.money.set_full_text(" · ".join(money))

        state = [
            tr("Promise {amount} due {day}").format(
                amount=text.money(promise.amount, promise.currency), day=text.date(promise.due_date)
            )
            for promise in view.pending_promises(profile)[:1]
        ]
        action = view.next_action(profile)
        if action is not None:
            state.append(
                tr("Next: {action} {when}").format(
                    action=label("action", action.kind.value),
                    when=text.local_time(action.due_at, self._shown_zone, with_date=True),
                )
            )
        talk = view.last_conversation(profile)
        if talk is not None:
            day = text.date(view.local_date(talk.started_at, self._shown_zone))
            outcome = label("disposition", talk.disposition_code) if talk.disposition_code else ""
            state.append(tr("Last talked {day}: {outcome}").format(day=day, outcome=outcome))
        elif profile.interactions:
            state.append(tr("Not reached in the last {count} calls").format(count=len(profile.interactions)))
        else:
            state.append(tr("No contact yet"))
        self.header.contact_state.set_full_text(" · ".join(state))

    @Slot()
    def _on_tick(self) -> None:
        if self._profile is None:
            return
        now = self._clock.now()
        self.header.show_clock(now, self._zone, self._policy.zones)
        minute = now.replace(second=0, microsecond=0)
        if minute != self._minute:
            self._minute = minute
            self._show_status_line(now)
            self.timeline.model.set_now(now)

    def _forget(self) -> None:
        self._tick.stop()
        self._profile = None
        self._status = None
        self._chosen = None
        self._chosen_by_agent = False
        self._points = {}
        for page in (self.accounts, self.instructions, self.payments, self.timeline, self.contacts, self.customer):
            page.clear()
        for tab, title in _counted_tabs().items():
            self.tabs.setTabText(tab, title)
        self.tabs.setEnabled(False)


def _counted_tabs() -> dict[int, str]:
    """The tabs whose titles carry a count."""
    return {
        ACCOUNTS_TAB: tr("Accounts"),
        PAYMENTS_TAB: tr("Payments"),
        HISTORY_TAB: tr("History"),
        NUMBERS_TAB: tr("Numbers"),
    }
