"""One call for review: the customer as they stand, what the agent recorded, the compliance decision, the
recording (played only after the service layer allowed it and audited it), the QA scorecards and the QA form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from agent_desk.auth.permissions import AccessDeniedError
from agent_desk.compliance.policy import Policy
from agent_desk.context import AppContext
from agent_desk.qa import calibration, may_review
from agent_desk.review import CallDetail, RecordingError, call_detail, may_listen, open_recording
from agent_desk.scripts import objection_title, stage_title
from ui import text
from ui.background import Background
from ui.panes.profile_timeline import plan_kind_label, plan_status_label
from ui.supervisor.player import RecordingPlayer


class CallDetailPane(QScrollArea):
    scored = Signal(int)

    def __init__(
        self, context: AppContext, background: Background, user: Any, policy: Policy, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("call_detail")
        self.setWidgetResizable(True)
        self.context, self.background, self.user, self.policy = context, background, user, policy
        self.detail: CallDetail | None = None
        body = QWidget()
        self.summary = QLabel(self.tr("Choose an outcome in the list."))
        self.summary.setObjectName("call_summary")
        self.summary.setWordWrap(True)
        self.load_recording = QPushButton(self.tr("Listen to the recording"))
        self.load_recording.setObjectName("listen_button")
        self.recording_message = QLabel()
        self.recording_message.setObjectName("recording_message")
        self.recording_message.setWordWrap(True)
        self.player = RecordingPlayer()
        self.player.setVisible(False)
        self.score_button = QPushButton(self.tr("Score this call…"))
        self.score_button.setObjectName("score_button")
        self.scores = QLabel()
        self.scores.setObjectName("call_scores")
        self.scores.setWordWrap(True)
        layout = QVBoxLayout(body)
        layout.addWidget(self.summary)
        layout.addWidget(self.load_recording)
        layout.addWidget(self.recording_message)
        layout.addWidget(self.player)
        layout.addWidget(self.score_button)
        layout.addWidget(self.scores)
        layout.addStretch(1)
        self.setWidget(body)
        self.load_recording.clicked.connect(self.listen)
        self.score_button.clicked.connect(self.open_qa_form)
        self._set_buttons(False, False)

    def _set_buttons(self, listen: bool, score: bool) -> None:
        self.load_recording.setVisible(listen)
        self.score_button.setVisible(score)

    def show_outcome(self, outcome_id: int) -> None:
        self.player.clear()
        self.player.setVisible(False)
        self.recording_message.clear()
        with self.context.database.session() as session:
            try:
                self.detail = call_detail(session, outcome_id, self.policy, viewer=self.user.id)
            except AccessDeniedError as refused:  # another team's call: the service says no, the pane says why
                self.detail = None
                self.summary.setText(text.render(refused.message))
                self._set_buttons(False, False)
                return
            listen = (
                self.detail is not None and self.detail.has_recording and may_listen(session, self.user.id, outcome_id)
            )
            score = (
                self.detail is not None and self.detail.agent_id != self.user.id and may_review(session, self.user.id)
            )
            agreement = calibration(session, outcome_id)
        if self.detail is None:
            self.summary.setText("")
            self._set_buttons(False, False)
            return
        self.summary.setText(self._describe(self.detail))
        self._set_buttons(listen, score)
        if agreement.scores:
            lines = [f"{who}: {score * 100:.0f} %" for who, score in agreement.scores.items()]
            if len(agreement.scores) > 1:
                lines.append(
                    self.tr("Difference between reviewers: {points} points").format(
                        points=f"{agreement.difference * 100:.0f}"
                    )
                )
                if agreement.disagreements:
                    lines.append(self.tr("They disagree on: {codes}").format(codes=", ".join(agreement.disagreements)))
            self.scores.setText(self.tr("QA scores") + "\n" + "\n".join(lines))
        else:
            self.scores.setText("")

    def _describe(self, d: CallDetail) -> str:
        zone = d.zone or self.policy.zones[0]
        parts = [
            f"<b>{d.customer_name}</b> · {text.local_time(d.saved_at, zone, with_date=True)}",
            self.tr("Agent: {agent}").format(agent=d.agent or "—"),
            self.tr("Disposition: {disposition}").format(disposition=text.label(f"disposition.{d.disposition_code}")),
        ]
        if d.interaction_id is None:
            parts.append(self.tr("✎ Recorded without a call"))
        elif d.manual_reason is not None:
            parts.append(self.tr("✎ Made from another phone, entered by hand: {reason}").format(reason=d.manual_reason))
        elif d.talk_seconds is not None:
            parts.append(
                self.tr("Talk time: {seconds} s · SIP {code}").format(seconds=d.talk_seconds, code=d.sip_code or "—")
            )
        for account in d.accounts[:3]:
            parts.append(
                f"{account.account_number} · {text.label(f'bucket.{account.bucket}')} · "
                f"{text.money(account.outstanding, account.currency)}"
            )
        if d.flags:
            parts.append(self.tr("Flags: {flags}").format(flags=", ".join(text.label(f"flag.{f}") for f in d.flags)))
        if d.script_variant or d.script_stage:
            parts.append(
                self.tr("Script: {variant}, stage reached: {stage}").format(
                    variant=text.label(f"script.variant.{d.script_variant}") if d.script_variant else "—",
                    stage=stage_title(d.script_stage, text.language(), d.script_variant) if d.script_stage else "—",
                )
            )
        if d.objections:
            named = (objection_title(code, text.language()) for code in d.objections)
            parts.append(self.tr("Objections: {list}").format(list=", ".join(named)))
        if d.reason_for_delinquency:
            parts.append(
                self.tr("Reason: {reason}").format(reason=text.label(f"delinquency_reason.{d.reason_for_delinquency}"))
            )
        for promise in d.promises:
            parts.append(
                self.tr("Promise {amount} on {date}: {status}").format(
                    amount=text.money(promise.amount, promise.currency),
                    date=text.date(promise.due_date),
                    status=text.label(f"promise_status.{promise.status}"),
                )
            )
        if d.plan_kind is not None and d.plan_status is not None:
            parts.append(
                self.tr("Plan: {kind}, {status} ({total})").format(
                    kind=plan_kind_label(d.plan_kind),
                    status=plan_status_label(d.plan_status)[0].lower(),
                    total=text.money(d.plan_total) if d.plan_total is not None else "—",
                )
            )
        if d.language_phrases:
            parts.append(self.tr("Flagged wording: {phrases}").format(phrases="; ".join(d.language_phrases)))
        parts.append(text.render(d.compliance))
        if d.notes:
            parts.append(self.tr("Notes: {notes}").format(notes=d.notes))
        return "<br>".join(parts)

    @Slot()
    def listen(self) -> None:
        """Ask the service for the recording (permission check and audit there), then load it in the player."""
        if self.detail is None:
            return
        try:
            recording = open_recording(
                self.context.database, self.user.id, self.detail.outcome_id, self.context.clock.now()
            )
        except RecordingError as error:
            self.recording_message.setText(text.render(error.message))
            return
        self.player.setVisible(True)
        self.player.load(recording.path)
        self.player.play()

    @Slot()
    def open_qa_form(self) -> None:
        if self.detail is None:
            return
        from ui.supervisor.qa_form import QaFormDialog

        dialog = QaFormDialog(self.context, self.user, self.detail.outcome_id, self)
        dialog.setModal(False)
        dialog.saved.connect(lambda: self.show_outcome(self.detail.outcome_id) if self.detail else None)
        dialog.show()
        self.qa_dialog = dialog
