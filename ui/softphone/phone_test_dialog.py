""" "Test my phone": the headset, then the same checks as ``agent-desk sip-test``, run on the pane's own engine.

The verdict is the dialog's own: every check that ran passed, and at least the headset and one SIP check ran. A
missing microphone or speaker, or a phone with no SIP account and no test number, is never "all passed".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.softphone.diagnostics import PhoneTest, PhoneTestPlan, Step
from agent_desk.text import Message
from ui.softphone.adapter import SoftphoneAdapter
from ui.softphone.audio import DeviceChoice, input_devices, output_devices

ADVANCE_MS = 20
DeviceList = Callable[[], list[DeviceChoice]]


class PhoneTestDialog(QDialog):
    """Checks the headset, then runs a :class:`PhoneTest` step by step (the adapter's timer keeps polling)."""

    def __init__(
        self,
        adapter: SoftphoneAdapter,
        *,
        language: str = "en",
        test_call: str = "",
        microphones: DeviceList = input_devices,
        speakers: DeviceList = output_devices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("phone_test_dialog")
        self.setWindowTitle(self.tr("Test my phone"))
        self.adapter = adapter
        self.language = language
        self._microphones = microphones
        self._speakers = speakers
        self.test: PhoneTest | None = None
        self.passed: bool | None = None  # the verdict of the last run (None: none finished yet)
        self._failures = 0
        layout = QVBoxLayout(self)
        form = QFormLayout()
        account = adapter.engine.account
        self.register_box = QCheckBox(self.tr("Register with my SIP account"))
        self.register_box.setChecked(bool(account and account.registrar))
        self.register_box.setEnabled(bool(account and account.registrar))
        form.addRow(self.register_box)
        self.call_edit = QLineEdit(test_call)
        self.call_edit.setPlaceholderText(self.tr("Number or sip: address for a test call (optional)"))
        form.addRow(self.tr("Test call"), self.call_edit)
        layout.addLayout(form)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMinimumSize(460, 200)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button = QPushButton(self.tr("Run test"))
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.run_button.clicked.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(ADVANCE_MS)
        self._timer.timeout.connect(self._advance)

    @Slot()
    def run(self) -> None:
        if self.test is not None and not self.test.done:
            return
        self.report.clear()
        self.passed = None
        self._failures = 0
        self._check_headset()
        plan = PhoneTestPlan(register=self.register_box.isChecked(), call=self.call_edit.text().strip() or None)
        self.test = PhoneTest(self.adapter.engine, plan)
        self.run_button.setEnabled(False)
        self._timer.start()
        self._advance()

    def _check_headset(self) -> None:
        microphones, speakers = self._microphones(), self._speakers()
        microphone = next((d for d in microphones if d.is_default), microphones[0] if microphones else None)
        speaker = next((d for d in speakers if d.is_default), speakers[0] if speakers else None)
        for device, found, missing in (
            (microphone, "softphone.test_microphone", "softphone.test_no_microphone"),
            (speaker, "softphone.test_speaker", "softphone.test_no_speaker"),
        ):
            if device is None:
                self._show(Step(0.0, Message.of(missing), False))
            else:
                self._show(Step(0.0, Message.of(found, device=device.description), True))

    def _show(self, step: Step) -> None:
        if step.ok is False:
            self._failures += 1
        mark = {True: "✔", False: "✘", None: "…"}[step.ok]
        self.report.appendPlainText(f"{step.elapsed_ms:8.1f} ms  {mark}  {step.message.render(self.language)}")

    @Slot()
    def _advance(self) -> None:
        if self.test is None:
            return
        for step in self.test.advance():
            if step.message.code != "softphone.test_passed":  # the verdict below covers the headset too
                self._show(step)
        if self.test.done:
            self._timer.stop()
            self.run_button.setEnabled(True)
            self.passed = self.test.passed and self._failures == 0
            verdict = (
                Message.of("softphone.test_passed")
                if self.passed
                else Message.of("softphone.test_not_ready", problems=max(self._failures, 1))
            )
            self._show(Step(self.test.steps[-1].elapsed_ms if self.test.steps else 0.0, verdict, self.passed))

    def done(self, result: int) -> None:
        if self.test is not None:
            self.test.cancel()
        self._timer.stop()
        super().done(result)
