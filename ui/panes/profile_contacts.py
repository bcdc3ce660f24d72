"""The profile's people tabs: contact points (to choose the number to dial) and the customer's details and consents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agent_desk import profile_view as view
from agent_desk.compliance.policy import valid_zone
from agent_desk.text import zone_abbreviation
from agent_desk.worklist.facts import PHONE_KINDS
from agent_desk.worklist.profile import CustomerProfile
from db.models import ContactOwner, FlagKind
from ui import text
from ui.panes.profile_header import number_label, tr
from ui.panes.profile_models import ConsentsModel, ContactRow, ContactsModel, dialable_text
from ui.panes.profile_pages import hint_label, set_widths, table_view


class ContactsPage(QWidget):
    """Every contact point: whose, dialable or why not, checks, zone override, the hours it is answered.

    Signals:
        chosen(int): a dialable number was picked (double-click, Enter or the button).
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ContactsModel(self)
        self.view = table_view(self.model, two_lines=True, stretch=2)
        self.view.setObjectName("profile_contacts")
        set_widths(self.view, ("▶ mobile 0812-••••-1143 · primary", "No — flagged: Do not call"))
        self.view.activated.connect(self._activated)
        self.button = QPushButton(tr("Use this number"))
        self.button.setObjectName("choose_number")
        self.button.clicked.connect(self._choose_current)
        self.note = QLabel()
        self.note.setObjectName("profile_hint")
        self.note.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 2, 0, 0)
        box.setSpacing(3)
        box.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.note, 1)
        box.addLayout(row)
        box.addWidget(hint_label(tr("Double-click or Enter on a number chooses it for the next call.")))

    def show_contacts(
        self,
        profile: CustomerProfile,
        now: dt.datetime,
        zone: str | None,
        shown_zone: str,
        chosen: int | None,
        *,
        debtor_owners: Collection[ContactOwner],
        blocking_flags: Collection[FlagKind],
    ) -> int:
        rows = []
        for point in profile.contact_points:
            status = view.number_status(
                point, profile.flags, now, debtor_owners=debtor_owners, blocking_flags=blocking_flags
            )
            number_zone = valid_zone(point.timezone_override) or zone or shown_zone
            hours = (
                view.answer_hours(profile.interactions, point.id, number_zone) if point.kind in PHONE_KINDS else None
            )
            row = ContactRow(point, status, hours, number_zone)
            row.chosen = point.id == chosen
            rows.append(row)
        self.model.set_rows(rows)
        self.view.scrollToTop()
        self.note.setText("")
        return len(rows)

    def set_chosen(self, number_id: int | None) -> None:
        model = self.model
        for index, row in enumerate(model.rows()):
            chosen = row.point.id == number_id
            if row.chosen != chosen:
                row.chosen = chosen
                model.refresh_row(index)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.choose_row(index.row())

    @Slot()
    def _choose_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.choose_row(index.row())

    def choose_row(self, row_number: int) -> bool:
        """Pick the number on ``row_number``; refused, with the reason shown, when it cannot be dialled."""
        row = self.model.row_at(row_number)
        if row is None:
            return False
        if not row.status.dialable:
            self.note.setText(
                tr("{number} cannot be dialled: {why}").format(number=number_label(row.point), why=dialable_text(row))
            )
            return False
        self.set_chosen(row.point.id)
        note = tr("Next call on {number}").format(number=number_label(row.point))
        if row.status.state is view.NumberState.LOCATE_ONLY:
            note += " — " + tr("only to find the customer: do not discuss the debt")
        self.note.setText(note)
        self.chosen.emit(row.point.id)
        return True

    def clear(self) -> None:
        self.model.set_rows(())
        self.note.setText("")


