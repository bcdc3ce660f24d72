"""The customer's call bar: who and which number the loop will dial, and the Dial / Hang up buttons — Dial is
off, with the reason in words, whenever the compliance check says the call may not be made now."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agent_desk.text import Message
from ui import text
from ui.panes.profile_header import ElidedLabel


class CallBar(QFrame):
    dial_requested = Signal()
    hang_up_requested = Signal()
    manual_call_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_bar")
        self.target = ElidedLabel()
        self.target.set_full_text(self.tr("No customer open"))
        self.target.setObjectName("call_target")
        self.blocked = QLabel()
        self.blocked.setObjectName("call_blocked")
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("color: #b45309;")
        self.blocked.setVisible(False)  # takes its row only with something to say
        self.dial_button = QPushButton(self.tr("Dial"))
        self.dial_button.setObjectName("primary")
        self.hang_up_button = QPushButton(self.tr("Hang up"))
        self.manual_button = QPushButton(self.tr("Manual call…"))
        self.manual_button.setObjectName("manual_call_button")
        self.manual_button.setToolTip(
            self.tr("Record a call you made outside the softphone, with the number, the time and why (Ctrl+L)")
        )
        self.dial_button.setToolTip(self.tr("Dial (Ctrl+D)"))
        self.hang_up_button.setToolTip(self.tr("Hang up (Ctrl+E)"))
        self.dial_button.setEnabled(False)
        self.hang_up_button.setEnabled(False)
        self.manual_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dial_button, 2)
        buttons.addWidget(self.hang_up_button, 2)
        buttons.addWidget(self.manual_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.target)
        layout.addLayout(buttons)
        layout.addWidget(self.blocked)
        self.dial_button.clicked.connect(self.dial_requested)
        self.hang_up_button.clicked.connect(self.hang_up_requested)
        self.manual_button.clicked.connect(self.manual_call_requested)

    def show_target(
        self,
        name: str | None,
        number: str | None,
        *,
        allowed: bool,
        reasons: tuple[Message, ...] = (),
        in_call: bool = False,
        can_record: bool = False,
    ) -> None:
        if name is None:
            self.target.set_full_text(self.tr("No customer open"))
        elif number is None:
            self.target.set_full_text(self.tr("{name} · no dialable number").format(name=name))
        else:
            self.target.set_full_text(f"{name} · {number}")
        can_dial = allowed and number is not None and not in_call
        self.dial_button.setEnabled(can_dial)
        self.hang_up_button.setEnabled(in_call)
        why = "; ".join(text.render(reason) for reason in reasons)
        self.blocked.setText("" if allowed or in_call else why)
        self.blocked.setVisible(bool(self.blocked.text()))
        self.dial_button.setToolTip(why if not allowed else self.tr("Dial (Ctrl+D)"))
        self.manual_button.setEnabled(name is not None and can_record)
