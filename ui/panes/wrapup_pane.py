"""Wrap-up: what happened on the call. Asks exactly what the chosen disposition needs, keeps a draft on disk as
it is typed, and shows the next action in words once saved."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QSize, QTime, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk import text as domain_text
from agent_desk.dispositions import DispositionSpec
from agent_desk.text import Message
from agent_desk.wrapup import delinquency_reasons
from ui import text
from ui.widgets.date_fields import show_local_dates

AUTOSAVE_DELAY_MS = 250


class NotesEdit(QPlainTextEdit):
    """The notes box asks for a few lines and grows into the room there is: at its default height the wrap-up
    could not share a laptop screen's column with the phone without scrolling."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 72)


class WrapUpPane(QWidget):
    """The form for one customer at a time. :meth:`fields` is what the draft stores; the loop builds the outcome."""

    save_requested = Signal()
    draft_changed = Signal()  # after a short pause in typing: time to write the draft
    height_changed = Signal()  # rows shown or hidden: the column may share its height out again

    def __init__(
        self, catalog: list[DispositionSpec], now: Callable[[], dt.datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wrapup_pane")
        self._catalog = {spec.code: spec for spec in catalog}
        self._now = now
        self._zone = "Asia/Jakarta"
        self._filling = False
        title = QLabel(self.tr("Wrap-up"))
        title.setObjectName("pane_title")
        self.customer_label = QLabel(self.tr("No customer open"))
        self.customer_label.setWordWrap(True)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("wrapup_hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.hide()
        self.disposition = QComboBox()
        self.disposition.addItem(self.tr("— choose —"), "")
        for spec in catalog:
            self.disposition.addItem(text.render(spec.label), spec.code)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("1.250.000")
        self.promise_date = QDateEdit()
        show_local_dates(self.promise_date, weekday=True)
        self.channel = QComboBox()
        self.channel.setEditable(True)
        self.callback = QDateTimeEdit()
        show_local_dates(self.callback, weekday=True, time=True)
        self.callback_zone = QLabel()
        self.reason = QComboBox()
        self.reason.addItem(self.tr("— not said —"), "")
        for code in delinquency_reasons():
            self.reason.addItem(text.label(f"delinquency_reason.{code}"), code)
        self.plan_label = QLabel()
        self.plan_label.setObjectName("wrapup_plan")
        self.plan_label.setWordWrap(True)
        self.plan_remove = QPushButton(self.tr("Remove plan"))
        self.plan_remove.setToolTip(self.tr("The promise is then typed by hand again (Ctrl+Shift+U)"))
        self.plan_row = QWidget()
        plan_layout = QVBoxLayout(self.plan_row)  # the summary wraps over the field's width
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.plan_label)
        # The button sits under the row's label, beside the summary's second and third lines, not on a row of its
        # own: with a plan used the wrap-up keeps its height on a 1366×768 screen.
        self.plan_head = QWidget()
        head_layout = QVBoxLayout(self.plan_head)
        head_layout.setContentsMargins(0, 0, 0, 0)
        head_layout.addWidget(QLabel(self.tr("Plan")))
        head_layout.addWidget(self.plan_remove)
        head_layout.addStretch(1)
        self._plan: dict[str, Any] | None = None
        self.notes = NotesEdit()
        self.notes.setTabChangesFocus(True)  # Tab goes on to Save; the notes are free text, not a table
        self.notes.setPlaceholderText(self.tr("What was said, what was agreed"))
        self.notes.setMinimumHeight(60)
        # On a tall screen the spare height goes to the notes, not around the plan's summary.
        notes_policy = self.notes.sizePolicy()
        notes_policy.setVerticalStretch(1)
        self.notes.setSizePolicy(notes_policy)
        self.problems = QLabel()
        self.problems.setObjectName("wrapup_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b91c1c;")
        self.result_label = QLabel()
        self.result_label.setObjectName("wrapup_result")
        self.result_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save outcome"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save and open the next customer (Ctrl+S)"))
        self.save_button.setEnabled(False)
        chain = (
            self.disposition,
            self.plan_remove,
            self.amount,
            self.promise_date,
            self.channel,
            self.callback,
            self.reason,
            self.notes,
            self.save_button,
        )
        self._tab_chain: tuple[QWidget, ...] = chain  # set once the pane is in its window (tab order is per window)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow column: fields under labels
        for combo in (self.disposition, self.channel, self.reason):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.form.addRow(self.tr("Disposition"), self.disposition)
        self.form.addRow(self.plan_head, self.plan_row)
        self.form.addRow(self.tr("Amount promised"), self.amount)
        self.form.addRow(self.tr("Pays on"), self.promise_date)
        self.form.addRow(self.tr("Pays by"), self.channel)
        self.form.addRow(self.tr("Call back at"), self.callback)
        self.form.addRow("", self.callback_zone)
        self.form.addRow(self.tr("Reason for arrears"), self.reason)
        self.form.addRow(self.tr("Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(self.customer_label)
        layout.addWidget(self.hint_label)
        layout.addLayout(self.form, 1)  # the room there is goes to the notes
        # What the agent must always see — what is missing, Save, what the save did — in a footer the workspace
        # keeps below the scrolling form.
        self.footer = QWidget()
        self.footer.setObjectName("wrapup_footer")
        footer = QVBoxLayout(self.footer)
        footer.setContentsMargins(4, 0, 4, 4)
        footer.addWidget(self.problems)
        footer.addWidget(self.save_button)
        footer.addWidget(self.result_label)
        layout.addWidget(self.footer)

        self._relayout = QTimer(self)  # owned by the pane: never fires after it is gone
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.form.invalidate)
        self._relayout.timeout.connect(self.height_changed)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.draft_changed)
        self.disposition.currentIndexChanged.connect(self._disposition_changed)
        for signal in (
            self.amount.textChanged,
            self.promise_date.dateChanged,
            self.channel.currentTextChanged,
            self.callback.dateTimeChanged,
            self.reason.currentIndexChanged,
            self.notes.textChanged,
        ):
            signal.connect(self._edited)
        self.save_button.clicked.connect(self.save_requested)
        self.plan_remove.clicked.connect(self.remove_plan)
        self._show_rows(None)
        self.setEnabled(False)

    # --- opening and closing a customer ---

    def start(
        self,
        customer_name: str,
        zone: str,
        channels: list[str],
        fields: dict[str, Any] | None = None,
        disposition: str | None = None,
        *,
        window: str = "",
    ) -> None:
        """Open the form for a customer, optionally restoring a draft's disposition and fields."""
        if self._tab_chain:
            for before, after in itertools.pairwise(self._tab_chain):
                QWidget.setTabOrder(before, after)
            self._tab_chain = ()
        self._filling = True
        try:
            self._zone = zone
            self.setEnabled(True)
            self.customer_label.setText(customer_name)
            self.hint_label.hide()
            self.problems.clear()
            self.channel.clear()
            self.channel.addItems(channels)
            today = self._now().astimezone(ZoneInfo(zone)).date()
            self.promise_date.setMinimumDate(QDate(today.year, today.month, today.day))
            self.promise_date.setDate(QDate(today.year, today.month, today.day).addDays(3))
            local_now = self._now().astimezone(ZoneInfo(zone))
            start = QDateTime(QDate(local_now.year, local_now.month, local_now.day), QTime(local_now.hour, 0))
            self.callback.setDateTime(start.addSecs(2 * 3600))
            abbreviation = domain_text.zone_abbreviation(zone)
            self.callback_zone.setText(
                self.tr("Customer's time ({zone}). {window}").format(zone=abbreviation, window=window)
            )
            self.amount.clear()
            self.notes.clear()
            self.reason.setCurrentIndex(0)
            self._set_plan(None, "")
            self._select(disposition or "")
            if fields:
                self._restore(fields)
            self.save_button.setEnabled(True)
        finally:
            self._filling = False

    def clear(self) -> None:
        self._filling = True
        try:
            self._select("")
            self.amount.clear()
            self.notes.clear()
            self._set_plan(None, "")
            self.customer_label.setText(self.tr("No customer open"))
            self.hint_label.hide()
            self.problems.clear()
            self.save_button.setEnabled(False)
            self.setEnabled(False)
        finally:
            self._filling = False

    def suggest(self, code: str, why: str) -> None:
        """Pre-fill from the call's SIP result; the agent confirms (carriers sometimes answer with a recording)."""
        if code not in self._catalog:
            return
        self._select(code)
        self.hint_label.setText(self.tr("Suggested from the call: {why}. Check it before saving.").format(why=why))
        self.hint_label.show()
        self._edited()

    def attach_plan(self, plan: dict[str, Any], summary: str, first_amount: str, first_date: dt.date) -> None:
        """A plan from the calculator: the promise is its first payment; the save writes the plan with it."""
        promise = next((code for code, spec in self._catalog.items() if spec.needs_promise), None)
        if promise is None:
            return
        self._filling = True
        try:
            if not (self.spec and self.spec.needs_promise):
                self._select(promise)
            self.amount.setText(first_amount)
            self.promise_date.setDate(QDate(first_date.year, first_date.month, first_date.day))
            self._set_plan(plan, summary)
        finally:
            self._filling = False
        self._edited()

    @Slot()
    def remove_plan(self) -> None:
        self._set_plan(None, "")
        self._edited()

    @property
    def plan(self) -> dict[str, Any] | None:
        return self._plan

    def _set_plan(self, plan: dict[str, Any] | None, summary: str) -> None:
        self._plan = plan
        self.plan_label.setText(summary)
        attached = plan is not None
        self.amount.setReadOnly(attached)
        self.promise_date.setReadOnly(attached)
        self._show_rows(self.spec)  # the plan's summary names the amount and the first date: their rows step aside
        # A row shown again keeps the height its wrapped summary had while hidden: measure it once it shows.
        self._relayout.start()

    def suggest_reason(self, code: str) -> None:
        """An objection said why the customer is behind: pre-select it unless the agent already chose one."""
        index = self.reason.findData(code)
        if index > 0 and self.reason.currentIndex() <= 0:
            self.reason.setCurrentIndex(index)

    def show_language_warning(self, phrases: list[str]) -> None:
        quoted = ", ".join(f"“{phrase}”" for phrase in phrases)
        self.problems.setText(
            self.tr(
                "These words may sound threatening, humiliating or coercive: {phrases}. Please rephrase, "
                "or press Save again to keep them (a supervisor will review them)."
            ).format(phrases=quoted)
        )

    def show_problems(self, messages: list[Message]) -> None:
        self.problems.setText("\n".join(text.render(message) for message in messages))

    def show_saved(self, name: str, next_action: Message, *, again: bool = False) -> None:
        """What the last save scheduled, kept on screen while the next customer opens."""
        self.problems.clear()
        code = "wrapup.saved_again" if again else "wrapup.saved"
        self.result_label.setText(text.render(Message.of(code, name=name, next=next_action)))

    def show_notice(self, message: Message) -> None:
        self.result_label.setText(text.render(message))

    # --- what the draft keeps ---

    @property
    def disposition_code(self) -> str | None:
        return str(self.disposition.currentData() or "") or None

    @property
    def spec(self) -> DispositionSpec | None:
        code = self.disposition_code
        return self._catalog.get(code) if code else None

    def fields(self) -> dict[str, Any]:
        spec = self.spec
        values: dict[str, Any] = {"reason": self.reason.currentData() or "", "notes": self.notes.toPlainText()}
        if spec is not None and spec.needs_promise:
            day = self.promise_date.date()
            values.update(
                promise_amount=self.amount.text(),
                promise_channel=self.channel.currentText(),
                promise_date=dt.date(day.year(), day.month(), day.day()).isoformat(),
            )
        if spec is not None and spec.needs_callback_time:
            moment = self.callback.dateTime()
            local = dt.datetime(  # noqa: DTZ001 - a wall-clock time in the customer's zone, stored as typed
                moment.date().year(),
                moment.date().month(),
                moment.date().day(),
                moment.time().hour(),
                moment.time().minute(),
            )
            values["callback_local"] = local.isoformat(timespec="minutes")
        if self._plan is not None and spec is not None and spec.needs_promise:
            values["plan"] = self._plan
            values["plan_summary"] = self.plan_label.text()
        return values

    def _restore(self, fields: dict[str, Any]) -> None:
        self.amount.setText(str(fields.get("promise_amount", "")))
        if fields.get("promise_date"):
            day = dt.date.fromisoformat(str(fields["promise_date"]))
            self.promise_date.setDate(QDate(day.year, day.month, day.day))
        if fields.get("promise_channel"):
            self.channel.setCurrentText(str(fields["promise_channel"]))
        if fields.get("callback_local"):
            local = dt.datetime.fromisoformat(str(fields["callback_local"]))
            self.callback.setDateTime(
                QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
            )
        plan = fields.get("plan")
        self._set_plan(dict(plan) if isinstance(plan, dict) else None, str(fields.get("plan_summary") or ""))
        index = self.reason.findData(fields.get("reason") or "")
        self.reason.setCurrentIndex(max(index, 0))
        self.notes.setPlainText(str(fields.get("notes", "")))

    # --- reacting ---

    def _select(self, code: str) -> None:
        index = self.disposition.findData(code)
        self.disposition.setCurrentIndex(max(index, 0))
        self._show_rows(self.spec)

    @Slot(int)
    def _disposition_changed(self, _index: int) -> None:
        self._show_rows(self.spec)
        self._edited()

    def _show_rows(self, spec: DispositionSpec | None) -> None:
        promise = bool(spec and spec.needs_promise)
        callback = bool(spec and spec.needs_callback_time)
        for widget in (self.amount, self.promise_date):
            self.form.setRowVisible(widget, promise and self._plan is None)
        self.form.setRowVisible(self.channel, promise)
        self.form.setRowVisible(self.plan_row, promise and self._plan is not None)
        self.form.setRowVisible(self.callback, callback)
        self.form.setRowVisible(self.callback_zone, callback)
        self.form.setRowVisible(self.reason, bool(spec and spec.right_party_contact))
        self.form.invalidate()
        self._relayout.start()

    @Slot()
    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self.result_label.clear()
            self._autosave.start()

    def add_actions(self, widget: QWidget) -> None:
        """More buttons for the open customer (the outbox's messages), placed just above *Save outcome*."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.save_button), widget)

    def focus_disposition(self) -> None:
        self.disposition.setFocus()
        self.disposition.showPopup()