class CustomerPage(QScrollArea):
    """Who the customer is (address, employer, stated income, zone…) and the consents they gave."""

    FIELDS = ("number", "nik", "born", "address", "zone", "employer", "income", "language", "assigned", "lease")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        titles = {
            "number": tr("Customer number"),
            "nik": tr("National ID"),
            "born": tr("Born"),
            "address": tr("Address"),
            "zone": tr("Time zone"),
            "employer": tr("Employer"),
            "income": tr("Stated income"),
            "language": tr("Language"),
            "assigned": tr("Assigned to"),
            "lease": tr("Being worked by"),
        }
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 2, 4, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(3)
        self.details: dict[str, QLabel] = {}
        for key in self.FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details[key] = value
            form.addRow(titles[key], value)
        box.addLayout(form)
        title = QLabel(tr("Consents"))
        title.setObjectName("section_title")
        self.consents_model = ConsentsModel(self)
        self.consents_view = table_view(self.consents_model, stretch=2)
        self.consents_view.setObjectName("profile_consents")
        set_widths(
            self.consents_view, ("Calls outside the usual hours (19:00–21:00)", "30 Sep 2026, on a recorded call")
        )
        self.consents_empty = hint_label(tr("No consents recorded."))
        box.addWidget(title)
        box.addWidget(self.consents_empty)
        box.addWidget(self.consents_view)
        box.addStretch(1)
        self.setWidget(inner)

    def show_customer(
        self,
        profile: CustomerProfile,
        now: dt.datetime,
        today: dt.date,
        zone: str | None,
        shown_zone: str,
        agent_names: Mapping[int, str],
    ) -> None:
        missing = tr("not on record")
        details = self.details
        details["number"].setText(profile.customer_number)
        details["nik"].setText(profile.national_id_masked or missing)
        born = missing
        if profile.birth_date is not None:
            born = tr("{day} ({age} years)").format(
                day=text.date(profile.birth_date), age=view.age_on(profile.birth_date, today)
            )
        details["born"].setText(born)
        address = ", ".join(part for part in (profile.address_line, profile.city, profile.province) if part)
        details["address"].setText(address or missing)
        if zone is None:
            zone_text = tr("Unknown: only hours inside the window in every zone are used")
        elif valid_zone(profile.timezone):
            zone_text = f"{zone_abbreviation(zone)} ({zone})"
        else:
            zone_text = tr("{abbreviation} ({zone}), from the province").format(
                abbreviation=zone_abbreviation(zone), zone=zone
            )
        details["zone"].setText(zone_text)
        details["employer"].setText(profile.employer or missing)
        currency = profile.accounts[0].currency if profile.accounts else "IDR"
        income = tr("not stated")
        if profile.monthly_income is not None:
            income = tr("{amount} a month").format(amount=text.money(profile.monthly_income, currency))
        details["income"].setText(income)
        languages = {"id": tr("Indonesian"), "en": tr("English")}
        details["language"].setText(languages.get(profile.language, profile.language))
        details["assigned"].setText(agent_name(profile.assigned_user_id, agent_names) or tr("nobody"))
        lease = tr("nobody")
        if profile.lease_user_id is not None and profile.lease_until is not None and profile.lease_until > now:
            lease = tr("{agent} until {time}").format(
                agent=agent_name(profile.lease_user_id, agent_names),
                time=text.local_time(profile.lease_until, shown_zone),
            )
        details["lease"].setText(lease)
        self.consents_model.now = now
        self.consents_model.zone = shown_zone
        self.consents_model.set_rows(profile.consents)
        self.consents_empty.setVisible(not profile.consents)
        self.consents_view.setVisible(bool(profile.consents))
        rows = max(len(profile.consents), 1)
        self.consents_view.setFixedHeight(
            self.consents_view.horizontalHeader().height()
            + rows * self.consents_view.verticalHeader().defaultSectionSize()
            + 4
        )

    def clear(self) -> None:
        for label in self.details.values():
            label.setText("")
        self.consents_model.set_rows(())
        self.consents_view.setVisible(False)
        self.consents_empty.setVisible(True)


def agent_name(user_id: int | None, agent_names: Mapping[int, str]) -> str:
    if user_id is None:
        return ""
    return agent_names.get(user_id) or tr("agent #{id}").format(id=user_id)
