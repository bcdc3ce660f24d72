"""Every step of the call loop has a key. One table, used by the workspace and by the F1 help."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence


@dataclasses.dataclass(frozen=True)
class Shortcut:
    name: str
    keys: str  # QKeySequence portable text
    title: str

    def sequence(self) -> QKeySequence:
        return QKeySequence(self.keys)


def loop_shortcuts() -> tuple[Shortcut, ...]:
    """The call loop's keys, in the order an agent uses them."""
    return (
        Shortcut(
            "next",
            "Ctrl+Return",
            QCoreApplication.translate("Shortcuts", "Next customer (lease and open the top of the queue)"),
        ),
        Shortcut("dial", "Ctrl+D", QCoreApplication.translate("Shortcuts", "Dial the selected number")),
        Shortcut("hang_up", "Ctrl+E", QCoreApplication.translate("Shortcuts", "Hang up")),
        Shortcut("hold", "Ctrl+Shift+H", QCoreApplication.translate("Shortcuts", "Hold / resume")),
        Shortcut("mute", "Ctrl+Shift+M", QCoreApplication.translate("Shortcuts", "Mute / unmute")),
        Shortcut("disposition", "Ctrl+Shift+D", QCoreApplication.translate("Shortcuts", "Choose the disposition")),
        Shortcut(
            "save", "Ctrl+S", QCoreApplication.translate("Shortcuts", "Save the outcome (and open the next customer)")
        ),
        Shortcut("skip", "Ctrl+K", QCoreApplication.translate("Shortcuts", "Skip this customer (with a reason)")),
        Shortcut("break", "Ctrl+B", QCoreApplication.translate("Shortcuts", "Take a break / back to ready")),
        Shortcut("search", "Ctrl+F", QCoreApplication.translate("Shortcuts", "Search the queue")),
        Shortcut("script_next", "Alt+Right", QCoreApplication.translate("Shortcuts", "Next script stage")),
        Shortcut("script_back", "Alt+Left", QCoreApplication.translate("Shortcuts", "Previous script stage")),
        Shortcut("objections", "Ctrl+O", QCoreApplication.translate("Shortcuts", "Objection replies")),
        Shortcut("help", "F1", QCoreApplication.translate("Shortcuts", "Show these shortcuts")),
    )


def shortcut(name: str) -> Shortcut:
    return next(s for s in loop_shortcuts() if s.name == name)


def help_html() -> str:
    rows = "".join(
        f"<tr><td style='padding:2px 16px 2px 0'><b>{s.sequence().toString(QKeySequence.SequenceFormat.NativeText)}"
        f"</b></td><td>{s.title}</td></tr>"
        for s in loop_shortcuts()
    )
    return f"<table>{rows}</table>"
