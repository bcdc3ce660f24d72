""" "Test my phone": the same checks as ``agent-desk sip-test``, run on the pane's own engine."""

from __future__ import annotations

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
from ui.softphone.adapter import SoftphoneAdapter

ADVANCE_MS = 20


class PhoneTestDialog(QDialog):
    """Runs a :class:`PhoneTest` step by step (the adapter's timer keeps polling the engine)."""

    def __init__(
        self,
        adapter: SoftphoneAdapter,
        *,
        language: str = "en",
        test_call: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Test my phone"))
        self.adapter = adapter
        self.language = language
        self.test: PhoneTest | None = None
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
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
        plan = PhoneTestPlan(register=self.register_box.isChecked(), call=self.call_edit.text().strip() or None)
        self.report.clear()
        self.test = PhoneTest(self.adapter.engine, plan)
        self.run_button.setEnabled(False)
        self._timer.start()
        self._advance()

    def _show(self, step: Step) -> None:
        mark = {True: "✔", False: "✘", None: "…"}[step.ok]
        self.report.appendPlainText(f"{step.elapsed_ms:8.1f} ms  {mark}  {step.message.render(self.language)}")

    @Slot()
    def _advance(self) -> None:
        if self.test is None:
            return
        for step in self.test.advance():
            self._show(step)
        if self.test.done:
            self._timer.stop()
            self.run_button.setEnabled(True)

    def done(self, result: int) -> None:
        if self.test is not None:
            self.test.cancel()
        self._timer.stop()
        super().done(result)
