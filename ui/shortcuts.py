"""Every step of the call loop has a key. One table for the workspace's keys; F1 lists the keys of the window it is
pressed in (whatever the role), read from the window's own actions and shortcuts, so it never forgets one."""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


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
        Shortcut(
            "manual_call", "Ctrl+L", QCoreApplication.translate("Shortcuts", "Record a call made outside the softphone")
        ),
        Shortcut("hold", "Ctrl+Shift+H", QCoreApplication.translate("Shortcuts", "Hold / resume")),
        Shortcut("mute", "Ctrl+Shift+M", QCoreApplication.translate("Shortcuts", "Mute / unmute")),
        Shortcut("right_party", "Ctrl+R", QCoreApplication.translate("Shortcuts", "Right person confirmed")),
        Shortcut("someone_else", "Ctrl+T", QCoreApplication.translate("Shortcuts", "Someone else answered")),
        Shortcut("script_next", "Alt+Right", QCoreApplication.translate("Shortcuts", "Next script stage")),
        Shortcut("script_back", "Alt+Left", QCoreApplication.translate("Shortcuts", "Previous script stage")),
        Shortcut("objections", "Ctrl+O", QCoreApplication.translate("Shortcuts", "Objection replies")),
        Shortcut("plan", "Ctrl+P", QCoreApplication.translate("Shortcuts", "Plan calculator")),
        Shortcut("use_plan", "Ctrl+U", QCoreApplication.translate("Shortcuts", "Use the plan in the wrap-up")),
        Shortcut(
            "remove_plan", "Ctrl+Shift+U", QCoreApplication.translate("Shortcuts", "Remove the plan from the wrap-up")
        ),
        Shortcut("disposition", "Ctrl+Shift+D", QCoreApplication.translate("Shortcuts", "Choose the disposition")),
        Shortcut(
            "save", "Ctrl+S", QCoreApplication.translate("Shortcuts", "Save the outcome (and open the next customer)")
        ),
        Shortcut("skip", "Ctrl+K", QCoreApplication.translate("Shortcuts", "Skip this customer (with a reason)")),
        Shortcut("break", "Ctrl+B", QCoreApplication.translate("Shortcuts", "Take a break / back to ready")),
        Shortcut("search", "Ctrl+F", QCoreApplication.translate("Shortcuts", "Search the queue")),
    )


def shortcut(name: str) -> Shortcut:
    return next(s for s in loop_shortcuts() if s.name == name)


def _title(text: str) -> str:
    return re.sub(r"&(?!&)", "", text).replace("…", "").strip()


def window_keys(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every action and shortcut of ``window`` that has a key, in the order found."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    native = QKeySequence.SequenceFormat.NativeText
    # The window's own keys (the call loop, in the order an agent uses them) first, then menus and panes.
    ordered = list(window.actions())
    ordered += [action for action in window.findChildren(QAction) if action not in ordered]
    for action in ordered:
        title = _title(str(action.property("help_title") or action.text()))
        for sequence in action.shortcuts():
            keys = sequence.toString(native)
            if keys and keys not in seen and title:
                seen.add(keys)
                rows.append((keys, title))
    for key in window.findChildren(QShortcut):
        keys, title = key.key().toString(native), _title(key.whatsThis())
        if keys and keys not in seen and title:
            seen.add(keys)
            rows.append((keys, title))
    return rows


class ShortcutsDialog(QDialog):
    """F1: the keys of this window, as a table that scrolls on a small screen."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        intro = QLabel(self.tr("Every key of this window. Most work wherever the focus is."))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcuts_table")
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        for row, (keys, title) in enumerate(rows):
            key_item = QTableWidgetItem(keys)
            key_item.setData(Qt.ItemDataRole.FontRole, _bold(self.table))
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(title))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, min(640, 120 + 30 * len(rows)))

    def keys(self) -> list[str]:
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]


def _bold(table: QTableWidget) -> object:
    font = table.font()
    font.setBold(True)
    return font
