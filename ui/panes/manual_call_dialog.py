"""Record a call made outside the softphone (a desk or mobile phone while the line was down): which number, when
(in the customer's time), whether someone answered, and why. The service checks it again and audits it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agent_desk import text as domain_text
from agent_desk.profile_view import mask_phone
from agent_desk.scheduling.attempts import MANUAL_CALL_MAX_AGE
from agent_desk.worklist import CustomerProfile
from ui import text
from ui.widgets.date_fields import show_local_dates

PHONE_KINDS = ("mobile", "home", "work", "whatsapp")


class ManualCallDialog(QDialog):
    """The facts of one manual call; :meth:`values` gives them to the call loop."""

    def __init__(
        self,
        profile: CustomerProfile,
        zone: str,
        now: dt.datetime,
        number_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("manual_call_dialog")
        self.setWindowTitle(self.tr("Record a manual call"))
        self._zone = zone
        intro = QLabel(
            self.tr(
                "Only for a call you really made outside the softphone, to {name}. It counts like any call and "
                "your supervisor sees that it was entered by hand."
            ).format(name=profile.full_name)
        )
        intro.setWordWrap(True)
        self.number = QComboBox()
        self.number.setObjectName("manual_call_number")
        for point in profile.contact_points:
            if str(point.kind) not in PHONE_KINDS:
                continue
            kind = text.label(f"contact_kind.{point.kind}")
            self.number.addItem(f"{kind} {mask_phone(point.raw_value, point.e164)}", point.id)
            if point.id == number_id:
                self.number.setCurrentIndex(self.number.count() - 1)
        self.number.setPlaceholderText(self.tr("The customer has no phone number on record"))
        local_now = now.astimezone(ZoneInfo(zone))
        self.when = QDateTimeEdit()
        self.when.setObjectName("manual_call_when")
        show_local_dates(self.when, weekday=True, time=True)
        earliest = local_now - MANUAL_CALL_MAX_AGE
        self.when.setDateTimeRange(_qt(earliest), _qt(local_now))
        self.when.setDateTime(_qt(local_now))
        zone_note = QLabel(self.tr("Customer's time ({zone})").format(zone=domain_text.zone_abbreviation(zone) or zone))
        self.answered = QCheckBox(self.tr("Someone answered"))
        self.answered.setChecked(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("manual_call_reason")
        self.reason.setPlaceholderText(self.tr("Why not through the softphone, e.g. the line was down"))
        self.problem = QLabel()
        self.problem.setObjectName("manual_call_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b91c1c;")
        form = QFormLayout()
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("When"), self.when)
        form.addRow("", zone_note)
        form.addRow("", self.answered)
        form.addRow(self.tr("Why"), self.reason)
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton(self.tr("Record the call"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("primary")
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.reason.setFocus()

    def values(self) -> tuple[int, dt.datetime, str, bool]:
        """(number, moment in UTC, reason, someone answered)."""
        moment = self.when.dateTime()
        day, clock = moment.date(), moment.time()
        local = dt.datetime(
            day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=ZoneInfo(self._zone)
        )
        return (
            int(self.number.currentData()),
            local.astimezone(dt.UTC),
            self.reason.text().strip(),
            (self.answered.isChecked()),
        )

    @Slot()
    def accept(self) -> None:
        if self.number.currentIndex() < 0:
            self.problem.setText(self.tr("Choose the number you called."))
            return
        if not self.reason.text().strip():
            self.problem.setText(self.tr("Say why the call was made outside the softphone."))
            self.reason.setFocus()
            return
        super().accept()


def _qt(moment: dt.datetime) -> QDateTime:
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))
