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


def _tr(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


def loop_shortcuts() -> tuple[Shortcut, ...]:
    """The call loop's keys, in the order an agent uses them."""
    return (
        Shortcut("next", "Ctrl+Return", _tr("Next customer (lease and open the top of the queue)")),
        Shortcut("dial", "Ctrl+D", _tr("Dial the selected number")),
        Shortcut("hang_up", "Ctrl+E", _tr("Hang up")),
        Shortcut("hold", "Ctrl+Shift+H", _tr("Hold / resume")),
        Shortcut("mute", "Ctrl+Shift+M", _tr("Mute / unmute")),
        Shortcut("disposition", "Ctrl+Shift+D", _tr("Choose the disposition")),
        Shortcut("save", "Ctrl+S", _tr("Save the outcome (and open the next customer)")),
        Shortcut("skip", "Ctrl+K", _tr("Skip this customer (with a reason)")),
        Shortcut("break", "Ctrl+B", _tr("Take a break / back to ready")),
        Shortcut("search", "Ctrl+F", _tr("Search the queue")),
        Shortcut("script_next", "Alt+Right", _tr("Next script stage")),
        Shortcut("script_back", "Alt+Left", _tr("Previous script stage")),
        Shortcut("objections", "Ctrl+O", _tr("Objection replies")),
        Shortcut("help", "F1", _tr("Show these shortcuts")),
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
