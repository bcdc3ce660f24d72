"""The QA form: built from a form in ``resources/qa/``; a supervisor fills it while listening (non-modal)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.qa import ANSWERS, QaError, compute_score, load_form, score_call
from ui import text


class QaFormDialog(QDialog):
    saved = Signal()

    def __init__(
        self,
        context: AppContext,
        user: Any,
        outcome_id: int,
        parent: QWidget | None = None,
        form_code: str = "collection_call",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("qa_form")
        self.context, self.user, self.outcome_id = context, user, outcome_id
        self.form = load_form(form_code)
        language = text.language()
        self.setWindowTitle(self.tr("QA scorecard — {form}").format(form=self.form.title.get(language, self.form.code)))
        self.answers: dict[str, QButtonGroup] = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        labels = {"yes": self.tr("Yes"), "no": self.tr("No"), "na": self.tr("n/a")}
        for section in self.form.sections:
            box = QGroupBox(section.title.get(language, section.code))
            grid = QGridLayout(box)
            for row, checkpoint in enumerate(section.checkpoints):
                caption = QLabel(f"{checkpoint.text.get(language, checkpoint.code)} ({checkpoint.points})")
                caption.setWordWrap(True)
                grid.addWidget(caption, row, 0)
                group = QButtonGroup(self)
                for column, answer in enumerate(ANSWERS, start=1):
                    button = QRadioButton(labels[answer])
                    button.setObjectName(f"qa_{checkpoint.code}_{answer}")
                    button.setProperty("answer", answer)
                    group.addButton(button)
                    grid.addWidget(button, row, column)
                group.buttonClicked.connect(self._update)
                self.answers[checkpoint.code] = group
            grid.setColumnStretch(0, 1)
            layout.addWidget(box)
        fails = QGroupBox(self.tr("Instant fail (any one makes the score 0)"))
        fail_layout = QVBoxLayout(fails)
        self.fails: dict[str, QCheckBox] = {}
        for item in self.form.instant_fail:
            check = QCheckBox(item.text.get(language, item.code))
            check.setObjectName(f"qa_fail_{item.code}")
            check.toggled.connect(self._update)
            fail_layout.addWidget(check)
            self.fails[item.code] = check
        layout.addWidget(fails)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("Comment for the agent"))
        self.comment.setMaximumHeight(70)
        layout.addWidget(self.comment)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.score_label = QLabel()
        self.score_label.setObjectName("qa_score")
        self.error = QLabel()
        self.error.setObjectName("qa_error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.score_label)
        outer.addWidget(self.error)
        outer.addWidget(buttons)
        self.resize(720, 640)
        self._update()

    def chosen(self) -> dict[str, str]:
        out = {}
        for code, group in self.answers.items():
            button = group.checkedButton()
            if button is not None:
                out[code] = str(button.property("answer"))
        return out

    def failed(self) -> set[str]:
        return {code for code, box in self.fails.items() if box.isChecked()}

    @Slot()
    def _update(self, *_: Any) -> None:
        answers = self.chosen()
        missing = len(self.form.checkpoints) - len(answers)
        if missing:
            self.score_label.setText(self.tr("{count} checkpoints still to answer").format(count=missing))
            return
        score, failed = compute_score(self.form, answers, self.failed())
        self.score_label.setText(
            self.tr("Score: {score} %").format(score=f"{score * 100:.0f}")
            + (self.tr(" — instant fail") if failed else "")
        )

    @Slot()
    def save(self) -> None:
        try:
            with self.context.database.transaction(write=True) as session:
                score_call(
                    session,
                    self.user.id,
                    self.outcome_id,
                    self.form.code,
                    self.chosen(),
                    self.failed(),
                    self.comment.toPlainText(),
                    self.context.clock.now(),
                )
        except QaError as error:
            self.error.setText(text.render(error.message))
            return
        self.saved.emit()
        self.accept()
