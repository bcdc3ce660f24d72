"""The customer's call bar: who and which number the loop will dial, and the Dial / Hang up buttons — Dial is
off, with the reason in words, whenever the compliance check says the call may not be made now."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agent_desk.text import Message
from ui import text


class CallBar(QFrame):
    dial_requested = Signal()
    hang_up_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_bar")
        self.target = QLabel(self.tr("No customer open"))
        self.target.setObjectName("call_target")
        self.blocked = QLabel()
        self.blocked.setObjectName("call_blocked")
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("color: #b45309;")
        self.dial_button = QPushButton(self.tr("Dial"))
        self.dial_button.setObjectName("primary")
        self.hang_up_button = QPushButton(self.tr("Hang up"))
        self.dial_button.setEnabled(False)
        self.hang_up_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dial_button, 1)
        buttons.addWidget(self.hang_up_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.target)
        layout.addLayout(buttons)
        layout.addWidget(self.blocked)
        self.dial_button.clicked.connect(self.dial_requested)
        self.hang_up_button.clicked.connect(self.hang_up_requested)

    def show_target(
        self,
        name: str | None,
        number: str | None,
        *,
        allowed: bool,
        reasons: tuple[Message, ...] = (),
        in_call: bool = False,
    ) -> None:
        if name is None:
            self.target.setText(self.tr("No customer open"))
        elif number is None:
            self.target.setText(self.tr("{name} · no dialable number").format(name=name))
        else:
            self.target.setText(f"{name} · {number}")
        can_dial = allowed and number is not None and not in_call
        self.dial_button.setEnabled(can_dial)
        self.hang_up_button.setEnabled(in_call)
        why = "; ".join(text.render(reason) for reason in reasons)
        self.blocked.setText("" if allowed or in_call else why)
        self.dial_button.setToolTip(why if not allowed else "")
