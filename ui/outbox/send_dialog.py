"""The wrap-up's *Send payment details* / *Send plan summary*: a preview in the customer's language, the channel
chosen from the customer's verified contact points, and the send.

Everything that reads the database runs on the background pool; the dialog only shows. The text can be edited
(the language guard reads an edited text before it goes, and refuses flagged wording).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.outbox import DeskChoice, DeskError, DeskPreview, desk_choices, preview_message, send_from_desk
from agent_desk.portfolio import UserSummary
from db.models import Channel
from ui import text
from ui.background import Background
from ui.outbox.words import capital

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


class SendMessageDialog(QDialog):
    """One message to one customer. ``sent`` carries the :class:`~agent_desk.outbox.DeskResult`."""

    sent = Signal(object)

    def __init__(
        self,
        context: AppContext,
        user: UserSummary,
        background: Background,
        *,
        customer_id: int,
        customer_name: str,
        template: str,
        prepare: Callable[[], dict[str, Any]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``prepare`` (run in the background) gives what the message is about (the plan of a plan summary);
        a :class:`DeskError` from it is shown instead of a preview."""
        super().__init__(parent)
        self.setObjectName("send_message_dialog")
        self.context, self.user, self.background = context, user, background
        self.customer_id, self.template = customer_id, template
        self.message_context: dict[str, Any] | None = None
        self.preview: DeskPreview | None = None
        self.choices: list[DeskChoice] = []
        title = self.tr("Send payment details") if template == "payment_details" else self.tr("Send plan summary")
        self.setWindowTitle(f"{title} — {customer_name}")
        self.setMinimumWidth(560)
        heading = QLabel(f"{title}: {customer_name}")
        heading.setObjectName("pane_title")
        self.channel = QComboBox()
        self.channel.setObjectName("message_channel")
        self.language = QLabel()
        self.subject = QLineEdit()
        self.subject.setObjectName("message_subject")
        self.subject.setReadOnly(True)
        self.body = QPlainTextEdit()
        self.body.setObjectName("message_body")
        self.body.setReadOnly(True)
        self.body.setMinimumHeight(240)
        self.edit = QCheckBox(self.tr("Edit the text before sending"))
        self.notes = QLabel()
        self.notes.setObjectName("message_notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #b45309;")
        self.problems = QLabel()
        self.problems.setObjectName("message_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b91c1c;")
        self.notes.hide()
        self.problems.hide()
        buttons = QDialogButtonBox()
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("primary")
        self.send_button.setEnabled(False)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = QPushButton(self.tr("Cancel"))
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        self.form = form = QFormLayout()
        form.addRow(self.tr("Send by"), self.channel)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Subject"), self.subject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.edit)
        layout.addWidget(self.notes)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.edit.toggled.connect(self._editable)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self._show_subject(False)
        self.channel.addItem(self.tr("Looking for the customer's verified contact points…"), None)
        self.channel.setEnabled(False)
        context_, customer = self.context, customer_id

        def load() -> tuple[dict[str, Any] | None, list[DeskChoice]]:
            about = prepare() if prepare is not None else None
            return about, desk_choices(context_.database, context_.clock, customer)

        self.background.run(load, self._loaded, self._failed, owner=self)

    # --- loading ---

    def _loaded(self, loaded: tuple[dict[str, Any] | None, list[DeskChoice]]) -> None:
        self.message_context, choices = loaded
        self.choices = choices
        self.channel.blockSignals(True)
        self.channel.clear()
        for choice in choices:
            self.channel.addItem(
                f"{capital(text.label(f'outbox.channel.{choice.channel.value}'))} — {text.render(choice.point)}",
                choice.contact_point_id,
            )
        self.channel.blockSignals(False)
        if not choices:
            self.channel.addItem(self.tr("No verified contact point can receive messages"), None)
            self._say(
                self.problems,
                self.tr(
                    "The customer has no verified mobile number, WhatsApp or e-mail address on a channel that is "
                    "set up (or has asked for no messages). Confirm a number on the call first."
                ),
            )
            return
        self.channel.setEnabled(True)
        self.channel.setCurrentIndex(0)
        self._channel_changed(0)

    @Slot(int)
    def _channel_changed(self, index: int) -> None:
        if not 0 <= index < len(self.choices):
            return
        choice = self.choices[index]
        self.send_button.setEnabled(False)
        self._say(self.problems, "")
        self._say(self.notes, self.tr("Preparing the preview…"))
        context, user_id, customer, template, extra = (
            self.context,
            self.user.id,
            self.customer_id,
            self.template,
            self.message_context,
        )
        self.background.run(
            lambda: preview_message(
                context.database,
                context.clock,
                customer_id=customer,
                template=template,
                choice=choice,
                user_id=user_id,
                context=extra,
            ),
            self._previewed,
            self._failed,
            owner=self,
        )

    def _previewed(self, preview: DeskPreview) -> None:
        if self.choices and preview.choice != self.choices[self.channel.currentIndex()]:
            return  # an older preview, for a channel no longer chosen
        self.preview = preview
        self._show_subject(preview.choice.channel is Channel.EMAIL)
        self.subject.setText(preview.subject or "")
        self.body.setPlainText(preview.body)
        self.language.setText(LANGUAGE_NAMES.get(preview.language, preview.language))
        self._say(self.notes, "\n".join(text.render(note) for note in preview.notes))
        if preview.blocked:
            self._say(self.problems, self.tr("This message cannot be sent to this customer on this channel."))
        self.send_button.setEnabled(not preview.blocked)

    def _say(self, label: QLabel, words: str) -> None:
        """A note or a problem, shown only when there is one (empty labels would leave gaps)."""
        label.setText(words)
        label.setVisible(bool(words))

    def _show_subject(self, visible: bool) -> None:
        self.form.setRowVisible(self.subject, visible)  # e-mail only

    @Slot(bool)
    def _editable(self, on: bool) -> None:
        self.body.setReadOnly(not on)
        self.subject.setReadOnly(not on)
        if on:
            self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- sending ---

    @Slot()
    def send(self) -> None:
        preview = self.preview
        if preview is None:
            return
        self.send_button.setEnabled(False)
        self._say(self.problems, "")
        self._say(self.notes, self.tr("Sending…"))
        context, user_id, customer = self.context, self.user.id, self.customer_id
        body = self.body.toPlainText()
        subject = self.subject.text() if preview.subject is not None else None
        self.background.run(
            lambda: send_from_desk(
                context.database,
                context.clock,
                context.credentials,
                customer_id=customer,
                user_id=user_id,
                preview=preview,
                body=body,
                subject=subject,
            ),
            self._sent,
            self._failed,
            owner=self,
        )

    def _sent(self, result: Any) -> None:
        self.sent.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._say(self.notes, "")
        if isinstance(error, DeskError):
            self._say(self.problems, "\n".join(text.render(message) for message in error.messages))
        else:
            self._say(self.problems, self.tr("Something went wrong: {error}").format(error=type(error).__name__))
        self.send_button.setEnabled(self.preview is not None and not self.preview.blocked)
