"""The phone folded for a short column (a plan in the wrap-up at 1366×768): the microphone and speaker pickers
behind a toggle, the rows a little closer together and the state box flatter, Hold and Mute still in sight."""

from __future__ import annotations

from PySide6.QtCore import QMargins
from PySide6.QtWidgets import QFrame, QLayout, QPushButton, QStyle, QWidget

FLAT_STATUS = QMargins(9, 2, 9, 2)


def headset_toggle(pickers: QWidget, name: str, style: str) -> QPushButton:
    """The small button that shows the folded ``pickers`` (hidden while the phone is not folded)."""
    toggle = QPushButton(pickers.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume), "")
    toggle.setToolTip(name)
    toggle.setAccessibleName(name)
    toggle.setCheckable(True)
    toggle.setStyleSheet(style)
    toggle.toggled.connect(pickers.setVisible)
    toggle.setVisible(False)
    return toggle


def fold(pane: QWidget, toggle: QPushButton, pickers: QWidget, status: QFrame, on: bool) -> None:
    """Fold (``on``) or unfold ``pane``; ``toggle`` shows ``pickers`` while folded. The pane's size hint is the
    new one on return (the workspace measures it at once)."""
    toggle.setChecked(False)
    toggle.setVisible(on)
    pickers.setVisible(not on)
    layout = pane.layout()
    status_layout = status.layout()
    if not isinstance(layout, QLayout) or not isinstance(status_layout, QLayout):
        return
    layout.setSpacing(3 if on else 6)
    layout.setContentsMargins(8, 4 if on else 8, 8, 4 if on else 8)
    unfolded = status.property("unfolded_margins")
    if unfolded is None:
        status.setProperty("unfolded_margins", status_layout.contentsMargins())
        unfolded = status_layout.contentsMargins()
    status_layout.setContentsMargins(FLAT_STATUS if on else unfolded)
    status_layout.activate()
    status.updateGeometry()  # the parent's cached size of the box is dropped now, not at the next event
    layout.activate()
