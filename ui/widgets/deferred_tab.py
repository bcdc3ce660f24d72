"""A tab whose view is built the first time it is shown (or asked for), not when the window is made.

The agent's *Practice* and *My scorecards* tabs pull in the practice engine, the QA rules and their queries; an
agent starts on the workspace, so they wait until their tab is opened and the desk paints sooner.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class DeferredTab(QWidget):
    """A tab page that builds its view on first show; :meth:`view` builds it at once when code needs it.

    ``build`` must not hold the window (a bound method of it would keep a closed window alive through this page):
    connect to :attr:`built` to wire the view to the window.
    """

    built = Signal(QWidget)

    def __init__(self, build: Callable[[], QWidget], tabs: QTabWidget, title: str) -> None:
        super().__init__()
        self._build = build
        self._built: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._tabs = tabs
        tabs.addTab(self, title)
        tabs.currentChanged.connect(self._current_changed)

    def view(self) -> QWidget:
        if self._built is None:
            self._built = self._build()
            self._layout.addWidget(self._built)
            self._tabs.currentChanged.disconnect(self._current_changed)
            self.built.emit(self._built)
        return self._built

    @Slot(int)
    def _current_changed(self, index: int) -> None:
        if self._tabs.widget(index) is self:
            self.view()
