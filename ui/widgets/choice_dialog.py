"""A small question with a list of answers (why skip, why a break) or a line of text (why reject): the desk's own
dialog, so its buttons speak the interface language and it is checked like every other dialog."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class ChoiceDialog(QDialog):
    """Choose one of ``choices`` (code, label) — or, with no choices, type an answer (``needs_text``)."""

    def __init__(
        self,
        title: str,
        prompt: str,
        choices: Sequence[tuple[str, str]] = (),
        *,
        ok_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("choice_dialog")
        self.setWindowTitle(title)
        question = QLabel(prompt)
        question.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("choice_list")
        # A long answer shortens with "…" and is whole in its tooltip, rather than scrolling sideways.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for code, label in choices:
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, code)
            item.setToolTip(label)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setVisible(bool(choices))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.answer = QLineEdit()
        self.answer.setObjectName("choice_text")
        self.answer.setVisible(not choices)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok_text or self.tr("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("primary")
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.answer)
        layout.addWidget(buttons)
        self.setMinimumWidth(420 if max((len(label) for _code, label in choices), default=0) < 50 else 620)
        (self.list if choices else self.answer).setFocus()

    @property
    def code(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(CODE_ROLE)) if item is not None else None

    @property
    def text_answer(self) -> str:
        return self.answer.text().strip()

    @Slot()
    def accept(self) -> None:
        if self.answer.isVisible() and not self.text_answer:
            self.answer.setFocus()
            return
        super().accept()
